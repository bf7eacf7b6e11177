namespace Timeline.Api.Tests;

/// <summary>Following feeds on a real loopback feed server: every new item one pending article, polled as a good citizen.</summary>
public sealed class when_feeds_are_followed(TimelineFixture fixture) : IntegrationTest(fixture), IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private FeedServer _server = null!;

    private static readonly TestItem Konate = new(
        "konate-1", "Konaté weighs up his future",
        "<p>Ibrahima Konaté is expected to explore his options in January.</p><p>Real Madrid's interest is <em>subsiding</em>.</p><script>track()</script>",
        new DateTimeOffset(2025, 11, 29, 9, 30, 0, TimeSpan.Zero));

    private static readonly TestItem Guehi = new(
        "guehi-1", "Liverpool and Bayern keen on Guéhi",
        "<div>Liverpool and Bayern Munich are interested in Marc Guéhi &amp; his agent.<br>More to follow.</div>",
        new DateTimeOffset(2025, 11, 30, 7, 0, 0, TimeSpan.Zero));

    protected override async Task Given()
    {
        _server = await FeedServer.StartAsync();
        _server.Add(Guehi, Konate);
    }

    async Task IAsyncLifetime.DisposeAsync() => await _server.DisposeAsync();

    private async Task<JsonElement> Follow(string path, string? interval = null)
    {
        var result = await Send(HttpMethod.Post, "/api/feeds", new { url = _server.Url(path), outlet = "Test outlet", reporter = "A. Writer", interval }, 201);
        return result.ReadAsJson<JsonElement>();
    }

    private async Task PollNow(string id) => await Host.Scenario(s =>
    {
        s.Post.Url($"/api/feeds/{id}/poll");
        s.WithRequestHeader("X-Api-Key", TimelineFixture.WriterKey);
        s.StatusCodeShouldBe(202);
    });

    /// <summary>Waits until the feed satisfies <paramref name="condition"/>, polling the API.</summary>
    private async Task<JsonElement> FeedWhen(string id, Func<JsonElement, bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var feed = await GetJson($"/api/feeds/{id}");
            if (condition(feed))
            {
                return feed;
            }

            if (clock.Elapsed > Patience)
            {
                throw new TimeoutException($"Not within {Patience}: {what}. The feed: {feed}");
            }

            await Task.Delay(100);
        }
    }

    private async Task<JsonElement[]> Articles(string query) =>
        [.. (await GetJson($"/api/articles?{query}")).GetProperty("items").EnumerateArray()];

    [Theory]
    [InlineData("/rss")]
    [InlineData("/atom")]
    [InlineData("/json")]
    public async Task every_item_becomes_exactly_one_pending_article_with_its_text_as_plain_paragraphs(string path)
    {
        var id = (await Follow(path)).GetProperty("id").GetString()!;
        var feed = await FeedWhen(id, f => f.GetProperty("status").GetString() == "ok", "the first poll");
        feed.GetProperty("articlesReceived").GetInt32().ShouldBe(2);
        feed.GetProperty("lastStatusCode").GetInt32().ShouldBe(200);

        var articles = await Articles($"status=pending&feed={id}");
        articles.Select(a => a.GetProperty("title").GetString()).ShouldBe([Guehi.Title, Konate.Title], "newest first");
        var konate = await GetJson($"/api/articles/{articles[1].GetProperty("id").GetString()}");
        konate.GetProperty("text").GetString().ShouldBe(
            "Ibrahima Konaté is expected to explore his options in January.\n\nReal Madrid's interest is subsiding.");
        konate.GetProperty("outlet").GetString().ShouldBe("Test outlet");
        konate.GetProperty("reporter").GetString().ShouldBe("A. Writer");
        konate.GetProperty("published").GetDateTimeOffset().ShouldBe(Konate.Published);
        konate.GetProperty("link").GetString().ShouldBe("https://example.com/news/konate-1");
        var guehi = await GetJson($"/api/articles/{articles[0].GetProperty("id").GetString()}");
        guehi.GetProperty("text").GetString().ShouldBe("Liverpool and Bayern Munich are interested in Marc Guéhi & his agent.\nMore to follow.");
    }

    [Fact]
    public async Task an_article_comes_with_its_drafts_made_against_the_sagas_open_now()
    {
        var id = (await Follow("/rss")).GetProperty("id").GetString()!;
        await FeedWhen(id, f => f.GetProperty("articlesReceived").GetInt32() == 2, "the poll");
        var konate = (await Articles($"feed={id}")).Single(a => a.GetProperty("title").GetString() == Konate.Title);
        var before = await GetJson($"/api/articles/{konate.GetProperty("id").GetString()}");
        before.GetProperty("drafts").GetProperty("players").EnumerateArray()
            .ShouldContain(p => p.GetProperty("saga").ValueKind == JsonValueKind.Null && p.GetProperty("suggestedSlug").GetString() == "ibrahima-konate");

        // A saga opened after the article arrived is found by its drafts.
        await OpenSaga("ibrahima-konate");
        var article = await GetJson($"/api/articles/{konate.GetProperty("id").GetString()}");
        var drafts = article.GetProperty("drafts").GetProperty("drafts").EnumerateArray().ToList();
        var report = drafts.Single().GetProperty("report");
        report.GetProperty("outlet").GetString().ShouldBe("Test outlet");
        report.GetProperty("reporter").GetString().ShouldBe("A. Writer");
        var claims = report.GetProperty("claims").EnumerateArray().ToList();
        claims.ShouldContain(c => c.GetProperty("type").GetString() == "player-stance"
                                  && c.GetProperty("stance").GetString() == "exploring-options"
                                  && c.GetProperty("from").GetString() == "2026-01");
        claims.ShouldContain(c => c.GetProperty("type").GetString() == "interest"
                                  && c.GetProperty("club").GetString() == "Real Madrid" && c.GetProperty("level").GetString() == "cooling");

        var listed = (await Articles($"feed={id}")).Single(a => a.GetProperty("title").GetString() == Konate.Title);
        listed.GetProperty("claims").GetArrayLength().ShouldBe(claims.Count, "the inbox shows the same claims");

        // The draft is a report POST /api/reports records as it is.
        await PostReport(report);
    }

    [Fact]
    public async Task recording_a_report_drafted_from_an_article_marks_it_recorded_and_the_record_names_it()
    {
        var id = (await Follow("/rss")).GetProperty("id").GetString()!;
        await FeedWhen(id, f => f.GetProperty("articlesReceived").GetInt32() == 2, "the poll");
        await OpenSaga("ibrahima-konate");
        var articleId = (await Articles($"feed={id}")).Single(a => a.GetProperty("title").GetString() == Konate.Title).GetProperty("id").GetString()!;
        var events = await Fixture.EventCountAsync();

        var unknown = await PostReport(new
        {
            id = "from-nowhere", reporter = "A. Writer", outlet = "Test outlet", publishedAt = "2025-11-29T09:30:00Z",
            articleId = "000000000000000000000000", claims = new[] { Interest("ibrahima-konate", "Real Madrid", "cooling") },
        }, 400);
        unknown.ReadAsJson<JsonElement>().GetProperty("errors").GetProperty("articleId")[0].GetString()!.ShouldContain("000000000000000000000000");
        (await Fixture.EventCountAsync()).ShouldBe(events, "nothing of a refused report is stored");

        await PostReport(new
        {
            id = "from-the-inbox", reporter = "A. Writer", outlet = "Test outlet", publishedAt = "2025-11-29T09:30:00Z",
            articleId, claims = new[] { Interest("ibrahima-konate", "Real Madrid", "cooling") },
        });
        var article = await GetJson($"/api/articles/{articleId}");
        article.GetProperty("status").GetString().ShouldBe("recorded");
        article.GetProperty("reportIds").EnumerateArray().Select(x => x.GetString()).ShouldBe(["from-the-inbox"]);
        (await Articles("status=pending")).Select(a => a.GetProperty("id").GetString()).ShouldNotContain(articleId);
        (await GetJson("/api/reports/from-the-inbox")).GetProperty("articleId").GetString().ShouldBe(articleId);

        var audit = (await GetJson($"/api/audit?saga=ibrahima-konate")).GetProperty("items").EnumerateArray()
            .Single(row => row.GetProperty("reportId").GetString() == "from-the-inbox");
        audit.GetProperty("articleId").GetString().ShouldBe(articleId);
        var recorded = (await GetJson($"/api/audit?recordedBy={TimelineFixture.WriterKeyName}")).GetProperty("items").EnumerateArray()
            .Single(row => row.GetProperty("type").GetString() == "article_recorded");
        recorded.GetProperty("articleId").GetString().ShouldBe(articleId);
        recorded.GetProperty("event").GetProperty("reportId").GetString().ShouldBe("from-the-inbox");
    }

    [Fact]
    public async Task a_second_poll_sends_the_validators_and_a_304_adds_nothing_while_a_new_item_adds_one_article()
    {
        var id = (await Follow("/rss")).GetProperty("id").GetString()!;
        await FeedWhen(id, f => f.GetProperty("articlesReceived").GetInt32() == 2, "the first poll");
        var events = await Fixture.EventCountAsync();

        await PollNow(id);
        await FeedWhen(id, f => f.GetProperty("lastStatusCode").GetInt32() == 304, "the second poll's 304 recorded");
        var second = _server.Requests.Where(r => r.Path == "/rss").ElementAt(1);
        second.IfNoneMatch.ShouldBe("\"v2\"");
        second.IfModifiedSince.ShouldBe("Sun, 30 Nov 2025 08:00:00 GMT");
        (await Fixture.EventCountAsync()).ShouldBe(events, "a 304 stores nothing");

        _server.Add(new TestItem("upamecano-1", "Bayern want to keep Upamecano", "<p>Bayern Munich want to keep Dayot Upamecano.</p>",
            new DateTimeOffset(2025, 11, 30, 9, 0, 0, TimeSpan.Zero)));
        await PollNow(id);
        await FeedWhen(id, f => f.GetProperty("articlesReceived").GetInt32() == 3, "the new item");
        (await Articles($"feed={id}")).Length.ShouldBe(3);
        (await Fixture.EventCountAsync()).ShouldBe(events + 1, "one new article, the others are not stored again");
    }

    [Theory]
    [InlineData("/malformed", "not a feed")]
    [InlineData("/missing", "404")]
    [InlineData("/broken", "500")]
    [InlineData("/loop", "redirect loop")]
    [InlineData("/silent", "no answer within")]
    [InlineData("/huge", "more than the limit")]
    public async Task a_hostile_feed_is_a_visible_failure_and_the_others_go_on(string path, string error)
    {
        var bad = (await Follow(path)).GetProperty("id").GetString()!;
        var good = (await Follow("/rss")).GetProperty("id").GetString()!;
        var failing = await FeedWhen(bad, f => f.GetProperty("status").GetString() == "failing", "the failure recorded");
        failing.GetProperty("lastError").GetString()!.ShouldContain(error);
        failing.GetProperty("consecutiveFailures").GetInt32().ShouldBe(1);
        failing.GetProperty("nextPollAt").GetDateTimeOffset().ShouldBeGreaterThan(failing.GetProperty("lastPolledAt").GetDateTimeOffset());
        (await Articles($"feed={bad}")).ShouldBeEmpty("nothing partial");
        await FeedWhen(good, f => f.GetProperty("articlesReceived").GetInt32() == 2, "the good feed's poll");
        (await GetJson("/health/ready", 200)).GetProperty("status").GetString().ShouldNotBe("Unhealthy");
    }

    [Fact]
    public async Task an_item_without_title_or_date_is_kept_and_one_without_guid_or_link_is_skipped()
    {
        var id = (await Follow("/untitled")).GetProperty("id").GetString()!;
        var feed = await FeedWhen(id, f => f.GetProperty("status").GetString() == "ok", "the poll");
        feed.GetProperty("articlesReceived").GetInt32().ShouldBe(1);
        var article = (await Articles($"feed={id}")).Single();
        article.GetProperty("title").ValueKind.ShouldBe(JsonValueKind.Null);
        article.GetProperty("published").ValueKind.ShouldBe(JsonValueKind.Null);
        article.GetProperty("excerpt").GetString().ShouldBe("Arsenal are monitoring the midfielder.");
    }

    [Fact]
    public async Task a_dismissed_article_leaves_the_pending_inbox_and_the_record_shows_who_and_why()
    {
        var id = (await Follow("/rss")).GetProperty("id").GetString()!;
        await FeedWhen(id, f => f.GetProperty("articlesReceived").GetInt32() == 2, "the poll");
        var article = (await Articles("status=pending"))[0].GetProperty("id").GetString()!;

        var dismissed = await Send(HttpMethod.Post, $"/api/articles/{article}/dismissal", new { reason = "A recap of known facts." }, 201, TimelineFixture.EditorKey);
        dismissed.ReadAsJson<JsonElement>().GetProperty("status").GetString().ShouldBe("dismissed");
        (await Articles("status=pending")).Select(a => a.GetProperty("id").GetString()).ShouldNotContain(article);
        (await Articles("status=dismissed")).Single().GetProperty("id").GetString().ShouldBe(article);
        var stored = await GetJson($"/api/articles/{article}");
        stored.GetProperty("dismissedBy").GetString().ShouldBe(TimelineFixture.EditorKeyName);
        stored.GetProperty("dismissedReason").GetString().ShouldBe("A recap of known facts.");

        var audit = (await GetJson($"/api/audit?recordedBy={TimelineFixture.EditorKeyName}")).GetProperty("items").EnumerateArray().Single();
        audit.GetProperty("type").GetString().ShouldBe("article_dismissed");
        audit.GetProperty("event").GetProperty("reason").GetString().ShouldBe("A recap of known facts.");

        await Send(HttpMethod.Post, $"/api/articles/{article}/dismissal", new { reason = "Again." }, 200, TimelineFixture.EditorKey);
    }

    [Fact]
    public async Task following_refuses_bad_input_and_stores_nothing()
    {
        var result = await Send(HttpMethod.Post, "/api/feeds", new { url = "ftp://example.com/feed", outlet = "", interval = "00:00:10" }, 400);
        var errors = result.ReadAsJson<JsonElement>().GetProperty("errors");
        errors.TryGetProperty("url", out _).ShouldBeTrue();
        errors.TryGetProperty("outlet", out _).ShouldBeTrue();
        errors.GetProperty("interval")[0].GetString()!.ShouldContain("00:01:00");
        (await GetJson("/api/feeds")).GetArrayLength().ShouldBe(0);

        await Follow("/rss");
        await Send(HttpMethod.Post, "/api/feeds", new { url = _server.Url("/rss"), outlet = "Test outlet" }, 409);
    }
}
