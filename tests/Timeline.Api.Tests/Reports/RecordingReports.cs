namespace Timeline.Api.Tests;

public class when_a_report_is_recorded(TimelineFixture fixture) : IntegrationTest(fixture)
{
    protected override async Task Given()
    {
        await OpenSaga("ibrahima-konate");
        await OpenSaga("marc-guehi", "Marc Guéhi", "Crystal Palace");
        await OpenSaga("dayot-upamecano", "Dayot Upamecano", "Bayern Munich");
    }

    [Fact]
    public async Task its_claims_fold_into_the_saga_state_with_provenance()
    {
        var result = await PostReport(Report("sky-1", "2025-11-30T09:00:00Z",
            Interest("ibrahima-konate", "Real Madrid", "cooling"),
            new { saga = "ibrahima-konate", type = "player-stance", stance = "exploring-options", from = "2026-01" }));

        var receipt = result.ReadAsJson<JsonElement>();
        receipt.GetProperty("reportId").GetString().ShouldBe("sky-1");
        receipt.GetProperty("events").EnumerateArray()
            .Select(e => (e.GetProperty("saga").GetString(), e.GetProperty("version").GetInt64()))
            .ShouldBe([("ibrahima-konate", 2L), ("ibrahima-konate", 3L)]);
        result.Context.Response.Headers.Location.ToString().ShouldBe("/api/reports/sky-1");

        var state = await GetJson("/api/sagas/ibrahima-konate");
        state.GetProperty("claims").GetInt32().ShouldBe(2);
        state.GetProperty("status").GetString().ShouldBe("open");
        var suitor = state.GetProperty("suitors").EnumerateArray().ShouldHaveSingleItem();
        suitor.GetProperty("club").GetString().ShouldBe("Real Madrid");
        suitor.GetProperty("interest").GetString().ShouldBe("cooling");
        suitor.GetProperty("since").GetString().ShouldBe("2025-11-30T09:00:00Z");
        suitor.GetProperty("reporter").GetString().ShouldBe("Vinny O'Connor");
        suitor.GetProperty("outlet").GetString().ShouldBe("Sky Sports");
        state.GetProperty("playerStance").GetProperty("stance").GetString().ShouldBe("exploring-options");
        state.GetProperty("playerStance").GetProperty("from").GetString().ShouldBe("2026-01");
        state.GetProperty("lastReportAt").GetString().ShouldBe("2025-11-30T09:00:00Z");
    }

    [Fact]
    public async Task a_report_spanning_three_sagas_lands_in_each_in_one_transaction()
    {
        var result = await PostReport(Report("sky-three", "2025-11-30T09:00:00Z",
            new { saga = "ibrahima-konate", type = "club-stance", club = "Liverpool", stance = "seeking-replacement" },
            Interest("marc-guehi", "Liverpool", "interested"),
            Interest("marc-guehi", "Bayern Munich", "interested"),
            new { saga = "dayot-upamecano", type = "club-stance", club = "Bayern Munich", stance = "wants-to-keep" }));

        result.ReadAsJson<JsonElement>().GetProperty("events").EnumerateArray()
            .Select(e => $"{e.GetProperty("saga").GetString()}@{e.GetProperty("version").GetInt64()}")
            .ShouldBe(["ibrahima-konate@2", "marc-guehi@2", "marc-guehi@3", "dayot-upamecano@2"]);

        (await GetJson("/api/sagas/ibrahima-konate")).GetProperty("clubStances")[0].GetProperty("stance").GetString()
            .ShouldBe("seeking-replacement");
        (await GetJson("/api/sagas/marc-guehi")).GetProperty("suitors").EnumerateArray()
            .Select(s => s.GetProperty("club").GetString()).ShouldBe(["Bayern Munich", "Liverpool"]);
        (await GetJson("/api/sagas/dayot-upamecano")).GetProperty("clubStances")[0].GetProperty("club").GetString()
            .ShouldBe("Bayern Munich");

        var report = await GetJson("/api/reports/sky-three");
        report.GetProperty("claims").GetArrayLength().ShouldBe(4);
        report.GetProperty("recordedBy").GetString().ShouldBe(TimelineFixture.WriterKeyName);
    }

    [Fact]
    public async Task the_key_name_is_recorded_as_recordedBy_in_the_event_metadata()
    {
        await PostReport(Report("sky-meta", "2025-11-30T09:00:00Z", Interest("ibrahima-konate", "Real Madrid", "cooling")));

        await using var session = Fixture.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync("ibrahima-konate");
        events.Last().UserName.ShouldBe(TimelineFixture.WriterKeyName);
        (await session.Events.FetchStreamAsync("report:sky-meta")).ShouldHaveSingleItem().UserName
            .ShouldBe(TimelineFixture.WriterKeyName);

        var timeline = await GetJson("/api/sagas/ibrahima-konate/timeline");
        var entry = timeline.EnumerateArray().ShouldHaveSingleItem();
        entry.GetProperty("recordedBy").GetString().ShouldBe(TimelineFixture.WriterKeyName);
        entry.GetProperty("reportId").GetString().ShouldBe("sky-meta");
        entry.GetProperty("quote").GetString().ShouldStartWith("Liverpool remain committed");
        entry.GetProperty("claim").GetProperty("type").GetString().ShouldBe("interest");
        entry.GetProperty("retracted").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task an_id_is_generated_when_none_is_given()
    {
        var result = await PostReport(new
        {
            reporter = "Dean Jones", outlet = "TEAMtalk", publishedAt = "2025-11-29T10:00:00Z",
            claims = new[] { new { saga = "ibrahima-konate", type = "expectation", outcome = "renewal", club = "Liverpool", confidence = 0.7 } },
        });

        var id = result.ReadAsJson<JsonElement>().GetProperty("reportId").GetString();
        Guid.TryParse(id, out _).ShouldBeTrue();
        (await GetJson($"/api/reports/{id}")).GetProperty("reporter").GetString().ShouldBe("Dean Jones");
        var expectation = (await GetJson("/api/sagas/ibrahima-konate")).GetProperty("expectations")[0];
        expectation.GetProperty("confidence").GetDouble().ShouldBe(0.7);
        expectation.GetProperty("at").GetString().ShouldBe("2025-11-29T10:00:00Z");
    }

    [Fact]
    public async Task an_outcome_resolves_the_saga()
    {
        await PostReport(Report("done", "2026-02-01T12:00:00Z",
            new { saga = "ibrahima-konate", type = "outcome", result = "renewed", club = "Liverpool" }));

        var state = await GetJson("/api/sagas/ibrahima-konate?asOf=2026-03-01&knownAt=2100-01-01");
        state.GetProperty("status").GetString().ShouldBe("resolved");
        state.GetProperty("outcome").GetProperty("result").GetString().ShouldBe("renewed");
        state.GetProperty("outcome").GetProperty("at").GetString().ShouldBe("2026-02-01T12:00:00Z");

        var resolved = await GetJson("/api/sagas?status=resolved");
        resolved.EnumerateArray().Select(s => s.GetProperty("slug").GetString()).ShouldBe(["ibrahima-konate"]);
    }
}
