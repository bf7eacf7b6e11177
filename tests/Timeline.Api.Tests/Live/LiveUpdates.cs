namespace Timeline.Api.Tests;

/// <summary>Server-Sent Events from the built service over real HTTP: the first state, each change, resuming.</summary>
public sealed class when_a_saga_changes_its_followers_hear_it(LiveNodeFixture fixture) : IClassFixture<LiveNodeFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private ServiceNode Node => fixture.Node;

    [Fact]
    public async Task a_client_gets_the_current_state_then_each_change_as_it_is_committed()
    {
        await Node.PutSagaAsync("live-konate", "Ibrahima Konaté");
        await using var stream = await SseStream.OpenAsync(Node.Http, "/api/sagas/live-konate/live");
        stream.Response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");

        var first = await stream.NextAsync(Patience);
        first.Type.ShouldBe("state");
        first.Json.GetProperty("state").GetProperty("player").GetString().ShouldBe("Ibrahima Konaté");
        first.Json.GetProperty("state").GetProperty("claims").GetInt32().ShouldBe(0);

        // How fast a change reaches its followers is measured by the benchmark harness (fanout.*), not here.
        await Node.PostReportAsync(ServiceNode.Report("live-1", "2025-11-28T12:00:00Z", ServiceNode.Interest("live-konate", "Real Madrid", "interested")));
        (await stream.NextAsync(Patience)).Json.GetProperty("version").GetInt64().ShouldBe(2);

        await Node.PostReportAsync(ServiceNode.Report("live-2", "2025-11-29T09:30:00Z", ServiceNode.Interest("live-konate", "Real Madrid", "cooling")));
        var change = await stream.NextAsync(Patience);

        change.Type.ShouldBe("state");
        change.Position.ShouldBeGreaterThan(first.Position);
        var data = change.Json;
        data.GetProperty("saga").GetString().ShouldBe("live-konate");
        data.GetProperty("version").GetInt64().ShouldBe(3);
        data.GetProperty("changed").EnumerateArray().Select(x => x.GetString()).ShouldBe(["suitors", "claims", "lastReportAt"]);
        var suitor = data.GetProperty("state").GetProperty("suitors")[0];
        suitor.GetProperty("club").GetString().ShouldBe("Real Madrid");
        suitor.GetProperty("interest").GetString().ShouldBe("cooling");
        var cause = data.GetProperty("cause");
        cause.GetProperty("reportId").GetString().ShouldBe("live-2");
        cause.GetProperty("reporter").GetString().ShouldBe("Vinny O'Connor");
        cause.GetProperty("outlet").GetString().ShouldBe("Sky Sports");
        cause.GetProperty("publishedAt").GetString().ShouldBe("2025-11-29T09:30:00Z");
        cause.GetProperty("recordedBy").GetString().ShouldBe(ServiceNode.KeyName);
    }

    [Fact]
    public async Task a_client_that_reconnects_with_last_event_id_receives_every_change_it_missed_in_order()
    {
        await Node.PutSagaAsync("live-resume", "Marc Guéhi");
        string lastSeen;
        await using (var stream = await SseStream.OpenAsync(Node.Http, "/api/sagas/live-resume/live"))
        {
            await stream.NextAsync(Patience);
            await Node.PostReportAsync(ServiceNode.Report("resume-0", "2025-11-01T10:00:00Z", ServiceNode.Interest("live-resume", "Liverpool", "monitoring")));
            lastSeen = (await stream.NextAsync(Patience)).Id!;
        }

        string[] clubs = ["Bayern Munich", "Real Madrid", "Tottenham"];
        for (var i = 0; i < clubs.Length; i++)
        {
            await Node.PostReportAsync(ServiceNode.Report($"resume-{i + 1}", $"2025-11-0{i + 2}T10:00:00Z", ServiceNode.Interest("live-resume", clubs[i], "interested")));
        }

        await using var resumed = await SseStream.OpenAsync(Node.Http, "/api/sagas/live-resume/live", lastEventId: lastSeen);
        var missed = new List<SseEvent>();
        for (var i = 0; i < clubs.Length; i++)
        {
            missed.Add(await resumed.NextAsync(Patience));
        }

        missed.Select(e => e.Json.GetProperty("version").GetInt64()).ShouldBe([3, 4, 5], "every missed change, in order, and no fresh snapshot first");
        missed.Select(e => e.Json.GetProperty("cause").GetProperty("reportId").GetString()).ShouldBe(["resume-1", "resume-2", "resume-3"]);
        missed.Select(e => e.Position).ShouldBeInOrder(SortDirection.Ascending);
        missed.Select(e => e.Position).ShouldAllBe(p => p > long.Parse(lastSeen));

        await Node.PostReportAsync(ServiceNode.Report("resume-4", "2025-11-06T10:00:00Z", ServiceNode.Interest("live-resume", "Chelsea", "monitoring")));
        var next = await resumed.NextAsync(Patience);
        next.Json.GetProperty("version").GetInt64().ShouldBe(6, "after the catch-up the stream goes on live, without repeats");
    }

    [Fact]
    public async Task the_firehose_sends_only_the_sagas_that_involve_the_club_and_keeps_idle_streams_alive()
    {
        await Node.PutSagaAsync("hose-upamecano", "Dayot Upamecano");
        await Node.PutSagaAsync("hose-guehi", "Marc Guéhi");
        await Node.PostReportAsync(ServiceNode.Report("hose-0", "2025-11-29T09:30:00Z", ServiceNode.Interest("hose-upamecano", "Bayern Munich", "interested")));

        await using var stream = await SseStream.OpenAsync(Node.Http, "/api/live?club=bayern%20munich&saga=hose-upamecano,hose-guehi");
        var first = await stream.NextAsync(Patience);
        first.Json.GetProperty("saga").GetString().ShouldBe("hose-upamecano", "Guéhi's saga does not involve Bayern yet");

        await Node.PostReportAsync(ServiceNode.Report("hose-1", "2025-11-29T10:00:00Z", ServiceNode.Interest("hose-guehi", "Arsenal", "monitoring")));
        await Node.PostReportAsync(ServiceNode.Report("hose-2", "2025-11-29T11:00:00Z", ServiceNode.Interest("hose-guehi", "Bayern Munich", "interested")));
        var change = await stream.NextAsync(Patience);
        change.Json.GetProperty("saga").GetString().ShouldBe("hose-guehi");
        change.Json.GetProperty("cause").GetProperty("reportId").GetString().ShouldBe("hose-2", "the Arsenal-only change did not involve Bayern");

        var heartbeat = await stream.NextAsync(TimeSpan.FromSeconds(5), comments: true);
        heartbeat.Comment.ShouldBe("heartbeat");
    }

    [Fact]
    public async Task an_unknown_saga_is_a_404_problem_not_a_stream()
    {
        using var response = await Node.Http.GetAsync("/api/sagas/nobody-at-all/live");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }
}
