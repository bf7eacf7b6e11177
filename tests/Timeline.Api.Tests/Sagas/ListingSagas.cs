namespace Timeline.Api.Tests;

public sealed class when_sagas_are_listed(TimelineFixture fixture) : IntegrationTest(fixture)
{
    protected override async Task Given()
    {
        await OpenSaga("ibrahima-konate", "Ibrahima Konaté", "Liverpool");
        await OpenSaga("marc-guehi", "Marc Guéhi", "Crystal Palace");
        await OpenSaga("dayot-upamecano", "Dayot Upamecano", "Bayern Munich");
        await PostReport(Report("sky-1", "2025-11-29T09:30:00Z",
            Interest("marc-guehi", "Liverpool", "interested"),
            new { saga = "dayot-upamecano", type = "club-stance", club = "Bayern Munich", stance = "wants-to-keep" }));
        await PostReport(Report("done-1", "2025-12-01T10:00:00Z",
            new { saga = "dayot-upamecano", type = "outcome", result = "renewed", club = "Bayern Munich" }));
    }

    private static string[] Slugs(JsonElement list) => [.. list.EnumerateArray().Select(x => x.GetProperty("slug").GetString()!)];

    [Fact]
    public async Task every_saga_is_listed_most_recently_reported_first()
    {
        var list = await GetJson("/api/sagas");
        Slugs(list).ShouldBe(["dayot-upamecano", "marc-guehi", "ibrahima-konate"]);
        list[0].GetProperty("status").GetString().ShouldBe("resolved");
    }

    [Fact]
    public async Task club_matches_the_current_club_and_any_club_with_interest_case_insensitively()
    {
        Slugs(await GetJson("/api/sagas?club=liverpool")).ShouldBe(["marc-guehi", "ibrahima-konate"]);
        Slugs(await GetJson("/api/sagas?club=Bayern%20Munich")).ShouldBe(["dayot-upamecano"]);
        Slugs(await GetJson("/api/sagas?club=Arsenal")).ShouldBeEmpty();
    }

    [Fact]
    public async Task status_filters_open_and_resolved_and_refuses_anything_else()
    {
        Slugs(await GetJson("/api/sagas?status=resolved")).ShouldBe(["dayot-upamecano"]);
        Slugs(await GetJson("/api/sagas?status=open")).ShouldBe(["marc-guehi", "ibrahima-konate"]);
        var problem = await GetJson("/api/sagas?status=rumoured", 400);
        problem.GetProperty("errors").TryGetProperty("status", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task putting_a_saga_again_changes_its_details_and_answers_200()
    {
        var result = await Host.Scenario(s =>
        {
            s.Put.Json(new { player = "Ibrahima Konaté", currentClub = "Liverpool", contractExpires = "2027-06-30" })
                .ToUrl("/api/sagas/ibrahima-konate");
            s.WithRequestHeader("X-Api-Key", TimelineFixture.EditorKey);
            s.StatusCodeShouldBe(200);
        });
        result.ReadAsJson<JsonElement>().GetProperty("contractExpires").GetString().ShouldBe("2027-06-30");
        var stored = await GetJson("/api/sagas/ibrahima-konate");
        stored.GetProperty("contractExpires").GetString().ShouldBe("2027-06-30");
        stored.GetProperty("version").GetInt64().ShouldBe(2, "the stored state carries the stream version of the change");

        var before = await Fixture.EventCountAsync();
        await Host.Scenario(s =>
        {
            s.Put.Json(new { player = "Ibrahima Konaté", currentClub = "Liverpool", contractExpires = "2027-06-30" })
                .ToUrl("/api/sagas/ibrahima-konate");
            s.WithRequestHeader("X-Api-Key", TimelineFixture.EditorKey);
            s.StatusCodeShouldBe(200);
        });
        (await Fixture.EventCountAsync()).ShouldBe(before, "the same details again change nothing");
    }

    [Fact]
    public async Task a_report_is_read_back_with_its_provenance_and_placements()
    {
        var report = await GetJson("/api/reports/sky-1");
        report.GetProperty("reporter").GetString().ShouldBe("Vinny O'Connor");
        report.GetProperty("recordedBy").GetString().ShouldBe(TimelineFixture.WriterKeyName);
        report.GetProperty("claims").GetArrayLength().ShouldBe(2);
        report.GetProperty("events")[0].GetProperty("saga").GetString().ShouldBe("marc-guehi");
        await GetJson("/api/reports/no-such-report", 404);
    }
}
