namespace Timeline.Api.Tests;

public class when_a_backdated_report_arrives(TimelineFixture fixture) : IntegrationTest(fixture)
{
    protected override async Task Given()
    {
        await OpenSaga("ibrahima-konate");
        await PostReport(Report("athletic", "2025-11-28T18:00:00Z", Interest("ibrahima-konate", "Real Madrid", "withdrawn")));
    }

    private async Task<string> RecordedAt(string reportId) =>
        (await GetJson($"/api/reports/{reportId}")).GetProperty("recordedAt").GetString()!;

    [Fact]
    public async Task it_never_overrides_a_newer_fact()
    {
        await PostReport(Report("october-import", "2025-10-01T08:00:00Z", Interest("ibrahima-konate", "Real Madrid", "advanced")));

        var state = await GetJson("/api/sagas/ibrahima-konate");
        var suitor = state.GetProperty("suitors").EnumerateArray().ShouldHaveSingleItem();
        suitor.GetProperty("interest").GetString().ShouldBe("withdrawn");
        suitor.GetProperty("since").GetString().ShouldBe("2025-11-28T18:00:00Z");
        state.GetProperty("claims").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task asOf_before_the_newer_fact_shows_the_backdated_one()
    {
        await PostReport(Report("october-import", "2025-10-01T08:00:00Z", Interest("ibrahima-konate", "Real Madrid", "advanced")));

        var state = await GetJson("/api/sagas/ibrahima-konate?asOf=2025-11-01T00:00:00Z");

        state.GetProperty("suitors")[0].GetProperty("interest").GetString().ShouldBe("advanced");
        state.GetProperty("asOf").GetString().ShouldBe("2025-11-01T00:00:00Z");
        state.GetProperty("claims").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task knownAt_before_it_was_recorded_does_not_see_it()
    {
        var beforeImport = await RecordedAt("athletic");
        await PostReport(Report("october-import", "2025-10-01T08:00:00Z", Interest("ibrahima-konate", "Bayern Munich", "monitoring")));

        var then = await GetJson($"/api/sagas/ibrahima-konate?knownAt={Uri.EscapeDataString(beforeImport)}");
        then.GetProperty("suitors").EnumerateArray().Select(s => s.GetProperty("club").GetString()).ShouldBe(["Real Madrid"]);
        then.GetProperty("knownAt").GetString().ShouldBe(beforeImport);

        var now = await GetJson("/api/sagas/ibrahima-konate");
        now.GetProperty("suitors").EnumerateArray().Select(s => s.GetProperty("club").GetString())
            .ShouldBe(["Bayern Munich", "Real Madrid"]);

        // What did we believe then about the saga as of October? Nothing yet.
        var both = await GetJson($"/api/sagas/ibrahima-konate?asOf=2025-10-15&knownAt={Uri.EscapeDataString(beforeImport)}");
        both.GetProperty("suitors").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task the_timeline_lists_it_in_valid_time_order_with_both_clocks()
    {
        await PostReport(Report("october-import", "2025-10-01T08:00:00Z", Interest("ibrahima-konate", "Bayern Munich", "monitoring")));

        var timeline = (await GetJson("/api/sagas/ibrahima-konate/timeline")).EnumerateArray().ToList();

        timeline.Select(e => e.GetProperty("reportId").GetString()).ShouldBe(["october-import", "athletic"]);
        timeline.Select(e => e.GetProperty("version").GetInt64()).ShouldBe([3L, 2L]);
        DateTimeOffset.Parse(timeline[0].GetProperty("recordedAt").GetString()!)
            .ShouldBeGreaterThan(DateTimeOffset.Parse(timeline[1].GetProperty("recordedAt").GetString()!));
    }

    [Fact]
    public async Task replay_steps_through_valid_time()
    {
        await PostReport(Report("october-import", "2025-10-01T08:00:00Z", Interest("ibrahima-konate", "Real Madrid", "advanced")));
        await PostReport(Report("february", "2025-02-01T08:00:00Z", Interest("ibrahima-konate", "Real Madrid", "monitoring")));

        var steps = (await GetJson("/api/sagas/ibrahima-konate/replay")).EnumerateArray().ToList();
        steps.Select(s => s.GetProperty("state").GetProperty("suitors")[0].GetProperty("interest").GetString())
            .ShouldBe(["monitoring", "advanced", "withdrawn"]);
        steps.Select(s => s.GetProperty("at").GetString())
            .ShouldBe(["2025-02-01T08:00:00Z", "2025-10-01T08:00:00Z", "2025-11-28T18:00:00Z"]);
        steps[1].GetProperty("reporter").GetString().ShouldBe("Vinny O'Connor");
        steps[1].GetProperty("claim").GetProperty("level").GetString().ShouldBe("advanced");

        var window = (await GetJson("/api/sagas/ibrahima-konate/replay?from=2025-09-01&to=2025-10-31")).EnumerateArray().ToList();
        window.ShouldHaveSingleItem().GetProperty("reportId").GetString().ShouldBe("october-import");
        window[0].GetProperty("state").GetProperty("claims").GetInt32().ShouldBe(2);
    }
}

public class when_a_report_is_retracted(TimelineFixture fixture) : IntegrationTest(fixture)
{
    protected override async Task Given()
    {
        await OpenSaga("ibrahima-konate");
        await OpenSaga("marc-guehi", "Marc Guéhi", "Crystal Palace");
        await PostReport(Report("july", "2025-07-01T08:00:00Z", Interest("ibrahima-konate", "Real Madrid", "advanced")));
        await PostReport(Report("rumour", "2025-11-20T08:00:00Z",
            Interest("ibrahima-konate", "Real Madrid", "bid"), Interest("marc-guehi", "Liverpool", "bid")));
    }

    private Task<IScenarioResult> Retract(string id, int status = 201) => Send(HttpMethod.Post, $"/api/reports/{id}/retraction", new { reason = "The outlet withdrew the story." }, status, TimelineFixture.EditorKey);

    [Fact]
    public async Task its_claims_drop_out_of_every_state_from_then_on_and_stay_before()
    {
        (await GetJson("/api/sagas/ibrahima-konate")).GetProperty("suitors")[0].GetProperty("interest").GetString().ShouldBe("bid");
        var beforeRetraction = (await GetJson("/api/reports/rumour")).GetProperty("recordedAt").GetString()!;

        var receipt = (await Retract("rumour")).ReadAsJson<JsonElement>();
        receipt.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("saga").GetString())
            .ShouldBe(["ibrahima-konate", "marc-guehi"]);

        var konate = await GetJson("/api/sagas/ibrahima-konate");
        konate.GetProperty("suitors")[0].GetProperty("interest").GetString().ShouldBe("advanced");
        konate.GetProperty("claims").GetInt32().ShouldBe(1);
        (await GetJson("/api/sagas/marc-guehi")).GetProperty("suitors").GetArrayLength().ShouldBe(0);

        var then = await GetJson($"/api/sagas/ibrahima-konate?knownAt={Uri.EscapeDataString(beforeRetraction)}");
        then.GetProperty("suitors")[0].GetProperty("interest").GetString().ShouldBe("bid");

        var timeline = (await GetJson("/api/sagas/ibrahima-konate/timeline")).EnumerateArray().ToList();
        timeline.Single(e => e.GetProperty("reportId").GetString() == "rumour").GetProperty("retracted").GetBoolean().ShouldBeTrue();
        timeline.Single(e => e.GetProperty("reportId").GetString() == "july").GetProperty("retracted").GetBoolean().ShouldBeFalse();

        var report = await GetJson("/api/reports/rumour");
        report.GetProperty("retracted").GetBoolean().ShouldBeTrue();
        report.GetProperty("retraction").GetProperty("retractedBy").GetString().ShouldBe(TimelineFixture.EditorKeyName);
    }

    [Fact]
    public async Task retracting_again_stores_nothing_and_an_unknown_report_is_404()
    {
        var first = await Retract("rumour");
        var stored = await Fixture.EventCountAsync();

        var again = await Retract("rumour", 200);

        (await again.ReadAsTextAsync()).ShouldBe(await first.ReadAsTextAsync());
        (await Fixture.EventCountAsync()).ShouldBe(stored);
        await Retract("never-recorded", 404);
    }

    [Fact]
    public async Task a_reason_is_required()
    {
        await Send(HttpMethod.Post, "/api/reports/rumour/retraction", new { reason = "" }, 400, TimelineFixture.EditorKey);
        (await GetJson("/api/reports/rumour")).GetProperty("retracted").GetBoolean().ShouldBeFalse();
    }
}
