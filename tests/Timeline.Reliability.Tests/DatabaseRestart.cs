using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Timeline.Api.Infrastructure.LocalPostgres;
using static Timeline.Reliability.Tests.ClientLoad;

namespace Timeline.Reliability.Tests;

/// <summary>A cluster of this class's own, to stop and start again, and an impatient node on it.</summary>
public sealed class OwnPostgres() : OwnCluster("restart")
{
    /// <summary>Stops the server as an operator or a failover would (<c>pg_ctl stop -m fast</c>): sessions are cut.</summary>
    public Task StopDatabaseAsync() => Cluster.StopAsync();

    /// <summary>Starts it again on the same data and port.</summary>
    public async Task StartDatabaseAsync() => Cluster = await LocalPostgresCluster.StartAsync(Options, NullLogger.Instance);
}

/// <summary>
/// PostgreSQL goes away under load and comes back: while it is down every request fails fast with a 503
/// problem (never a hang, never a 500), readiness says so, and the service recovers by itself.
/// </summary>
[Collection(MeasuresTime.Name)]
public sealed class DatabaseRestart(OwnPostgres fixture, ITestOutputHelper output) : IClassFixture<OwnPostgres>
{
    private static readonly TimeSpan Down = TimeSpan.FromSeconds(8);

    private ServiceNode Node => fixture.Node;

    [Fact]
    public async Task requests_fail_fast_with_503_while_postgres_is_down_and_recover_by_themselves()
    {
        var load = await ClientLoad.StartAsync(Node, "restart", 4);
        var clock = load.Clock;

        await Task.Delay(TimeSpan.FromSeconds(2));
        var stoppedAt = clock.Elapsed;
        await fixture.StopDatabaseAsync();
        var downSince = clock.Elapsed;

        // While it is down: readiness fails on the database, liveness holds.
        await EventuallyAsync(async () => (await ReadinessAsync(Node)).Status == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(15), "readiness fails");
        var (notReady, report) = await ReadinessAsync(Node);
        notReady.ShouldBe(HttpStatusCode.ServiceUnavailable);
        DatabaseUnhealthy(report).ShouldBeTrue();
        using (var live = await Client(Node).GetAsync("/health/live"))
        {
            live.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await Task.Delay(Down - (clock.Elapsed - downSince));
        var startingAt = clock.Elapsed;
        await fixture.StartDatabaseAsync();
        var upAt = clock.Elapsed;

        // The change feed picks up where it was: it reads every event stored, including those after the outage.
        var recovery = await load.RecoverAsync(upAt, TimeSpan.FromSeconds(90));

        var all = load.Attempts;
        var duringOutage = all.Where(a => a.At > downSince && a.At + a.Took < startingAt).ToList();
        duringOutage.Count.ShouldBeGreaterThan(10, "the load went on during the outage");
        load.ShouldHaveAnsweredEveryRequest();
        duringOutage.ShouldAllBe(a => a.Status == 503, "while PostgreSQL is down nothing but 503");
        var slowest = all.Where(a => a.Status == 503).Max(a => a.Took);
        slowest.ShouldBeLessThan(TimeSpan.FromSeconds(CommandTimeoutSeconds + 3), "503s come fast, not after a hang");

        // Nothing half-stored: a 201 is there, a 503 is not, and re-sending a 503 records it.
        var resent = await load.ShouldHaveLostNothingAsync(fixture.ConnectionString);

        Figures.Record(output, "postgres restart", $"down for {(startingAt - downSince).TotalSeconds:0.0} s under 4 clients (writes and reads): {duringOutage.Count} requests during the outage, all 503 problem details, slowest {slowest.TotalMilliseconds:0} ms, median {ClientLoad.Median(all.Where(a => a.Status == 503)).TotalMilliseconds:0} ms; 0 x 500, 0 unanswered");
        Figures.Record(output, "postgres restart", $"recovery, from the moment PostgreSQL was started again (it took {(upAt - startingAt).TotalSeconds:0.0} s to accept connections): first 201 answered after {(recovery.FirstWrite - startingAt).TotalSeconds:0.0} s, /health/ready 200 with the change feed running after {(recovery.Ready - startingAt).TotalSeconds:0.0} s, the feed had read every event stored after {(recovery.CaughtUp - startingAt).TotalSeconds:0.0} s; {resent} refused writes re-sent and recorded once; stop took {(downSince - stoppedAt).TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task a_write_held_behind_a_saga_lock_past_the_command_timeout_is_a_503_saga_busy_not_a_hang()
    {
        await Node.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        await Node.PutSagaAsync("timeout-konate", "Ibrahima Konaté");

        // Another session holds the saga's stream row, so recording onto it waits on the lock.
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand($"select 1 from {Schema}.mt_streams where id = 'timeout-konate' for update", connection, transaction))
        {
            (await hold.ExecuteScalarAsync()).ShouldNotBeNull();
        }

        using var client = Client(Node, ServiceNode.Key);
        var clock = Stopwatch.StartNew();
        using var response = await client.PostAsync("/api/reports", ServiceNode.JsonContent(
            Report("timeout-1", "2025-11-30T09:00:00Z", Interest("timeout-konate", "Real Madrid", "bid"))));
        var took = clock.Elapsed;
        await transaction.RollbackAsync();

        await ShouldBeProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("title").GetString().ShouldBe("Saga busy", "contention, not an outage");
        problem.GetProperty("sagas")[0].GetString().ShouldBe("timeout-konate");
        response.Headers.RetryAfter.ShouldNotBeNull();
        took.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(CommandTimeoutSeconds - 0.5));
        took.ShouldBeLessThan(TimeSpan.FromSeconds(CommandTimeoutSeconds + 5));
        (await StoredReportsAsync(fixture.ConnectionString)).ShouldNotContain("timeout-1");

        var (again, _) = await PostJsonAsync(client, "/api/reports",
            Report("timeout-1", "2025-11-30T09:00:00Z", Interest("timeout-konate", "Real Madrid", "bid")));
        again.ShouldBe(HttpStatusCode.Created, "once the lock is gone the same report is recorded");
        Figures.Record(output, "timeouts", $"a write stuck behind a saga lock: 503 Saga busy after {took.TotalSeconds:0.0} s with Timeline__CommandTimeoutSeconds={CommandTimeoutSeconds}");
    }

    [Fact]
    public async Task the_live_feed_outlives_a_read_that_fails_and_streams_what_comes_after()
    {
        await Node.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        await Node.PutSagaAsync("feed-konate", "Ibrahima Konaté");
        await using var stream = await SseStream.OpenAsync(Node.Http, "/api/sagas/feed-konate/live");
        (await stream.NextAsync(TimeSpan.FromSeconds(30))).Json.GetProperty("version").GetInt64().ShouldBe(1);

        // Another session locks the updates table: the feed's next read (it reads every second without a
        // notification) waits past the command timeout and fails, as Marten's wrapped command exception.
        await using (var connection = new NpgsqlConnection(fixture.ConnectionString))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var hold = new NpgsqlCommand($"lock table {Schema}.mt_doc_sagaupdate in access exclusive mode", connection, transaction))
            {
                await hold.ExecuteNonQueryAsync();
            }

            await Task.Delay(TimeSpan.FromSeconds(CommandTimeoutSeconds + 3));
            await transaction.RollbackAsync();
        }

        if (Node.Process.HasExited)
        {
            throw new ShouldAssertException($"The node's process should still run. {await LastWordsAsync(Node)}");
        }

        Node.Process.Output.ShouldContain("The live feed could not read the change feed");
        var clock = Stopwatch.StartNew();
        await Node.PostReportAsync(Report("feed-1", "2025-11-30T09:00:00Z", Interest("feed-konate", "Real Madrid", "interested")));
        var next = await stream.NextAsync(TimeSpan.FromSeconds(30));
        next.Json.GetProperty("version").GetInt64().ShouldBe(2);
        next.Json.GetProperty("state").GetProperty("suitors").EnumerateArray()
            .ShouldContain(s => s.GetProperty("club").GetString() == "Real Madrid");
        Figures.Record(output, "postgres restart", $"the live feed's read failed behind a lock held {CommandTimeoutSeconds + 3} s; the node kept running and streamed the next report {clock.Elapsed.TotalMilliseconds:0} ms after it was posted");
    }
}
