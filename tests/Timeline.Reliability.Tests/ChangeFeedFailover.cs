using Xunit.Sdk;
using Timeline.Api.ChangeFeed;

namespace Timeline.Reliability.Tests;

/// <summary>
/// Three service processes on one database, as a cluster runs them. Two tests stop a node and run last
/// (<see cref="ByName"/>), so none needs a restart: a restart costs more than a third node.
/// </summary>
public sealed class ThreeNodes() : NodesOnOneDatabase(3, "failover")
{
    /// <summary>
    /// The node that runs the change feed (the process whose session holds its lease in PostgreSQL) and another
    /// one still running; a stopped node is started again only when fewer than two run.
    /// </summary>
    public async Task<(ServiceNode Runner, ServiceNode Survivor)> RunnerAndSurvivorAsync()
    {
        foreach (var node in Nodes.Where(n => n.Process.HasExited).Skip(Nodes.Count - 2))
        {
            await node.RestartAsync();
        }

        ServiceNode? runner = null;
        await EventuallyAsync(async () =>
            {
                var holder = await HolderAsync();
                runner = Nodes.FirstOrDefault(n => n.Process.ProcessId == holder?.Process);
                return runner is not null;
            },
            TimeSpan.FromSeconds(30), "one of the two nodes holds the change feed's lease");
        return (runner!, Nodes.First(n => n != runner && !n.Process.HasExited));
    }

    /// <summary>The session holding the change feed's lease: its backend and the service process it belongs to.</summary>
    public async Task<(int Backend, int Process)?> HolderAsync()
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(ChangeFeedLease.HolderSql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        var name = reader.GetString(1);
        return (reader.GetInt32(0), int.Parse(name[(name.LastIndexOf('/') + 1)..]));
    }
}

/// <summary>
/// The node running the change feed goes away while a Server-Sent Events client on another node waits: killed,
/// stopped, or paused for less than the lease. The client's next update must come within seconds, every update
/// once, and each webhook once; a paused node keeps the feed and nobody runs it beside it.
/// </summary>
[Collection(MeasuresTime.Name)]
[TestCaseOrderer("Timeline.Reliability.Tests.ByName", "Timeline.Reliability.Tests")]
public sealed class ChangeFeedFailover(ThreeNodes cluster, ITestOutputHelper output) : IClassFixture<ThreeNodes>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task when_the_runner_is_killed_the_next_report_reaches_a_client_on_the_other_node_within_five_seconds()
    {
        var (runner, survivor) = await cluster.RunnerAndSurvivorAsync();
        var outcome = await HandOverAsync("kill", runner, survivor, () => runner.Process.KillAsync());

        outcome.Stall.ShouldBeLessThan(Stall, "the stall after a SIGKILL of the node running the change feed");
        Figures.Record(output, "failover", $"SIGKILL of the node running the change feed, an SSE client waiting on another node: the report posted right after the kill reached it {outcome.Stall.TotalSeconds:0.00} s later; {outcome.Updates} updates in versions 1 to {outcome.Updates}, none missed or repeated; {outcome.Deliveries} webhooks, each delivered once, the first after the kill {outcome.Webhook.TotalSeconds:0.00} s after it");
    }

    [Fact]
    public async Task when_the_runner_stops_on_sigterm_the_other_node_takes_the_feed_over_at_once()
    {
        var (runner, survivor) = await cluster.RunnerAndSurvivorAsync();
        var outcome = await HandOverAsync("term", runner, survivor, async () =>
        {
            await runner.Process.TerminateAsync();
            (await runner.Process.WaitForExitAsync(Patience)).ShouldBe(0, runner.Process.Output);
        });

        outcome.Stall.ShouldBeLessThan(Stall, "the stall after a SIGTERM of the node running the change feed");
        Figures.Record(output, "failover", $"SIGTERM of the node running the change feed (it exited with 0 after {outcome.Gone.TotalSeconds:0.00} s): the report posted as it went reached the SSE client on another node {outcome.Stall.TotalSeconds:0.00} s later; {outcome.Updates} updates, none missed or repeated; {outcome.Deliveries} webhooks, each delivered once, the first after the stop {outcome.Webhook.TotalSeconds:0.00} s after SIGTERM");
    }

    [Fact]
    public async Task a_runner_paused_for_less_than_the_lease_keeps_the_feed_and_no_second_runner_appears()
    {
        var (runner, survivor) = await cluster.RunnerAndSurvivorAsync();
        const string saga = "failover-pause";
        await survivor.PutSagaAsync(saga, "Dayot Upamecano");
        await using var stream = await SseStream.OpenAsync(survivor.Http, $"/api/sagas/{saga}/live");
        var seen = new List<SseEvent> { await stream.NextAsync(Patience) };
        var holder = await cluster.HolderAsync();
        await EventuallyAsync(() => CaughtUpAsync(survivor), Patience, "the change feed read every event");
        var position = (await ChangeFeedCheckAsync(survivor)).GetProperty("position").GetInt64();

        // Paused for half the lease (10 s by default): long for a GC pause, short of a failover.
        var pause = TimeSpan.FromSeconds(5);
        var clock = Stopwatch.StartNew();
        await runner.Process.PauseAsync();
        try
        {
            await survivor.PostReportAsync(Report("pause-during", "2025-11-20T09:00:00Z", Interest(saga, "Bayern Munich", "interested")));
            var checks = 0;
            while (clock.Elapsed < pause)
            {
                (await cluster.HolderAsync()).ShouldBe(holder, "the paused node's session keeps the lease");
                (await ChangeFeedCheckAsync(survivor)).GetProperty("position").GetInt64().ShouldBe(position, "nobody reads past the paused node's checkpoint");
                foreach (var other in cluster.Nodes.Where(n => n != runner && !n.Process.HasExited))
                {
                    (await RunsChangeFeedAsync(other)).ShouldBeFalse("no other node starts a second change feed");
                }

                checks++;
                await Task.Delay(200);
            }

            checks.ShouldBeGreaterThan(3);
            output.WriteLine($"{checks} checks during the pause");
        }
        finally
        {
            await runner.Process.ResumeAsync();
        }

        var resumed = clock.Elapsed;
        seen.Add(await stream.NextAsync(Patience));
        var caughtUp = clock.Elapsed - resumed;
        Cause(seen[^1]).ShouldBe("pause-during");
        await survivor.PostReportAsync(Report("pause-after", "2025-11-21T09:00:00Z", Interest(saga, "Bayern Munich", "advanced")));
        seen.Add(await stream.NextAsync(Patience));
        Cause(seen[^1]).ShouldBe("pause-after");
        seen.Select(e => e.Json.GetProperty("version").GetInt64()).ShouldBe([1, 2, 3], "every update once, in order");
        (await cluster.HolderAsync()).ShouldBe(holder, "the paused node still runs the change feed");

        Figures.Record(output, "failover", $"the node running the change feed paused (SIGSTOP) for {resumed.TotalSeconds:0.0} s, half the 10 s lease: its session kept the lease throughout, no other node ran the feed; the report posted during the pause reached the SSE client {caughtUp.TotalSeconds:0.00} s after SIGCONT, once");
    }

    [Fact]
    public async Task a_runner_silent_for_longer_than_the_lease_is_deposed_and_repeats_nothing_when_it_wakes()
    {
        var (runner, survivor) = await cluster.RunnerAndSurvivorAsync();
        const string saga = "failover-depose";
        await survivor.PutSagaAsync(saga, "Marc Guéhi");
        await using var receiver = await WebhookReceiver.StartAsync();
        var subscription = await survivor.SendAsync(HttpMethod.Post, "/api/subscriptions", new { url = receiver.Url, sagas = new[] { saga } }, HttpStatusCode.Created);
        await using var stream = await SseStream.OpenAsync(survivor.Http, $"/api/sagas/{saga}/live");
        var seen = new List<SseEvent> { await stream.NextAsync(Patience) };
        await survivor.PostReportAsync(Report("depose-before", "2025-11-01T09:00:00Z", Interest(saga, "Chelsea", "monitoring")));
        seen.Add(await stream.NextAsync(Patience));
        await receiver.WaitForAsync(1, Patience);
        await EventuallyAsync(async () => await PendingAsync(survivor, subscription) == 0, Patience, "the first delivery is recorded");

        // Stopped past the 10 s lease, as a hung process or one cut off while its socket stays open.
        var clock = Stopwatch.StartNew();
        await runner.Process.PauseAsync();
        TimeSpan stall;
        try
        {
            await survivor.PostReportAsync(Report("depose-during", "2025-11-02T09:00:00Z", Interest(saga, "Chelsea", "interested")));
            var posted = clock.Elapsed;
            seen.Add(await stream.NextAsync(Patience));
            stall = clock.Elapsed - posted;
            Cause(seen[^1]).ShouldBe("depose-during");
            var holder = await cluster.HolderAsync();
            holder.ShouldNotBeNull("another node took the lease over");
            holder.Value.Process.ShouldNotBe(runner.Process.ProcessId, "another node took the lease over");
        }
        finally
        {
            await runner.Process.ResumeAsync();
        }

        var resumed = clock.Elapsed;
        await EventuallyAsync(async () => !await RunsChangeFeedAsync(runner), Patience, "the woken node knows it lost the lease");
        var stepDown = clock.Elapsed - resumed;
        await survivor.PostReportAsync(Report("depose-after", "2025-11-03T09:00:00Z", Interest(saga, "Chelsea", "advanced")));
        seen.Add(await stream.NextAsync(Patience));
        Cause(seen[^1]).ShouldBe("depose-after");
        seen.Select(e => e.Json.GetProperty("version").GetInt64()).ShouldBe([1, 2, 3, 4], "every update once, in order");

        await receiver.WaitForAsync(3, Patience);
        await EventuallyAsync(async () => await CaughtUpAsync(survivor) && await PendingAsync(survivor, subscription) == 0,
            Patience, "the change feed read every event and no delivery is pending");
        receiver.Requests.ShouldBe(3, $"one request per change: {string.Join(", ", receiver.Accepted.Select(d => d.DeliveryId))}");
        receiver.Accepted.Select(d => d.Json.GetProperty("version").GetInt64()).ShouldBe([2, 3, 4]);

        Figures.Record(output, "failover", $"the node running the change feed stopped (SIGSTOP) past the 10 s lease: another node ended its session and took over, and the report posted as it stopped reached the SSE client {stall.TotalSeconds:0.0} s later; let run again after {resumed.TotalSeconds:0.0} s, it knew it had lost the lease {stepDown.TotalSeconds:0.0} s later; 4 updates and 3 webhooks, none repeated");
    }

    /// <summary>What a hand-over cost: <paramref name="Webhook"/> is when the first change after it reached the receiver.</summary>
    private sealed record Outcome(TimeSpan Gone, TimeSpan Stall, int Updates, int Deliveries, TimeSpan Webhook);

    /// <summary>
    /// A client follows a saga on the survivor, with a webhook subscribed to it; <paramref name="stop"/> ends the
    /// runner; a report is posted through the survivor at once, and two more after it. Returns how long the
    /// first of them took to reach the client. Whichever node still running takes the feed over.
    /// </summary>
    private async Task<Outcome> HandOverAsync(string name, ServiceNode runner, ServiceNode survivor, Func<Task> stop)
    {
        var saga = $"failover-{name}";
        await survivor.PutSagaAsync(saga, "Ibrahima Konaté");
        await using var receiver = await WebhookReceiver.StartAsync();
        var subscription = await survivor.SendAsync(HttpMethod.Post, "/api/subscriptions", new { url = receiver.Url, sagas = new[] { saga } }, HttpStatusCode.Created);
        await using var stream = await SseStream.OpenAsync(survivor.Http, $"/api/sagas/{saga}/live");
        var seen = new List<SseEvent> { await stream.NextAsync(Patience) };
        await survivor.PostReportAsync(Report($"{name}-before", "2025-11-01T09:00:00Z", Interest(saga, "Real Madrid", "monitoring")));
        seen.Add(await stream.NextAsync(Patience));
        await receiver.WaitForAsync(1, Patience);
        // A node that dies between a receiver's answer and recording it sends that one again: webhooks are at least
        // once, with X-Timeline-Delivery to drop repeats. The stop comes once the delivery is recorded.
        await EventuallyAsync(async () => await PendingAsync(survivor, subscription) == 0, Patience, "the first delivery is recorded");

        var clock = Stopwatch.StartNew();
        var stoppedAt = DateTimeOffset.UtcNow;
        await stop();
        var gone = clock.Elapsed;
        await survivor.PostReportAsync(Report($"{name}-after-0", "2025-11-02T09:00:00Z", Interest(saga, "Real Madrid", "interested")));
        var posted = clock.Elapsed;
        seen.Add(await stream.NextAsync(Patience));
        var stall = clock.Elapsed - posted;
        Cause(seen[^1]).ShouldBe($"{name}-after-0");
        var holder = (await cluster.HolderAsync())?.Process;
        cluster.Nodes.Where(n => !n.Process.HasExited).Select(n => n.Process.ProcessId).ShouldContain(holder ?? 0, "a node still running runs the change feed now");

        for (var i = 1; i <= 2; i++)
        {
            await survivor.PostReportAsync(Report($"{name}-after-{i}", $"2025-11-0{2 + i}T09:00:00Z", Interest(saga, "Real Madrid", i == 1 ? "advanced" : "bid")));
            seen.Add(await stream.NextAsync(Patience));
        }

        seen.Select(e => e.Json.GetProperty("version").GetInt64()).ShouldBe([1, 2, 3, 4, 5], "every update once, in order");
        seen.Skip(1).Select(e => e.Position).ShouldBe(seen.Skip(1).Select(e => e.Position).Order().Distinct().ToList(), "positions increase");

        // Each change once: the feed has read every event and nothing waits to be sent, so no repeat can still come.
        var deliveries = await receiver.WaitForAsync(4, Patience);
        await EventuallyAsync(async () => await CaughtUpAsync(survivor) && await PendingAsync(survivor, subscription) == 0,
            Patience, "the change feed read every event and no delivery is pending");
        receiver.Requests.ShouldBe(4, $"one request per change: {string.Join(", ", receiver.Accepted.Select(d => d.DeliveryId))}");
        receiver.Accepted.Select(d => d.Json.GetProperty("version").GetInt64()).ShouldBe([2, 3, 4, 5]);
        receiver.Accepted.Select(d => d.DeliveryId).Distinct().Count().ShouldBe(4);
        return new Outcome(gone, stall, seen.Count, deliveries.Count, deliveries[1].At - stoppedAt);
    }

    private static async Task<int> PendingAsync(ServiceNode node, JsonElement subscription) =>
        (await node.SendAsync(HttpMethod.Get, $"/api/subscriptions/{subscription.GetProperty("id").GetString()}/deliveries?status=pending")).GetArrayLength();

    private static string? Cause(SseEvent e) => e.Json.GetProperty("cause").GetProperty("reportId").GetString();

    private static async Task<JsonElement> ChangeFeedCheckAsync(ServiceNode node)
    {
        using var response = await node.Http.GetAsync("/health/ready");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").GetProperty("change-feed").GetProperty("data");
    }

    private static async Task<bool> RunsChangeFeedAsync(ServiceNode node) => (await ChangeFeedCheckAsync(node)).GetProperty("onThisNode").GetBoolean();

    private static async Task<bool> CaughtUpAsync(ServiceNode node)
    {
        var data = await ChangeFeedCheckAsync(node);
        return data.GetProperty("position").GetInt64() == data.GetProperty("head").GetInt64();
    }
}

/// <summary>Runs a class's tests in the order of their names.</summary>
public sealed class ByName : ITestCaseOrderer
{
    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases) where TTestCase : ITestCase =>
        testCases.OrderBy(t => t.TestMethod.Method.Name, StringComparer.Ordinal);
}
