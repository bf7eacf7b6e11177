using Timeline.Api.Demo;

namespace Timeline.Api.Tests;

public sealed class when_a_saga_resolves_its_predictions_are_scored(TimelineFixture fixture) : IntegrationTest(fixture)
{
    private const string Renewal = "liverpool-2026-03-02-konate-renews";
    private const string TeamTalk = "teamtalk-2025-11-29-konate-jones";

    protected override async Task Given()
    {
        await DemoSeeder.SeedAsync(Fixture.Store, TimeProvider.System, CancellationToken.None);
    }

    private async Task RecordRenewal()
    {
        await PostReport(new
        {
            id = Renewal,
            reporter = "Liverpool FC",
            outlet = "liverpoolfc.com",
            publishedAt = "2026-03-02T17:00:00Z",
            url = "https://www.liverpoolfc.com/news/konate-signs-new-contract",
            claims = new[] { new { saga = "ibrahima-konate", type = "outcome", result = "renewed", club = "Liverpool" } },
        });
        await Fixture.ProjectionsCaughtUpAsync();
    }

    private async Task Retract(string reportId)
    {
        await Send(HttpMethod.Post, $"/api/reports/{reportId}/retraction", new { reason = "Announced in error." }, 201, TimelineFixture.EditorKey);
        await Fixture.ProjectionsCaughtUpAsync();
    }

    private static JsonElement OnlyPrediction(JsonElement source) =>
        source.GetProperty("predictions").EnumerateArray().ShouldHaveSingleItem();

    [Fact]
    public async Task dean_jones_expected_the_renewal_and_was_right()
    {
        await RecordRenewal();

        var jones = await GetJson("/api/reporters/dean-jones");

        jones.GetProperty("name").GetString().ShouldBe("Dean Jones");
        jones.GetProperty("resolved").GetInt32().ShouldBe(1);
        jones.GetProperty("correct").GetInt32().ShouldBe(1);
        jones.GetProperty("accuracy").GetDouble().ShouldBe(1);
        // The demo expectation states no confidence: it is scored at 0.5, so (0.5 - 1)².
        jones.GetProperty("brier").GetDouble().ShouldBe(0.25);
        var prediction = OnlyPrediction(jones);
        prediction.GetProperty("saga").GetString().ShouldBe("ibrahima-konate");
        prediction.GetProperty("outcome").GetString().ShouldBe("renewal");
        prediction.GetProperty("club").GetString().ShouldBe("Liverpool");
        prediction.GetProperty("confidence").GetDouble().ShouldBe(0.5);
        prediction.GetProperty("confidenceStated").GetBoolean().ShouldBeFalse();
        prediction.GetProperty("publishedAt").GetString().ShouldBe("2025-11-29T19:00:00Z");
        prediction.GetProperty("reportId").GetString().ShouldBe(TeamTalk);
        var resolution = prediction.GetProperty("resolution");
        resolution.GetProperty("result").GetString().ShouldBe("renewed");
        resolution.GetProperty("club").GetString().ShouldBe("Liverpool");
        resolution.GetProperty("publishedAt").GetString().ShouldBe("2026-03-02T17:00:00Z");
        resolution.GetProperty("reportId").GetString().ShouldBe(Renewal);
        resolution.GetProperty("correct").GetBoolean().ShouldBeTrue();

        var teamtalk = await GetJson("/api/outlets/teamtalk");
        teamtalk.GetProperty("name").GetString().ShouldBe("TEAMtalk");
        teamtalk.GetProperty("accuracy").GetDouble().ShouldBe(1);
        teamtalk.GetProperty("brier").GetDouble().ShouldBe(0.25);
    }

    [Fact]
    public async Task the_list_puts_the_scored_first_and_the_unscored_after()
    {
        await RecordRenewal();

        var reporters = (await GetJson("/api/reporters")).EnumerateArray().ToList();

        reporters.Select(r => r.GetProperty("slug").GetString())
            .ShouldBe(["dean-jones", "liverpool-fc", "the-athletic", "timeline-demo-desk", "vinny-oconnor"]);
        var jones = reporters[0];
        jones.GetProperty("kind").GetString().ShouldBe("reporter");
        jones.GetProperty("reports").GetInt32().ShouldBe(1);
        jones.GetProperty("sagas").GetInt32().ShouldBe(1);
        jones.GetProperty("predictions").GetInt32().ShouldBe(1);
        jones.GetProperty("resolved").GetInt32().ShouldBe(1);
        jones.GetProperty("correct").GetInt32().ShouldBe(1);
        jones.GetProperty("accuracy").GetDouble().ShouldBe(1);
        jones.GetProperty("brier").GetDouble().ShouldBe(0.25);
        reporters[1].GetProperty("accuracy").ValueKind.ShouldBe(JsonValueKind.Null);
        reporters[1].GetProperty("brier").ValueKind.ShouldBe(JsonValueKind.Null);

        var outlets = (await GetJson("/api/outlets?sort=name")).EnumerateArray().Select(o => o.GetProperty("slug").GetString());
        outlets.ShouldBe(["liverpoolfc-com", "sky-sports", "teamtalk", "the-athletic", "timeline-demo"]);
    }

    [Fact]
    public async Task asOf_before_the_outcome_leaves_the_prediction_unresolved()
    {
        await RecordRenewal();

        var before = await GetJson("/api/reporters/dean-jones?asOf=2026-03-01");

        OnlyPrediction(before).GetProperty("resolution").ValueKind.ShouldBe(JsonValueKind.Null);
        before.GetProperty("resolved").GetInt32().ShouldBe(0);
        before.GetProperty("accuracy").ValueKind.ShouldBe(JsonValueKind.Null);
        before.GetProperty("brier").ValueKind.ShouldBe(JsonValueKind.Null);
        before.GetProperty("asOf").GetString().ShouldBe("2026-03-01T23:59:59.9999999Z");

        var beforeThePrediction = await GetJson("/api/reporters/dean-jones?asOf=2025-11-29T18:59:59Z");
        beforeThePrediction.GetProperty("predictions").GetArrayLength().ShouldBe(0);
        beforeThePrediction.GetProperty("reports").GetInt32().ShouldBe(0);

        var listed = (await GetJson("/api/reporters?asOf=2026-03-01")).EnumerateArray()
            .Single(r => r.GetProperty("slug").GetString() == "dean-jones");
        listed.GetProperty("resolved").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task retracting_the_outcome_report_removes_its_effect()
    {
        await RecordRenewal();
        (await GetJson("/api/reporters/dean-jones")).GetProperty("correct").GetInt32().ShouldBe(1);

        await Retract(Renewal);

        var jones = await GetJson("/api/reporters/dean-jones");
        OnlyPrediction(jones).GetProperty("resolution").ValueKind.ShouldBe(JsonValueKind.Null);
        jones.GetProperty("resolved").GetInt32().ShouldBe(0);
        // The club's only report is gone, and with it the club's record.
        (await GetJson("/api/reporters/liverpool-fc", 404)).GetProperty("status").GetInt32().ShouldBe(404);
    }

    [Fact]
    public async Task retracting_the_prediction_removes_it()
    {
        await RecordRenewal();

        await Retract(TeamTalk);

        var teamtalk = await GetJson("/api/outlets/teamtalk", 404);
        teamtalk.GetProperty("detail").GetString().ShouldBe("There is no outlet 'teamtalk'.");
        var reporters = (await GetJson("/api/reporters")).EnumerateArray().Select(r => r.GetProperty("slug").GetString());
        reporters.ShouldNotContain("dean-jones");
    }

    [Fact]
    public async Task a_wrong_and_confident_prediction_scores_worse()
    {
        await PostReport(new
        {
            id = "example-2025-12-01-konate-madrid",
            reporter = "A. Reporter",
            outlet = "Example Daily",
            publishedAt = "2025-12-01T08:00:00Z",
            claims = new[] { new { saga = "ibrahima-konate", type = "expectation", outcome = "transfer", club = "Real Madrid", confidence = 0.8 } },
        });
        await RecordRenewal();

        var reporter = await GetJson("/api/reporters/a-reporter");
        reporter.GetProperty("accuracy").GetDouble().ShouldBe(0);
        reporter.GetProperty("brier").GetDouble().ShouldBe(0.64, 1e-9);
        var prediction = OnlyPrediction(reporter);
        prediction.GetProperty("confidence").GetDouble().ShouldBe(0.8);
        prediction.GetProperty("confidenceStated").GetBoolean().ShouldBeTrue();
        prediction.GetProperty("resolution").GetProperty("correct").GetBoolean().ShouldBeFalse();

        var byBrier = (await GetJson("/api/reporters?sort=brier")).EnumerateArray().Select(r => r.GetProperty("slug").GetString()).ToList();
        byBrier.Take(2).ShouldBe(["dean-jones", "a-reporter"]);
        var byAccuracy = (await GetJson("/api/reporters?sort=accuracy")).EnumerateArray().Select(r => r.GetProperty("slug").GetString()).ToList();
        byAccuracy.Take(2).ShouldBe(["dean-jones", "a-reporter"]);
        var byReports = (await GetJson("/api/reporters?sort=reports")).EnumerateArray().Select(r => r.GetProperty("slug").GetString()).ToList();
        byReports[0].ShouldBe("timeline-demo-desk");
    }

    [Fact]
    public async Task a_reporter_counts_reports_sagas_and_claims_by_type()
    {
        await Fixture.ProjectionsCaughtUpAsync();

        var vinny = await GetJson("/api/reporters/vinny-oconnor");

        vinny.GetProperty("name").GetString().ShouldBe("Vinny O'Connor");
        vinny.GetProperty("reports").GetInt32().ShouldBe(1);
        vinny.GetProperty("sagas").GetInt32().ShouldBe(3);
        var claims = vinny.GetProperty("claims");
        claims.GetProperty("interest").GetInt32().ShouldBe(3);
        claims.GetProperty("club-stance").GetInt32().ShouldBe(3);
        claims.GetProperty("player-stance").GetInt32().ShouldBe(1);
        claims.GetProperty("expectation").GetInt32().ShouldBe(0);
        vinny.GetProperty("predictions").GetArrayLength().ShouldBe(0);

        // The name, spelt any way, finds the same record.
        (await GetJson($"/api/reporters/{Uri.EscapeDataString("Vinny O'Connor")}")).GetProperty("slug").GetString()
            .ShouldBe("vinny-oconnor");
    }

    [Fact]
    public async Task the_first_to_report_a_club_is_the_earliest_published_not_the_earliest_recorded()
    {
        await Fixture.ProjectionsCaughtUpAsync();
        // Bayern's interest in Guéhi: Sky Sports was first, on 29 November.
        var vinny = await GetJson("/api/reporters/vinny-oconnor");
        vinny.GetProperty("firstToReport").GetInt32().ShouldBe(1);
        var first = vinny.GetProperty("firstReports").EnumerateArray().ShouldHaveSingleItem();
        first.GetProperty("saga").GetString().ShouldBe("marc-guehi");
        first.GetProperty("club").GetString().ShouldBe("Bayern Munich");
        (await GetJson("/api/reporters/timeline-demo-desk")).GetProperty("firstToReport").GetInt32().ShouldBe(2);

        // Recorded now, published three weeks before Sky Sports.
        await PostReport(new
        {
            id = "kicker-2025-11-08-guehi-bayern",
            reporter = "Georg Holzner",
            outlet = "kicker",
            publishedAt = "2025-11-08T10:00:00Z",
            claims = new[] { Interest("marc-guehi", "Bayern Munich", "monitoring") },
        });
        await Fixture.ProjectionsCaughtUpAsync();

        (await GetJson("/api/reporters/vinny-oconnor")).GetProperty("firstToReport").GetInt32().ShouldBe(0);
        (await GetJson("/api/reporters/georg-holzner")).GetProperty("firstToReport").GetInt32().ShouldBe(1);
        (await GetJson("/api/outlets/kicker")).GetProperty("firstToReport").GetInt32().ShouldBe(1);
        (await GetJson("/api/outlets/sky-sports")).GetProperty("firstToReport").GetInt32().ShouldBe(0);

        // As of before it was published, kicker had been first to nothing.
        (await GetJson("/api/reporters/georg-holzner?asOf=2025-11-07")).GetProperty("firstToReport").GetInt32().ShouldBe(0);
    }

    [Theory]
    [InlineData("/api/reporters?sort=loudest", "sort")]
    [InlineData("/api/outlets?sort=Accuracy", "sort")]
    [InlineData("/api/reporters?asOf=last-week", "asOf")]
    [InlineData("/api/reporters/dean-jones?asOf=2025-13-45", "asOf")]
    [InlineData("/api/outlets/teamtalk?asOf=soon", "asOf")]
    public async Task bad_query_values_are_problems(string url, string field)
    {
        var problem = await GetJson(url, 400);
        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue();
    }

    [Fact]
    public async Task an_unknown_reporter_or_outlet_is_not_found()
    {
        (await GetJson("/api/reporters/nobody", 404)).GetProperty("detail").GetString().ShouldBe("There is no reporter 'nobody'.");
        (await GetJson("/api/outlets/nowhere", 404)).GetProperty("detail").GetString().ShouldBe("There is no outlet 'nowhere'.");
    }
}
