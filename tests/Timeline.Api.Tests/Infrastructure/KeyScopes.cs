namespace Timeline.Api.Tests;

/// <summary>A key acts on what it made; another key's reports, subscriptions and saga details need the admin scope.</summary>
public sealed class when_keys_act_on_what_other_keys_made(TimelineFixture fixture) : IntegrationTest(fixture)
{
    protected override async Task Given()
    {
        await OpenSaga("ibrahima-konate");
        await PostReport(Report("sky-1", "2025-11-29T09:30:00Z", Interest("ibrahima-konate", "Real Madrid", "cooling")));
    }

    private Task<IScenarioResult> Send(HttpMethod method, string url, string key, object? body, int status) =>
        Host.Scenario(s =>
        {
            if (method == HttpMethod.Post)
            {
                s.Post.Json(body!).ToUrl(url);
            }
            else if (method == HttpMethod.Put)
            {
                s.Put.Json(body!).ToUrl(url);
            }
            else if (method == HttpMethod.Delete)
            {
                s.Delete.Url(url);
            }
            else
            {
                s.Get.Url(url);
            }

            s.WithRequestHeader("X-Api-Key", key);
            s.StatusCodeShouldBe(status);
        });

    [Fact]
    public async Task a_write_key_cannot_retract_another_keys_report_and_an_admin_key_can()
    {
        var events = await Fixture.EventCountAsync();
        var refused = await Send(HttpMethod.Post, "/api/reports/sky-1/retraction", TimelineFixture.OtherWriterKey, new { reason = "Not mine." }, 403);
        refused.ReadAsJson<JsonElement>().GetProperty("detail").GetString()!.ShouldContain(TimelineFixture.WriterKeyName);
        (await Fixture.EventCountAsync()).ShouldBe(events, "a refused retraction stores nothing");
        (await GetJson("/api/reports/sky-1")).GetProperty("retraction").ValueKind.ShouldBe(JsonValueKind.Null);

        await Send(HttpMethod.Post, "/api/reports/sky-1/retraction", TimelineFixture.EditorKey, new { reason = "The outlet withdrew it." }, 201);
        (await GetJson("/api/reports/sky-1")).GetProperty("retraction").GetProperty("retractedBy").GetString().ShouldBe(TimelineFixture.EditorKeyName);
    }

    [Fact]
    public async Task the_key_that_recorded_a_report_may_retract_it()
    {
        await Send(HttpMethod.Post, "/api/reports/sky-1/retraction", TimelineFixture.WriterKey, new { reason = "We got it wrong." }, 201);
        (await GetJson("/api/sagas/ibrahima-konate")).GetProperty("suitors").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task a_subscription_belongs_to_the_key_that_made_it()
    {
        var created = await Send(HttpMethod.Post, "/api/subscriptions", TimelineFixture.WriterKey, new { url = "http://127.0.0.1:9/hook" }, 201);
        var id = created.ReadAsJson<JsonElement>().GetProperty("id").GetString();

        var others = await Send(HttpMethod.Get, "/api/subscriptions", TimelineFixture.OtherWriterKey, null, 200);
        others.ReadAsJson<JsonElement>().GetArrayLength().ShouldBe(0, "another key does not see it");
        await Send(HttpMethod.Get, $"/api/subscriptions/{id}", TimelineFixture.OtherWriterKey, null, 403);
        await Send(HttpMethod.Delete, $"/api/subscriptions/{id}", TimelineFixture.OtherWriterKey, null, 403);
        await Send(HttpMethod.Get, $"/api/subscriptions/{id}", TimelineFixture.WriterKey, null, 200);

        var all = await Send(HttpMethod.Get, "/api/subscriptions", TimelineFixture.EditorKey, null, 200);
        all.ReadAsJson<JsonElement>().EnumerateArray().Select(x => x.GetProperty("id").GetString()).ShouldBe([id]);
        await Send(HttpMethod.Delete, $"/api/subscriptions/{id}", TimelineFixture.EditorKey, null, 204);
        await Send(HttpMethod.Get, $"/api/subscriptions/{id}", TimelineFixture.WriterKey, null, 404);
    }

    [Fact]
    public async Task changing_an_open_sagas_details_needs_the_admin_scope()
    {
        var details = new { player = "Ibrahima Konaté", currentClub = "Real Madrid", contractExpires = "2030-06-30" };
        await Send(HttpMethod.Put, "/api/sagas/ibrahima-konate", TimelineFixture.OtherWriterKey, details, 403);
        (await GetJson("/api/sagas/ibrahima-konate")).GetProperty("currentClub").GetString().ShouldBe("Liverpool");

        // The same details again change nothing, so any write key may repeat them; opening a new saga needs no admin.
        await Send(HttpMethod.Put, "/api/sagas/ibrahima-konate", TimelineFixture.OtherWriterKey,
            new { player = "Ibrahima Konaté", currentClub = "Liverpool", contractExpires = "2026-06-30" }, 200);
        await Send(HttpMethod.Put, "/api/sagas/marc-guehi", TimelineFixture.OtherWriterKey, new { player = "Marc Guéhi" }, 201);

        await Send(HttpMethod.Put, "/api/sagas/ibrahima-konate", TimelineFixture.EditorKey, details, 200);
        (await GetJson("/api/sagas/ibrahima-konate")).GetProperty("currentClub").GetString().ShouldBe("Real Madrid");
    }

    [Fact]
    public async Task a_refusal_to_a_client_that_accepts_no_json_is_still_problem_details()
    {
        foreach (var accept in new[] { "text/html", "text/event-stream", "image/png" })
        {
            var result = await Host.Scenario(s =>
            {
                s.Post.Json(Report("keyless", "2025-11-29T09:30:00Z", Interest("ibrahima-konate", "PSG", "bid"))).ToUrl("/api/reports");
                s.WithRequestHeader("Accept", accept);
                s.StatusCodeShouldBe(HttpStatusCode.Unauthorized);
            });
            result.Context.Response.ContentType.ShouldStartWith("application/problem+json");
            result.ReadAsJson<JsonElement>().GetProperty("status").GetInt32().ShouldBe(401);
        }
    }
}

/// <summary>A reporter, outlet or player name that passes for another is refused before anything is stored.</summary>
public sealed class when_a_name_looks_like_another(TimelineFixture fixture) : IntegrationTest(fixture)
{
    protected override async Task Given()
    {
        await OpenSaga("ibrahima-konate");
        await PostReport(Report("sky-1", "2025-11-29T09:30:00Z", Interest("ibrahima-konate", "Real Madrid", "cooling")));
    }

    private static object ReportBy(string id, string reporter, string outlet) => new
    {
        id,
        reporter,
        outlet,
        publishedAt = "2025-11-30T09:30:00Z",
        claims = new[] { Interest("ibrahima-konate", "Real Madrid", "withdrawn") },
    };

    [Fact]
    public async Task a_lookalike_reporter_is_refused_with_a_problem_naming_the_original()
    {
        await PostReport(ReportBy("times-1", "Paul Joyce", "The Times"));
        var events = await Fixture.EventCountAsync();

        // All Latin, so no mix of scripts: a capital I where the original has an l.
        var refused = (await PostReport(ReportBy("fake-1", "PauI Joyce", "The Times"), 400)).ReadAsJson<JsonElement>();
        var message = refused.GetProperty("errors").GetProperty("reporter")[0].GetString()!;
        message.ShouldContain("'Paul Joyce'");
        refused.GetProperty("errors").TryGetProperty("outlet", out _).ShouldBeFalse("the outlet is the one recorded");
        (await Fixture.EventCountAsync()).ShouldBe(events, "the refused report stored nothing");

        // The same name again, spelt as recorded, is the same reporter.
        await PostReport(ReportBy("times-2", "Paul Joyce", "The Times"));
    }

    [Fact]
    public async Task names_that_mix_scripts_or_carry_bidirectional_controls_are_refused_and_nothing_is_stored()
    {
        var events = await Fixture.EventCountAsync();
        var mixed = (await PostReport(ReportBy("mixed-1", "Vinny O'C\u043Ennor", "Sky Sports"), 400)).ReadAsJson<JsonElement>();
        mixed.GetProperty("errors").GetProperty("reporter")[0].GetString()!.ShouldContain("Cyrillic");
        var bidi = (await PostReport(ReportBy("bidi-1", "Vinny O'Connor", "Sky \u202ESports\u202C"), 400)).ReadAsJson<JsonElement>();
        bidi.GetProperty("errors").GetProperty("outlet")[0].GetString()!.ShouldContain("bidirectional");
        (await Fixture.EventCountAsync()).ShouldBe(events);
    }

    [Fact]
    public async Task a_lookalike_player_is_refused_when_a_saga_is_opened()
    {
        var result = await Send(HttpMethod.Put, "/api/sagas/ibrahima-konate-2", new { player = "lbrahima Konaté" }, 400);
        result.ReadAsJson<JsonElement>().GetProperty("errors").GetProperty("player")[0].GetString()!.ShouldContain("'Ibrahima Konaté'");
        await GetJson("/api/sagas/ibrahima-konate-2", 404);
    }
}
