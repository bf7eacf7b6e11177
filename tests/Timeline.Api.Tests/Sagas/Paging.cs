namespace Timeline.Api.Tests;

/// <summary>Every list that grows with the store answers one page at a time, with the whole count and the next page.</summary>
public sealed class when_a_list_is_longer_than_a_page(TimelineFixture fixture) : IntegrationTest(fixture)
{
    private const string Saga = "ibrahima-konate";

    /// <summary>Records <paramref name="count"/> one-claim reports, a day apart, alternating a bid and a withdrawal (each pair contradicts).</summary>
    private async Task RecordAsync(int count, string? quote = null)
    {
        await OpenSaga(Saga);
        for (var i = 0; i < count; i++)
        {
            await PostReport(new
            {
                id = $"r-{i}",
                reporter = i % 2 == 0 ? "Vinny O'Connor" : "Dean Jones",
                outlet = i % 2 == 0 ? "Sky Sports" : "TEAMtalk",
                publishedAt = new DateTimeOffset(2025, 1, 1, 9, 0, 0, TimeSpan.Zero).AddDays(i).ToString("O"),
                quote,
                claims = new[] { Interest(Saga, "Real Madrid", i % 2 == 0 ? "bid" : "withdrawn") },
            });
        }
    }

    private async Task<(JsonElement Body, IScenarioResult Result)> Get(string url)
    {
        var result = await Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.StatusCodeShouldBe(200);
        });
        return (result.ReadAsJson<JsonElement>(), result);
    }

    [Fact]
    public async Task the_sagas_list_is_paged_with_a_total_and_a_link_to_the_next_page()
    {
        for (var i = 0; i < 5; i++)
        {
            await OpenSaga($"player-{i}", $"Player {(char)('A' + i)}");
        }

        var (first, result) = await Get("/api/sagas?limit=2");
        first.GetArrayLength().ShouldBe(2);
        result.Context.Response.Headers["X-Total-Count"].ToString().ShouldBe("5");
        var link = result.Context.Response.Headers["Link"].ToString();
        link.ShouldBe("</api/sagas?offset=2&limit=2>; rel=\"next\"");

        var (second, _) = await Get("/api/sagas?offset=2&limit=2");
        var (last, lastResult) = await Get("/api/sagas?offset=4&limit=2");
        last.GetArrayLength().ShouldBe(1);
        lastResult.Context.Response.Headers.ContainsKey("Link").ShouldBeFalse("no page after the last");
        var slugs = first.EnumerateArray().Concat(second.EnumerateArray()).Concat(last.EnumerateArray()).Select(x => x.GetProperty("slug").GetString());
        slugs.Distinct().Count().ShouldBe(5, "the pages together hold every saga once");

        var problem = await GetJson("/api/sagas?limit=501", 400);
        problem.GetProperty("errors").TryGetProperty("limit", out _).ShouldBeTrue();
        (await GetJson("/api/sagas?offset=-1", 400)).GetProperty("errors").TryGetProperty("offset", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task timeline_replay_and_contradictions_are_capped_by_default()
    {
        await RecordAsync(120);

        var (replay, replayResult) = await Get($"/api/sagas/{Saga}/replay");
        replay.GetArrayLength().ShouldBe(100, "replay's default page");
        replayResult.Context.Response.Headers["X-Total-Count"].ToString().ShouldBe("120");
        var (rest, _) = await Get($"/api/sagas/{Saga}/replay?offset=100");
        rest.GetArrayLength().ShouldBe(20);
        rest[19].GetProperty("state").GetProperty("claims").GetInt32().ShouldBe(120, "the last step holds every claim");

        var (timeline, timelineResult) = await Get($"/api/sagas/{Saga}/timeline?limit=50");
        timeline.GetArrayLength().ShouldBe(50);
        timelineResult.Context.Response.Headers["X-Total-Count"].ToString().ShouldBe("120");
        timeline[0].GetProperty("reportId").GetString().ShouldBe("r-0");

        var (contradictions, _) = await Get($"/api/sagas/{Saga}/contradictions?window=3650");
        var total = contradictions.GetProperty("total").GetInt32();
        total.ShouldBe(60 * 60, "every bid against every withdrawal within the window");
        contradictions.GetProperty("contradictions").GetArrayLength().ShouldBe(100);
        contradictions.GetProperty("limit").GetInt32().ShouldBe(100);
        var (page, _) = await Get($"/api/sagas/{Saga}/contradictions?window=3650&offset={total - 10}&limit=500");
        page.GetProperty("contradictions").GetArrayLength().ShouldBe(10);
    }

    [Fact]
    public async Task a_long_quote_is_cut_in_lists_and_whole_on_its_report()
    {
        var quote = string.Concat(Enumerable.Repeat("Konaté is weighing up his future. ", 100));
        await RecordAsync(2, quote);

        var (timeline, _) = await Get($"/api/sagas/{Saga}/timeline");
        var listed = timeline[0];
        listed.GetProperty("quoteTruncated").GetBoolean().ShouldBeTrue();
        listed.GetProperty("quote").GetString()!.Length.ShouldBe(501);
        listed.GetProperty("quote").GetString()!.ShouldEndWith("…");
        (await GetJson("/api/reports/r-0")).GetProperty("quote").GetString().ShouldBe(quote);

        var (contradictions, _) = await Get($"/api/sagas/{Saga}/contradictions");
        contradictions.GetProperty("contradictions")[0].GetProperty("earlier").GetProperty("quoteTruncated").GetBoolean().ShouldBeTrue();
    }
}

/// <summary>A saga's costly reads are kept per node for as long as the saga does not change.</summary>
public sealed class when_a_sagas_costly_read_is_repeated(TimelineFixture fixture) : IntegrationTest(fixture)
{
    private async Task<IScenarioResult> Timeline() => await Host.Scenario(s =>
    {
        s.Get.Url("/api/sagas/ibrahima-konate/timeline");
        s.StatusCodeShouldBe(200);
    });

    [Fact]
    public async Task the_answer_is_served_again_until_the_saga_changes()
    {
        await OpenSaga("ibrahima-konate");
        await PostReport(Report("sky-1", "2025-11-29T09:30:00Z", Interest("ibrahima-konate", "Real Madrid", "cooling")));

        (await Timeline()).Context.Response.Headers.ContainsKey("Age").ShouldBeFalse("the first answer is computed");
        var again = await Timeline();
        again.Context.Response.Headers.ContainsKey("Age").ShouldBeTrue("the second is the kept answer");
        again.ReadAsJson<JsonElement>().GetArrayLength().ShouldBe(1);

        await PostReport(Report("sky-2", "2025-11-30T09:30:00Z", Interest("ibrahima-konate", "Real Madrid", "withdrawn")));
        var changed = await Timeline();
        changed.Context.Response.Headers.ContainsKey("Age").ShouldBeFalse("a new version is a new answer");
        changed.ReadAsJson<JsonElement>().GetArrayLength().ShouldBe(2);
    }
}
