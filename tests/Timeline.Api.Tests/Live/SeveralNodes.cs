namespace Timeline.Api.Tests;

/// <summary>
/// Two processes of the built service on one PostgreSQL, as docker-compose runs them: a change recorded
/// through one reaches the streams of both, and each webhook delivery happens once, not once per node.
/// </summary>
public sealed class when_several_nodes_run() : TwoNodes("nodes")
{
    private WebhookReceiver _receiver = null!;

    protected override async Task Given()
    {
        _receiver = await WebhookReceiver.StartAsync();
    }

    protected override ValueTask StopAsync() => _receiver.DisposeAsync();

    [Fact]
    public async Task two_nodes_share_every_update_and_deliver_each_webhook_once()
    {
        await A.PutSagaAsync("nodes-konate", "Ibrahima Konaté");
        await B.SendAsync(HttpMethod.Post, "/api/subscriptions",
            new { url = _receiver.Url, sagas = new[] { "nodes-konate" } }, HttpStatusCode.Created);
        await using var onB = await SseStream.OpenAsync(B.Http, "/api/sagas/nodes-konate/live");
        await using var onA = await SseStream.OpenAsync(A.Http, "/api/sagas/nodes-konate/live");
        (await onB.NextAsync(Patience)).Json.GetProperty("version").GetInt64().ShouldBe(1);
        (await onA.NextAsync(Patience)).Json.GetProperty("version").GetInt64().ShouldBe(1);

        string[] levels = ["monitoring", "interested", "advanced", "cooling"];
        for (var i = 0; i < levels.Length; i++)
        {
            await A.PostReportAsync(ServiceNode.Report($"nodes-{i}", $"2025-11-2{i}T10:00:00Z", ServiceNode.Interest("nodes-konate", "Real Madrid", levels[i])));
        }

        foreach (var stream in new[] { onB, onA })
        {
            var versions = new List<long>();
            while (versions.Count == 0 || versions[^1] < 1 + levels.Length)
            {
                versions.Add((await stream.NextAsync(Patience)).Json.GetProperty("version").GetInt64());
            }

            versions.ShouldBe(versions.Distinct().Order().ToList(), "increasing, never repeated");
            versions[^1].ShouldBe(1 + levels.Length);
        }

        var received = await _receiver.WaitForAsync(levels.Length, Patience);
        await Task.Delay(TimeSpan.FromSeconds(3));
        _receiver.Requests.ShouldBe(levels.Length, "each change is delivered once, by one node");
        received.Select(r => r.Json.GetProperty("version").GetInt64()).ShouldBe([2, 3, 4, 5]);
        received.Select(r => r.DeliveryId).Distinct().Count().ShouldBe(levels.Length);
    }

    [Fact]
    public async Task when_the_node_running_the_change_feed_stops_the_other_takes_it_over()
    {
        await A.PutSagaAsync("nodes-failover", "Ibrahima Konaté");
        await A.SendAsync(HttpMethod.Post, "/api/subscriptions",
            new { url = _receiver.Url, sagas = new[] { "nodes-failover" } }, HttpStatusCode.Created);
        var (running, other) = await RunsChangeFeedAsync(A) ? (A, B) : (B, A);
        (await RunsChangeFeedAsync(other)).ShouldBeFalse("one node runs the change feed, not both");

        (await running.Process.StopAsync()).ShouldBe(0);
        await using var live = await SseStream.OpenAsync(other.Http, "/api/sagas/nodes-failover/live");
        (await live.NextAsync(Patience)).Json.GetProperty("version").GetInt64().ShouldBe(1);
        await other.PostReportAsync(ServiceNode.Report("failover-1", "2025-11-29T09:30:00Z", ServiceNode.Interest("nodes-failover", "Real Madrid", "cooling")));

        var change = await live.NextAsync(TimeSpan.FromSeconds(90));
        change.Json.GetProperty("cause").GetProperty("reportId").GetString().ShouldBe("failover-1");
        (await RunsChangeFeedAsync(other)).ShouldBeTrue("the node still running took the change feed's lease");
        var delivered = await _receiver.WaitForAsync(1, Patience);
        delivered.ShouldHaveSingleItem().Json.GetProperty("version").GetInt64().ShouldBe(2);
    }

    private static async Task<bool> RunsChangeFeedAsync(ServiceNode node)
    {
        var report = JsonDocument.Parse(await node.Http.GetStringAsync("/health/ready")).RootElement;
        return report.GetProperty("checks").GetProperty("change-feed").GetProperty("data").GetProperty("onThisNode").GetBoolean();
    }
}
