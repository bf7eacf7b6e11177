namespace Timeline.Reliability.Tests;

/// <summary>
/// A node whose webhooks keep retrying (once a second at most) instead of pausing, on a database of its own;
/// a node gone silent for ten seconds is taken for dead.
/// </summary>
public sealed class PatientNode : IAsyncLifetime
{
    public ServiceNode Node { get; private set; } = null!;

    public async Task InitializeAsync() => Node = await ServiceNode.StartAsync(
        await TestDatabase.CreateDatabaseAsync("faults"),
        [
            .. ServiceNode.RetrySchedule(Enumerable.Repeat("00:00:01", 300).ToArray()),
            ("Timeline__Cluster__HeartbeatInterval", "00:00:02"),
            ("Timeline__Cluster__StaleNodeTimeout", "00:00:10"),
            ("Logging__LogLevel__Default", "Warning"),
        ]);

    public async Task DisposeAsync() => await Node.DisposeAsync();
}

/// <summary>
/// Webhooks and Server-Sent Events when things break: a receiver that is away for half a minute, and the
/// service killed after its commits but before it delivered them.
/// </summary>
public sealed class SubscriptionsUnderFaults(PatientNode fixture, ITestOutputHelper output) : IClassFixture<PatientNode>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private ServiceNode Node => fixture.Node;

    [Fact]
    public async Task a_receiver_down_for_thirty_seconds_gets_every_delivery_once_and_in_order_per_saga()
    {
        string[] sagas = ["away-konate", "away-guehi", "away-upamecano"];
        foreach (var saga in sagas)
        {
            await Node.PutSagaAsync(saga, saga);
        }

        var first = await WebhookReceiver.StartAsync();
        var url = first.Url;
        await Node.SendAsync(HttpMethod.Post, "/api/subscriptions", new { url, sagas }, HttpStatusCode.Created);
        var changes = 0;
        await Node.PostReportAsync(Report("away-0", "2025-11-01T09:00:00Z", Interest(sagas[0], "Real Madrid", "monitoring")));
        changes++;
        await first.WaitForAsync(1, Patience);
        await first.DisposeAsync();

        // Away for 15 s, while reports keep coming: one every 1.5 s, over every saga.
        var away = Stopwatch.StartNew();
        for (var i = 1; away.Elapsed < TimeSpan.FromSeconds(13.5); i++)
        {
            var claims = sagas.Take(1 + i % sagas.Length).Select((saga, j) => Interest(saga, $"Club {i}", j % 2 == 0 ? "interested" : "cooling")).ToArray();
            await Node.PostReportAsync(Report($"away-{i}", $"2025-11-{1 + i % 28:00}T10:00:00Z", claims));
            changes += claims.Length;
            await Task.Delay(TimeSpan.FromSeconds(1.5));
        }

        await Task.Delay(TimeSpan.FromSeconds(15) - away.Elapsed);
        var downFor = away.Elapsed;
        await using var back = await WebhookReceiver.StartAsync(url);
        var backAt = Stopwatch.StartNew();
        var received = await back.WaitForAsync(changes - 1, Patience);
        var allIn = backAt.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(2));

        var deliveries = first.Accepted.Concat(back.Accepted).ToList();
        deliveries.Count.ShouldBe(changes, "every change, and nothing twice");
        (first.Requests + back.Requests).ShouldBe(changes, "one accepted request per change");
        deliveries.Select(d => d.DeliveryId).Distinct().Count().ShouldBe(changes);
        foreach (var saga in sagas)
        {
            var versions = deliveries.Select(d => d.Json).Where(j => j.GetProperty("saga").GetString() == saga)
                .Select(j => j.GetProperty("version").GetInt64()).ToList();
            versions.ShouldBe(Enumerable.Range(2, versions.Count).Select(v => (long)v).ToList(), $"{saga}: every version once, in order");
        }

        Figures.Record(output, "webhooks", $"receiver down {downFor.TotalSeconds:0} s while {changes - 1} changes over {sagas.Length} sagas were recorded: all {received.Count} delivered {allIn.TotalSeconds:0.0} s after it came back, each once, in version order per saga");
    }

    [Fact]
    public async Task after_a_kill_between_commit_and_delivery_webhooks_still_arrive_and_sse_resumes_without_a_gap()
    {
        string[] sagas = ["killed-konate", "killed-guehi"];
        foreach (var saga in sagas)
        {
            await Node.PutSagaAsync(saga, saga);
        }

        await using var receiver = await WebhookReceiver.StartAsync();
        await Node.SendAsync(HttpMethod.Post, "/api/subscriptions", new { url = receiver.Url, sagas }, HttpStatusCode.Created);
        var seen = new List<SseEvent>();
        var reports = 0;
        var stream = await SseStream.OpenAsync(Node.Http, $"/api/live?saga={string.Join(',', sagas)}");
        try
        {
            seen.Add(await stream.NextAsync(Patience));
            seen.Add(await stream.NextAsync(Patience));

            // Live, before the kill: each change arrives before the next is recorded.
            for (var i = 0; i < 4; i++)
            {
                await Node.PostReportAsync(Report($"killed-live-{i}", $"2025-10-{1 + i:00}T09:00:00Z", Interest(sagas[i % 2], "Real Madrid", "interested")));
                reports++;
                seen.Add(await stream.NextAsync(Patience));
            }

            await receiver.WaitForAsync(reports, Patience);

            // The receiver refuses for now, then three reports are committed and the node dies at once.
            receiver.Answer = _ => 503;
            for (var i = 0; i < 3; i++)
            {
                await Node.PostReportAsync(Report($"killed-pending-{i}", $"2025-11-{1 + i:00}T09:00:00Z", Interest(sagas[i % 2], "Bayern Munich", "bid")));
                reports++;
            }

            await Node.Process.KillAsync();
            receiver.Answer = _ => 200;
        }
        finally
        {
            await stream.DisposeAsync();
        }

        var lastSeen = seen.Where(e => e.Id is not null).Max(e => e.Position);
        var down = Stopwatch.StartNew();
        await Node.RestartAsync();
        var ready = down.Elapsed;

        // Recorded while the client is away.
        for (var i = 0; i < 3; i++)
        {
            await Node.PostReportAsync(Report($"killed-after-{i}", $"2025-11-{10 + i:00}T09:00:00Z", Interest(sagas[i % 2], "Chelsea", "monitoring")));
            reports++;
        }

        var delivered = await receiver.WaitForAsync(reports, Patience);
        var allDelivered = down.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(2));
        delivered = receiver.Accepted;
        delivered.Select(d => d.DeliveryId).Distinct().Count().ShouldBe(reports, "every change delivered, none twice");
        delivered.Count.ShouldBe(reports);
        foreach (var saga in sagas)
        {
            var versions = delivered.Select(d => d.Json).Where(j => j.GetProperty("saga").GetString() == saga)
                .Select(j => j.GetProperty("version").GetInt64()).ToList();
            versions.ShouldBe(Enumerable.Range(2, versions.Count).Select(v => (long)v).ToList(), $"{saga}: in order");
        }

        // The client comes back with the last id it saw: it gets every change it missed, in order, then live ones.
        await using var resumed = await SseStream.OpenAsync(Node.Http, $"/api/live?saga={string.Join(',', sagas)}", lastSeen.ToString());
        var missed = new List<SseEvent>();
        while (missed.Count < 6)
        {
            missed.Add(await resumed.NextAsync(Patience));
        }

        await Node.PostReportAsync(Report("killed-live-again", "2025-11-20T09:00:00Z", Interest(sagas[0], "Arsenal", "bid")));
        var live = await resumed.NextAsync(Patience);

        var all = seen.Skip(2).Concat(missed).Append(live).Select(e => e.Json).ToList();
        missed.Select(e => e.Position).ShouldBe(missed.Select(e => e.Position).Order().ToList(), "in feed order");
        missed.First().Position.ShouldBeGreaterThan(lastSeen);
        foreach (var saga in sagas)
        {
            var versions = all.Where(j => j.GetProperty("saga").GetString() == saga).Select(j => j.GetProperty("version").GetInt64()).ToList();
            versions.ShouldBe(Enumerable.Range(2, versions.Count).Select(v => (long)v).ToList(), $"{saga}: no change missed, none twice");
        }

        all.Count.ShouldBe(reports + 1);
        Figures.Record(output, "webhooks", $"node killed with 3 committed changes undelivered: restarted and ready {ready.TotalSeconds:0.0} s after the kill, all {reports} changes delivered {allDelivered.TotalSeconds:0.0} s after it, each once, in order");
        Figures.Record(output, "sse", $"a stream cut by the kill resumed with Last-Event-ID {lastSeen}: {missed.Count} missed changes replayed in order, then live; {all.Count} changes seen in all, none missed or repeated");
    }
}
