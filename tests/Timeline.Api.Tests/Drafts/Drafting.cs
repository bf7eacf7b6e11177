using Timeline.Api.Demo;

namespace Timeline.Api.Tests;

/// <summary><c>POST /api/drafts</c> through HTTP against PostgreSQL: drafts that record as they are, and what it refuses.</summary>
public sealed class when_an_article_is_drafted(TimelineFixture fixture) : IntegrationTest(fixture)
{
    private static readonly string Seed = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Seed", "konate-article-2025-11-30.txt"));

    private async Task<JsonElement> Drafts(object body, int status = 200, string? key = TimelineFixture.EditorKey)
    {
        var result = await Host.Scenario(s =>
        {
            s.Post.Json(body).ToUrl("/api/drafts");
            if (key is not null)
            {
                s.WithRequestHeader("X-Api-Key", key);
            }

            s.StatusCodeShouldBe(status);
        });
        return result.ReadAsJson<JsonElement>();
    }

    private async Task OpenDemoSagas()
    {
        foreach (var saga in DemoDataSet.Load().Sagas)
        {
            await OpenSaga(saga.Slug, saga.Player, saga.CurrentClub);
        }
    }

    private static IEnumerable<JsonElement> Reports(JsonElement drafts) => drafts.GetProperty("drafts").EnumerateArray().Select(d => d.GetProperty("report"));

    private static List<string> Claims(JsonElement report) =>
        report.GetProperty("claims").EnumerateArray().Select(Describe).Order(StringComparer.Ordinal).ToList();

    /// <summary>A claim as "saga type club value" with its optional fields, nulls left out, in a fixed order.</summary>
    private static string Describe(JsonElement claim) =>
        string.Join(" ", claim.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Null)
            .OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"{p.Name}={p.Value}"));

    [Fact]
    public async Task the_seed_article_gives_the_demo_datas_three_reports_with_evidence_in_the_text()
    {
        await OpenDemoSagas();
        var drafts = await Drafts(new { text = Seed, publishedAt = "2025-11-30T10:00:00Z", outlet = "TEAMtalk" });

        var demo = DemoDataSet.Load().Reports.Where(r => r.Outlet != "Timeline demo").ToList();
        var reports = Reports(drafts).ToList();
        reports.Select(r => r.GetProperty("outlet").GetString()).ShouldBe(["The Athletic", "TEAMtalk", "Sky Sports"], ignoreOrder: true);
        foreach (var expected in demo)
        {
            var report = reports.Single(r => r.GetProperty("outlet").GetString() == expected.Outlet);
            report.GetProperty("reporter").GetString().ShouldBe(expected.Reporter);
            Claims(report).ShouldBe(expected.Claims!.Select(Describe).Order(StringComparer.Ordinal).ToList(), $"{expected.Outlet}'s claims");
        }

        foreach (var draft in drafts.GetProperty("drafts").EnumerateArray())
        {
            var evidence = draft.GetProperty("evidence").EnumerateArray().ToList();
            evidence.Count.ShouldBe(draft.GetProperty("report").GetProperty("claims").GetArrayLength());
            foreach (var e in evidence)
            {
                var sentence = Seed[e.GetProperty("start").GetInt32()..e.GetProperty("end").GetInt32()];
                sentence.ShouldContain(e.GetProperty("cue").GetString()!);
                sentence.TrimEnd().Last().ShouldBeOneOf('.', '\'', '’', '”', '"');
                e.GetProperty("confidence").GetDouble().ShouldBeInRange(0.1, 1.0);
            }
        }

        drafts.GetProperty("players").EnumerateArray().Select(p => p.GetProperty("saga").GetString())
            .ShouldBe(["ibrahima-konate", "marc-guehi", "dayot-upamecano"]);
        (await Fixture.EventCountAsync()).ShouldBe(3, "drafting stores nothing: only the three sagas opened");
    }

    [Fact]
    public async Task recording_the_three_drafts_as_they_are_reproduces_the_demo_saga_states()
    {
        await DemoSeeder.SeedAsync(Fixture.Store, TimeProvider.System, CancellationToken.None);
        var demoStates = new Dictionary<string, JsonElement>();
        foreach (var saga in DemoDataSet.Load().Sagas)
        {
            demoStates[saga.Slug] = await GetJson($"/api/sagas/{saga.Slug}");
        }

        await Fixture.ResetAsync();
        await OpenDemoSagas();
        foreach (var illustrative in DemoDataSet.Load().Reports.Where(r => r.Outlet == "Timeline demo"))
        {
            await PostReport(illustrative);
        }

        var drafts = await Drafts(new { text = Seed, publishedAt = "2025-11-30T10:00:00Z", outlet = "TEAMtalk" });
        // In the demo the Athletic's report came first and TEAMtalk's last; record them in that order.
        foreach (var outlet in new[] { "The Athletic", "Sky Sports", "TEAMtalk" })
        {
            var report = Reports(drafts).Single(r => r.GetProperty("outlet").GetString() == outlet);
            await SendText(HttpMethod.Post, "/api/reports", report.GetRawText(), 201);
        }

        foreach (var (slug, demoState) in demoStates)
        {
            Comparable(await GetJson($"/api/sagas/{slug}")).ShouldBe(Comparable(demoState), slug);
        }
    }

    /// <summary>
    /// A saga state without what tells one recording from another: report ids, instants (the drafts carry the
    /// article's publication time, the demo the sources' own), hashes and versions.
    /// </summary>
    private static string Comparable(JsonElement state)
    {
        string[] ignored = ["reportId", "since", "at", "lastReportAt", "asOf", "knownAt", "head", "version"];
        string Walk(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.Object => "{" + string.Join(",", e.EnumerateObject().Where(p => !ignored.Contains(p.Name)).OrderBy(p => p.Name, StringComparer.Ordinal)
                .Select(p => $"{p.Name}:{Walk(p.Value)}")) + "}",
            JsonValueKind.Array => "[" + string.Join(",", e.EnumerateArray().Select(Walk).Order(StringComparer.Ordinal)) + "]",
            _ => e.GetRawText(),
        };
        return Walk(state);
    }

    private const string RoundUp = """
        Transfer round-up: Delorme, Vestergaard, Mendes

        Tottenham, Newcastle and Aston Villa are all keeping tabs on Lyon midfielder Mathis Delorme, 23, but Lyon regard him as not for sale. (Le Vestiaire)

        Borussia Dortmund are in advanced talks with FC Copenhagen over striker Jonas Vestergaard while Brighton have dropped out of the race.

        Fulham full-back Dário Mendes is weighing up his future and will listen to offers from January. Beşiktaş have submitted a €7m offer for him, according to Gol Postası.
        """;

    [Fact]
    public async Task unknown_players_get_a_suggested_slug_and_once_opened_every_draft_records_as_it_is()
    {
        var drafts = await Drafts(new { text = RoundUp, publishedAt = "2025-11-20T08:00:00Z", outlet = "The Chalkboard" });
        var players = drafts.GetProperty("players").EnumerateArray().ToList();
        players.Select(p => (p.GetProperty("name").GetString(), p.GetProperty("suggestedSlug").GetString())).ShouldBe([
            ("Mathis Delorme", "mathis-delorme"), ("Jonas Vestergaard", "jonas-vestergaard"), ("Dário Mendes", "dario-mendes"),
        ]);
        players.ShouldAllBe(p => p.GetProperty("saga").ValueKind == JsonValueKind.Null);
        players.Select(p => p.GetProperty("currentClub").GetString()).ShouldBe(["Lyon", null, "Fulham"], "the club the text names him with, for a new saga (Copenhagen only sells Vestergaard)");

        foreach (var player in players)
        {
            await OpenSaga(player.GetProperty("suggestedSlug").GetString()!, player.GetProperty("name").GetString()!, null);
        }

        foreach (var report in Reports(drafts))
        {
            await SendText(HttpMethod.Post, "/api/reports", report.GetRawText(), 201);
        }

        var delorme = await GetJson("/api/sagas/mathis-delorme");
        delorme.GetProperty("suitors").EnumerateArray().Select(s => $"{s.GetProperty("club").GetString()}:{s.GetProperty("interest").GetString()}")
            .ShouldBe(["Aston Villa:monitoring", "Newcastle United:monitoring", "Tottenham Hotspur:monitoring"], ignoreOrder: true);
        delorme.GetProperty("suitors")[0].GetProperty("outlet").GetString().ShouldBe("Le Vestiaire");
        delorme.GetProperty("clubStances")[0].GetProperty("stance").GetString().ShouldBe("wants-to-keep");
        var vestergaard = await GetJson("/api/sagas/jonas-vestergaard");
        vestergaard.GetProperty("suitors").EnumerateArray().Select(s => $"{s.GetProperty("club").GetString()}:{s.GetProperty("interest").GetString()}")
            .ShouldBe(["Borussia Dortmund:advanced", "Brighton & Hove Albion:withdrawn"], ignoreOrder: true);
    }

    [Fact]
    public async Task months_become_from_and_fees_become_amount_and_currency()
    {
        var drafts = await Drafts(new { text = RoundUp, publishedAt = "2025-11-20T08:00:00Z", outlet = "The Chalkboard" });
        var all = Reports(drafts).SelectMany(r => r.GetProperty("claims").EnumerateArray()).ToList();
        var stance = all.Single(c => c.GetProperty("type").GetString() == "player-stance");
        stance.GetProperty("stance").GetString().ShouldBe("exploring-options");
        stance.GetProperty("from").GetString().ShouldBe("2026-01");
        var offer = all.Single(c => c.GetProperty("type").GetString() == "offer");
        (offer.GetProperty("club").GetString(), offer.GetProperty("amount").GetDecimal(), offer.GetProperty("currency").GetString())
            .ShouldBe(("Beşiktaş", 7_000_000m, "EUR"));
        Reports(drafts).Single(r => r.GetProperty("claims").EnumerateArray().Contains(offer)).GetProperty("outlet").GetString().ShouldBe("Gol Postası");
    }

    [Fact]
    public async Task several_clubs_in_a_sentence_give_one_claim_each_with_its_own_relation()
    {
        var drafts = await Drafts(new { text = RoundUp, publishedAt = "2025-11-20T08:00:00Z", outlet = "The Chalkboard" });
        var claims = Reports(drafts).SelectMany(r => r.GetProperty("claims").EnumerateArray())
            .Where(c => c.GetProperty("type").GetString() == "interest")
            .Select(c => $"{c.GetProperty("saga").GetString()} {c.GetProperty("club").GetString()} {c.GetProperty("level").GetString()}").ToList();
        claims.ShouldBe([
            "mathis-delorme Tottenham Hotspur monitoring", "mathis-delorme Newcastle United monitoring", "mathis-delorme Aston Villa monitoring",
            "jonas-vestergaard Borussia Dortmund advanced", "jonas-vestergaard Brighton & Hove Albion withdrawn",
            "dario-mendes Beşiktaş bid",
        ], ignoreOrder: true);
    }

    [Fact]
    public async Task negation_background_conditionals_and_denied_reports_give_no_positive_claim()
    {
        await OpenSaga("samuel-adjei", "Samuel Adjei", "Wolverhampton Wanderers");
        const string text = """
            Napoli bid for Adjei? Not so fast

            Napoli have not made a formal offer for Samuel Adjei, and would only move for him if Wolves lowered their £35m valuation.

            Reports in Turkey suggested Galatasaray had lodged a €25m bid earlier this week, but Wolves say nothing has arrived.

            AC Milan had been interested last summer, and Leeds are preparing a bid for the summer. Adjei has a release clause of €80m.
            """;
        var drafts = await Drafts(new { text, publishedAt = "2026-01-23T11:20:00Z", outlet = "Black Country Bulletin" });
        drafts.GetProperty("drafts").GetArrayLength().ShouldBe(0);
        var unparsed = drafts.GetProperty("unparsed").EnumerateArray().Select(u => u.GetProperty("reason").GetString()!).ToList();
        unparsed.ShouldContain(r => r.StartsWith("negated", StringComparison.Ordinal));
        unparsed.ShouldContain(r => r.StartsWith("background", StringComparison.Ordinal));
        foreach (var u in drafts.GetProperty("unparsed").EnumerateArray())
        {
            text[u.GetProperty("start").GetInt32()..u.GetProperty("end").GetInt32()].ShouldBe(u.GetProperty("text").GetString());
        }
    }

    [Fact]
    public async Task the_same_text_drafts_identically_twice_and_nothing_is_stored()
    {
        await OpenDemoSagas();
        var before = await Fixture.EventCountAsync();
        var body = new { text = Seed, publishedAt = "2025-11-30T10:00:00Z", outlet = "TEAMtalk", url = "https://www.teamtalk.com/liverpool/konate" };
        var first = await Drafts(body);
        var second = await Drafts(body);
        second.GetRawText().ShouldBe(first.GetRawText());
        Reports(first).ShouldAllBe(r => r.GetProperty("url").GetString() == "https://www.teamtalk.com/liverpool/konate");
        (await Fixture.EventCountAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData("""{"text": ""}""", "text")]
    [InlineData("""{"text": "   \n  "}""", "text")]
    [InlineData("""{"text": 42}""", "text")]
    [InlineData("""{"text": ["an", "array"]}""", "text")]
    [InlineData("""{"publishedAt": "2025-11-30T10:00:00Z"}""", "text")]
    [InlineData("""{"text": "Chelsea are keen.", "publishedAt": "last Tuesday"}""", "publishedAt")]
    [InlineData("""{"text": "Chelsea are keen.", "publishedAt": "2999-01-01T00:00:00Z"}""", "publishedAt")]
    [InlineData("""{"text": "Chelsea are keen.", "url": "ftp://example.com/x"}""", "url")]
    [InlineData("""{"text": "Chelsea are keen.", "source": "x"}""", "source")]
    [InlineData("""{"text": "Bad \u0000 byte"}""", "text")]
    [InlineData("""["text"]""", "body")]
    public async Task bad_input_is_refused_with_problem_details(string body, string field)
    {
        var result = await SendText(HttpMethod.Post, "/api/drafts", body, 400, TimelineFixture.EditorKey);
        result.Context.Response.ContentType.ShouldBe("application/problem+json");
        var problem = result.ReadAsJson<JsonElement>();
        problem.GetProperty("status").GetInt32().ShouldBe(400);
        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(problem.ToString());
    }

    [Fact]
    public async Task a_text_over_100000_characters_is_refused_and_a_body_over_the_limit_is_too_large()
    {
        var tooLong = new string('a', 100_001);
        var problem = await Drafts(new { text = tooLong }, 400);
        problem.GetProperty("errors").GetProperty("text")[0].GetString()!.ShouldContain("100,000");
        (await Drafts(new { text = new string('a', 100_000) + "" })).GetProperty("drafts").GetArrayLength().ShouldBe(0);

        var huge = new string('a', 2 * 1024 * 1024);
        var result = await SendText(HttpMethod.Post, "/api/drafts", JsonSerializer.Serialize(new { text = huge }), 413, TimelineFixture.EditorKey);
        result.Context.Response.ContentType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task drafting_needs_a_write_key()
    {
        await Drafts(new { text = "Chelsea are keen on him." }, 401, key: null);
        await Drafts(new { text = "Chelsea are keen on him." }, 401, key: "not-a-key");
    }
}
