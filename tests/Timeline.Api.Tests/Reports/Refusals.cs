namespace Timeline.Api.Tests;

public class when_a_report_is_refused(TimelineFixture fixture) : IntegrationTest(fixture)
{
    private long _storedBefore;

    protected override async Task Given()
    {
        await OpenSaga("ibrahima-konate");
        _storedBefore = await Fixture.EventCountAsync();
    }

    private async Task<JsonElement> Refused(object body, int status, params string[] fields)
    {
        var result = await PostReport(body, status);
        return await ShouldBeProblem(result, status, fields);
    }

    private async Task<JsonElement> ShouldBeProblem(IScenarioResult result, int status, params string[] fields)
    {
        result.Context.Response.ContentType.ShouldBe("application/problem+json");
        var problem = result.ReadAsJson<JsonElement>();
        problem.GetProperty("status").GetInt32().ShouldBe(status);
        foreach (var field in fields)
        {
            problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue($"no error for {field} in {problem}");
        }

        (await Fixture.EventCountAsync()).ShouldBe(_storedBefore, "a refused report must store nothing");
        return problem;
    }

    [Fact]
    public async Task an_unknown_saga_refuses_the_whole_report() =>
        await Refused(Report("r", "2025-11-30T09:00:00Z",
            Interest("ibrahima-konate", "Real Madrid", "cooling"),
            Interest("no-such-player", "Real Madrid", "cooling")), 400, "claims[1].saga");

    [Fact]
    public async Task an_unknown_claim_type_is_refused() =>
        await Refused(Report("r", "2025-11-30T09:00:00Z", new { saga = "ibrahima-konate", type = "rumour" }), 400, "claims[0].type");

    [Fact]
    public async Task one_bad_value_among_good_claims_names_its_path()
    {
        var problem = await Refused(Report("r", "2025-11-30T09:00:00Z",
            Interest("ibrahima-konate", "Real Madrid", "cooling"),
            Interest("ibrahima-konate", "Bayern Munich", "interested"),
            Interest("ibrahima-konate", "PSG", "obsessed")), 400, "claims[2].level");
        problem.GetProperty("errors").GetProperty("claims[2].level")[0].GetString()!.ShouldContain("withdrawn");
    }

    [Fact]
    public async Task missing_fields_are_each_named() =>
        await Refused(new { outlet = "Sky Sports", claims = new[] { new { saga = "ibrahima-konate", type = "interest" } } },
            400, "reporter", "publishedAt", "claims[0].club", "claims[0].level");

    [Fact]
    public async Task an_unknown_field_on_a_claim_is_refused() =>
        await Refused(Report("r", "2025-11-30T09:00:00Z",
            new { saga = "ibrahima-konate", type = "interest", club = "PSG", level = "bid", amount = 5 }), 400, "claims[0].amount");

    [Fact]
    public async Task a_publishedAt_in_the_future_is_refused() =>
        await Refused(Report("r", DateTimeOffset.UtcNow.AddDays(1).ToString("O"), Interest("ibrahima-konate", "PSG", "bid")),
            400, "publishedAt");

    [Fact]
    public async Task a_report_without_claims_is_refused() =>
        await Refused(Report("r", "2025-11-30T09:00:00Z"), 400, "claims");

    [Fact]
    public async Task values_out_of_range_are_refused() =>
        await Refused(Report("r", "2025-11-30T09:00:00Z",
            new { saga = "ibrahima-konate", type = "expectation", outcome = "renewal", confidence = 1.5 },
            new { saga = "ibrahima-konate", type = "offer", club = "PSG", kind = "transfer-fee", status = "made", amount = -1, currency = "euros" }),
            400, "claims[0].confidence", "claims[1].amount", "claims[1].currency");

    [Fact]
    public async Task malformed_json_is_a_400_problem()
    {
        var result = await SendText(HttpMethod.Post, "/api/reports", "{\"reporter\": \"x\", \"claims\": [", 400);
        await ShouldBeProblem(result, 400);
    }

    [Fact]
    public async Task a_wrongly_typed_top_level_field_is_a_400_problem()
    {
        var result = await SendText(HttpMethod.Post, "/api/reports", """{"reporter": 5, "outlet": "x", "publishedAt": "2025-11-30T09:00:00Z", "claims": []}""", 400);
        await ShouldBeProblem(result, 400, "reporter");
    }

    [Fact]
    public async Task a_body_over_one_mebibyte_is_a_413_problem()
    {
        var huge = new string('a', 1024 * 1024 + 10);
        var result = await SendText(HttpMethod.Post, "/api/reports", JsonSerializer.Serialize(new { reporter = "x", outlet = "y", quote = huge }), 413);
        await ShouldBeProblem(result, 413);
    }

    [Fact]
    public async Task no_key_is_a_401_problem()
    {
        var result = await PostReport(Report("r", "2025-11-30T09:00:00Z", Interest("ibrahima-konate", "PSG", "bid")), 401, key: null);
        await ShouldBeProblem(result, 401);
    }

    [Fact]
    public async Task a_wrong_key_is_a_401_problem()
    {
        var result = await PostReport(Report("r", "2025-11-30T09:00:00Z", Interest("ibrahima-konate", "PSG", "bid")), 401, key: "not-a-key");
        await ShouldBeProblem(result, 401);
    }

    [Fact]
    public async Task a_bearer_key_is_accepted_as_well_as_x_api_key()
    {
        await Host.Scenario(s =>
        {
            s.Post.Json(Report("bearer", "2025-11-30T09:00:00Z", Interest("ibrahima-konate", "PSG", "bid"))).ToUrl("/api/reports");
            s.WithRequestHeader("Authorization", $"Bearer {TimelineFixture.EditorKey}");
            s.StatusCodeShouldBe(201);
        });
        (await GetJson("/api/reports/bearer")).GetProperty("recordedBy").GetString().ShouldBe(TimelineFixture.EditorKeyName);
    }

    [Fact]
    public async Task an_invalid_saga_slug_or_player_is_refused_on_open()
    {
        var result = await Send(HttpMethod.Put, "/api/sagas/Not_A_Slug", new { player = "  " }, 400);
        await ShouldBeProblem(result, 400, "slug", "player");
    }

    [Fact]
    public async Task a_bad_asOf_is_a_400_problem_and_an_unknown_saga_a_404()
    {
        var bad = await Host.Scenario(s =>
        {
            s.Get.Url("/api/sagas/ibrahima-konate?asOf=yesterday");
            s.StatusCodeShouldBe(400);
        });
        await ShouldBeProblem(bad, 400, "asOf");

        var missing = await Host.Scenario(s =>
        {
            s.Get.Url("/api/sagas/nobody");
            s.StatusCodeShouldBe(404);
        });
        missing.Context.Response.ContentType.ShouldBe("application/problem+json");
    }
}
