using Timeline.Api.Demo;

namespace Timeline.Api.Tests;

public sealed class when_sources_contradict_each_other(TimelineFixture fixture) : IntegrationTest(fixture)
{
    private const string BidReport = "example-daily-2025-11-10-madrid-bid";
    private const string Athletic = "athletic-2025-11-28-konate-real-madrid";
    private const string TeamTalk = "teamtalk-2025-11-29-konate-jones";

    protected override async Task Given()
    {
        await DemoSeeder.SeedAsync(Fixture.Store, TimeProvider.System, CancellationToken.None);
        await PostReport(new
        {
            id = BidReport,
            reporter = "A. Reporter",
            outlet = "Example Daily",
            publishedAt = "2025-11-10T08:00:00Z",
            url = "https://example.com/madrid-bid",
            quote = "Real Madrid have made a bid for Konate.",
            claims = new[] { Interest("ibrahima-konate", "Real Madrid", "bid") },
        });
    }

    private async Task<List<JsonElement>> ContradictionsOf(string query = "") =>
        (await GetJson($"/api/sagas/ibrahima-konate/contradictions{query}")).GetProperty("contradictions").EnumerateArray().ToList();

    private static string Of(JsonElement side, string field) => side.GetProperty(field).GetString()!;

    [Fact]
    public async Task the_athletic_not_pursuing_contradicts_the_earlier_bid_with_both_provenances()
    {
        var answer = await GetJson("/api/sagas/ibrahima-konate/contradictions");
        answer.GetProperty("saga").GetString().ShouldBe("ibrahima-konate");
        answer.GetProperty("windowDays").GetInt32().ShouldBe(30);

        var pair = answer.GetProperty("contradictions").EnumerateArray()
            .Single(c => Of(c, "rule") == "not-pursuing-vs-active-interest");
        pair.GetProperty("daysApart").GetDouble().ShouldBe(18.17);

        var bid = pair.GetProperty("earlier");
        Of(bid, "reportId").ShouldBe(BidReport);
        Of(bid, "reporter").ShouldBe("A. Reporter");
        Of(bid, "outlet").ShouldBe("Example Daily");
        Of(bid, "publishedAt").ShouldBe("2025-11-10T08:00:00Z");
        Of(bid, "url").ShouldBe("https://example.com/madrid-bid");
        Of(bid, "quote").ShouldBe("Real Madrid have made a bid for Konate.");
        Of(bid, "recordedBy").ShouldBe(TimelineFixture.WriterKeyName);
        bid.GetProperty("recordedAt").GetDateTimeOffset().ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5));
        Of(bid.GetProperty("claim"), "type").ShouldBe("interest");
        Of(bid.GetProperty("claim"), "level").ShouldBe("bid");

        var athletic = pair.GetProperty("later");
        Of(athletic, "reportId").ShouldBe(Athletic);
        Of(athletic, "reporter").ShouldBe("The Athletic");
        Of(athletic, "outlet").ShouldBe("The Athletic");
        Of(athletic, "publishedAt").ShouldBe("2025-11-28T12:00:00Z");
        Of(athletic, "recordedBy").ShouldBe(DemoDataSet.RecordedBy);
        athletic.GetProperty("url").ValueKind.ShouldBe(JsonValueKind.Null);
        Of(athletic.GetProperty("claim"), "type").ShouldBe("club-stance");
        Of(athletic.GetProperty("claim"), "stance").ShouldBe("not-pursuing");
        Of(athletic.GetProperty("claim"), "club").ShouldBe("Real Madrid");
    }

    [Fact]
    public async Task the_bid_also_contradicts_both_withdrawals_and_nothing_else_does()
    {
        var pairs = await ContradictionsOf();

        pairs.Select(c => (Of(c, "rule"), Of(c.GetProperty("earlier"), "reportId"), Of(c.GetProperty("later"), "reportId")))
            .ShouldBe(
            [
                ("interest-withdrawn-vs-active", BidReport, Athletic),
                ("not-pursuing-vs-active-interest", BidReport, Athletic),
                ("interest-withdrawn-vs-active", BidReport, TeamTalk),
            ]);
    }

    [Fact]
    public async Task the_timeline_marks_both_claims()
    {
        var timeline = (await GetJson("/api/sagas/ibrahima-konate/timeline")).EnumerateArray().ToList();

        List<string> ContradictedBy(string reportId, string type) => timeline
            .Single(e => Of(e, "reportId") == reportId && Of(e.GetProperty("claim"), "type") == type)
            .GetProperty("contradictedBy").EnumerateArray().Select(x => x.GetString()!).ToList();

        ContradictedBy(BidReport, "interest").ShouldBe([Athletic, TeamTalk]);
        ContradictedBy(Athletic, "club-stance").ShouldBe([BidReport]);
        ContradictedBy(Athletic, "interest").ShouldBe([BidReport]);
        timeline.Where(e => Of(e, "reportId") is not (BidReport or Athletic or TeamTalk))
            .ShouldAllBe(e => e.GetProperty("contradictedBy").GetArrayLength() == 0);
    }

    [Fact]
    public async Task the_window_decides_how_far_apart_claims_may_be()
    {
        (await ContradictionsOf("?window=18")).ShouldBeEmpty();
        (await ContradictionsOf("?window=19")).Count.ShouldBe(2);

        // The illustrative September report of Real Madrid's advanced interest is 67 days before The Athletic's.
        var wide = await ContradictionsOf("?window=70");
        wide.ShouldContain(c => Of(c.GetProperty("earlier"), "reportId") == "demo-illustrative-2025-09-22");
    }

    [Fact]
    public async Task a_retracted_report_contradicts_nothing_from_its_retraction_on()
    {
        var beforeRetraction = (await GetJson($"/api/reports/{BidReport}")).GetProperty("recordedAt").GetString()!;
        await Send(HttpMethod.Post, $"/api/reports/{BidReport}/retraction", new { reason = "The outlet withdrew the story." }, 201, TimelineFixture.EditorKey);

        (await ContradictionsOf()).ShouldBeEmpty();
        (await ContradictionsOf($"?knownAt={Uri.EscapeDataString(beforeRetraction)}")).Count.ShouldBe(3);
        (await GetJson("/api/sagas/ibrahima-konate/timeline")).EnumerateArray()
            .ShouldAllBe(e => e.GetProperty("contradictedBy").GetArrayLength() == 0);
    }

    [Theory]
    [InlineData("?window=0", "window")]
    [InlineData("?window=3651", "window")]
    [InlineData("?knownAt=yesterday", "knownAt")]
    public async Task bad_query_values_are_problems(string query, string field)
    {
        var problem = await GetJson($"/api/sagas/ibrahima-konate/contradictions{query}", 400);
        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue();
    }

    [Fact]
    public async Task a_window_that_is_no_number_is_refused()
    {
        await Host.Scenario(s =>
        {
            s.Get.Url("/api/sagas/ibrahima-konate/contradictions?window=month");
            s.StatusCodeShouldBe(400);
        });
    }

    [Fact]
    public async Task an_unknown_saga_is_not_found()
    {
        var problem = await GetJson("/api/sagas/nobody/contradictions", 404);
        problem.GetProperty("detail").GetString().ShouldBe("There is no saga 'nobody'.");
    }
}
