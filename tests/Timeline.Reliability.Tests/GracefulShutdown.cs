namespace Timeline.Reliability.Tests;

/// <summary>
/// SIGTERM, as a container runtime sends it: requests already in flight are answered, live streams end at
/// once instead of holding the shutdown, the process exits cleanly, and what it committed is delivered. The node
/// has a group-commit writer per write in flight, so each write sent alone is a transaction of its own: a session
/// waiting on the saga's lock, which the test can see.
/// </summary>
public sealed class GracefulShutdown(ITestOutputHelper output) : NodesOnOneDatabase(1, "shutdown", ("Timeline__GroupCommit__Writers", "5"))
{
    private ServiceNode Node => Nodes[0];

    [Fact]
    public async Task sigterm_drains_in_flight_writes_ends_live_streams_and_delivers_after_restart()
    {
        const int inFlight = 5;
        await Node.PutSagaAsync("drain-konate", "Ibrahima Konaté");
        await using var receiver = await WebhookReceiver.StartAsync();
        await Node.SendAsync(HttpMethod.Post, "/api/subscriptions", new { url = receiver.Url, sagas = new[] { "drain-konate" } }, HttpStatusCode.Created);
        await using var stream = await SseStream.OpenAsync(Node.Http, "/api/sagas/drain-konate/live");
        (await stream.NextAsync(TimeSpan.FromSeconds(30))).Json.GetProperty("version").GetInt64().ShouldBe(1);

        // Hold the saga's stream row so that the writes below are in flight, waiting on it, when SIGTERM comes.
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand($"select 1 from {Schema}.mt_streams where id = 'drain-konate' for update", connection, transaction))
        {
            await hold.ExecuteScalarAsync();
        }

        var clients = Enumerable.Range(0, inFlight).Select(_ => Client(Node, ServiceNode.Key)).ToList();
        var writes = new List<Task<(HttpStatusCode Status, JsonElement Body)>>();
        foreach (var (client, i) in clients.Select((client, i) => (client, i)))
        {
            writes.Add(PostJsonAsync(client, "/api/reports",
                Report($"drain-{i}", $"2025-11-2{i}T09:00:00Z", Interest("drain-konate", $"Club {i}", "interested"))));
            await EventuallyAsync(async () => await WaitingOnTheLockAsync() > i, TimeSpan.FromSeconds(30), $"write {i + 1} waits on the lock");
        }

        var clock = Stopwatch.StartNew();
        await Node.Process.TerminateAsync();

        // The live stream ends while the writes are still held: it does not keep the node up.
        var ended = await StreamEndsAsync(stream, TimeSpan.FromSeconds(15));
        var streamEnded = clock.Elapsed;
        ended.ShouldBeTrue("the stream ends cleanly on shutdown");
        writes.ShouldAllBe(w => !w.IsCompleted, "the writes are still waiting on the lock");
        Node.Process.HasExited.ShouldBeFalse("in-flight requests hold the shutdown");

        await Task.Delay(TimeSpan.FromSeconds(2));
        await transaction.RollbackAsync();
        await transaction.DisposeAsync();
        var answers = await Task.WhenAll(writes);
        var drained = clock.Elapsed;
        answers.ShouldAllBe(a => a.Status == HttpStatusCode.Created, string.Join(", ", answers.Select(a => a.Status)));
        (await Node.Process.WaitForExitAsync(TimeSpan.FromSeconds(45))).ShouldBe(0, Node.Process.Output);
        var exited = clock.Elapsed;
        clients.ForEach(c => c.Dispose());

        (await ScalarAsync<long>(Database, $"select count(*) from {Schema}.mt_events where stream_id = 'drain-konate' and type = 'interest_reported'"))
            .ShouldBe(inFlight, "each drained write is stored");

        // Whatever the node had not delivered when it stopped is delivered by the next one, once.
        await Node.RestartAsync();
        var delivered = await receiver.WaitForAsync(inFlight, TimeSpan.FromSeconds(90));
        await Task.Delay(TimeSpan.FromSeconds(2));
        receiver.Accepted.Count.ShouldBe(inFlight, "each change once");
        delivered.Select(d => d.Json.GetProperty("version").GetInt64()).Order().ShouldBe([2, 3, 4, 5, 6]);

        Figures.Record(output, "graceful shutdown", $"SIGTERM with {inFlight} writes in flight and an SSE stream open: stream ended after {streamEnded.TotalSeconds:0.0} s, the {inFlight} writes answered 201 once released (at {drained.TotalSeconds:0.0} s), exit code 0 after {exited.TotalSeconds:0.0} s; all {inFlight} changes delivered once after the restart");
    }

    /// <summary>Whether the server ends the stream (rather than the wait running out) within <paramref name="within"/>.</summary>
    private static async Task<bool> StreamEndsAsync(SseStream stream, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < within)
        {
            try
            {
                await stream.NextAsync(within - clock.Elapsed, comments: true);
            }
            catch (EndOfStreamException)
            {
                return true;
            }
            catch (TimeoutException)
            {
                return false;
            }
        }

        return false;
    }

    private Task<long> WaitingOnTheLockAsync() => ScalarAsync<long>(Database,
        "select count(*) from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()");
}
