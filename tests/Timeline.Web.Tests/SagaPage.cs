using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Timeline.Web.Tests;

/// <summary>The saga page in real headless Chromium against the built service with the demo data.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class the_saga_page(BrowserFixture fixture)
{
    private const string Konate = "/sagas/ibrahima-konate";

    /// <summary>The demo article's three reports on Konaté, as demo-data.json encodes them.</summary>
    private static readonly string[] SeedArticleReports =
    [
        "athletic-2025-11-28-konate-real-madrid",
        "skysports-2025-11-29-konate-guehi-upamecano",
        "teamtalk-2025-11-29-konate-jones",
    ];


    [Fact]
    public async Task it_lists_the_seed_articles_claims_in_valid_time_order_with_reporter_outlet_and_quote()
    {
        var timeline = await fixture.Node.Http.GetFromJsonAsync<JsonElement>("/api/sagas/ibrahima-konate/timeline");
        await using var opened = await fixture.OpenAsync(Konate);
        var page = opened.Page;

        await Expect(page.Locator("#player")).ToHaveTextAsync("Ibrahima Konaté");
        var reports = page.Locator("#timeline li.report");
        var shownIds = await reports.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.reportId)");
        var apiIds = timeline.EnumerateArray().Select(e => e.GetProperty("reportId").GetString()!).Distinct().ToArray();
        shownIds.ShouldBe(apiIds, "one item per report, in the API's valid-time order");
        shownIds.Where(SeedArticleReports.Contains).ShouldBe(SeedArticleReports, "the seed article's reports, in the order they were published");
        (await page.Locator("#timeline li.claim").CountAsync()).ShouldBe(timeline.GetArrayLength(), "every claim is listed");

        var sky = page.Locator("li.report[data-report-id='skysports-2025-11-29-konate-guehi-upamecano']");
        await Expect(sky.Locator("time")).ToHaveTextAsync("29 Nov 2025, 09:30 UTC");
        await Expect(sky.Locator(".reporter")).ToHaveTextAsync("Vinny O'Connor");
        await Expect(sky.Locator(".outlet")).ToHaveTextAsync("Sky Sports");
        await Expect(sky.Locator("li.claim")).ToHaveTextAsync(
        [
            "Ibrahima Konaté: exploring options from January 2026",
            "Real Madrid: interest cooling",
            "Liverpool: seeking a replacement",
            "Liverpool: wants to keep him",
        ]);
        await Expect(sky.Locator("blockquote.quote")).ToContainTextAsync("there are reports that the interest is subsiding");

        var teamtalk = page.Locator("li.report[data-report-id='teamtalk-2025-11-29-konate-jones']");
        await Expect(teamtalk.Locator(".reporter")).ToHaveTextAsync("Dean Jones");
        await Expect(teamtalk.Locator("li.claim")).ToHaveTextAsync(["Real Madrid: interest withdrawn", "Expects a renewal with Liverpool"]);
        await Expect(page.Locator("li.report[data-report-id='athletic-2025-11-28-konate-real-madrid'] li.claim"))
            .ToHaveTextAsync(["Real Madrid: interest withdrawn", "Real Madrid: not pursuing"]);

        // Monitoring, interested, advanced, withdrawn (The Athletic), cooling (Sky Sports), withdrawn (TEAMtalk).
        await Expect(page.Locator("#chart svg g.series[data-club='Real Madrid'] circle")).ToHaveCountAsync(6);
        await Expect(page.Locator("#chart-legend li")).ToHaveTextAsync(["Real Madrid"]);
        await Expect(page.Locator("#live")).ToHaveAttributeAsync("data-state", "live");

        await opened.ScreenshotAsync("saga-page-desktop");
        await page.SetViewportSizeAsync(Viewports.Phone.Width, Viewports.Phone.Height);
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(
            Viewports.Phone.Width, "nothing runs off the side of a phone");
        await opened.ScreenshotAsync("saga-page-phone");
        opened.ShouldHaveNoConsoleErrors();
    }

    [Fact]
    public async Task moving_the_slider_to_29_november_2025_shows_the_state_the_api_gives_for_that_date_and_puts_it_in_the_url()
    {
        await using var opened = await fixture.OpenAsync(Konate);
        var page = opened.Page;
        var slider = page.Locator("#as-of-range");
        await Expect(page.Locator("#state")).ToHaveAttributeAsync("data-as-of", "now");

        await slider.FillAsync(EpochDay(new DateOnly(2025, 11, 29)).ToString());
        await Expect(page.Locator("#state")).ToHaveAttributeAsync("data-as-of", "2025-11-29");
        new Uri(page.Url).Query.ShouldBe("?asOf=2025-11-29");
        await Expect(page.Locator("#as-of-output")).ToHaveTextAsync("29 Nov 2025");
        await Expect(page.Locator("#as-of-date")).ToHaveValueAsync("2025-11-29");
        var expected = await ApiStateAsync("?asOf=2025-11-29");
        (await ShownStateAsync(page)).ShouldBe(expected);
        expected.ShouldContain("player-stance:exploring-options");
        expected.ShouldContain("suitor:Real Madrid:withdrawn");
        expected.ShouldContain("expectation:Dean Jones:renewal");
        await Expect(page.Locator("#timeline .as-of-marker")).ToHaveTextAsync("Replay date: 29 Nov 2025");
        await Expect(page.Locator("#timeline li.report.is-after")).ToHaveCountAsync(0);
        await Expect(page.Locator("#chart .as-of-label")).ToHaveTextAsync("29 Nov 2025");
        await opened.ScreenshotAsync("saga-page-replay-desktop");

        // The slider is keyboard operable: one arrow key is one day.
        await slider.FocusAsync();
        await page.Keyboard.PressAsync("ArrowLeft");
        await Expect(page.Locator("#state")).ToHaveAttributeAsync("data-as-of", "2025-11-28");
        (await ShownStateAsync(page)).ShouldBe(await ApiStateAsync("?asOf=2025-11-28"));
        (await ShownStateAsync(page)).ShouldContain("player-stance:wants-move", "Konaté's stance before the Sky Sports report");
        await Expect(page.Locator("#timeline li.report.is-after")).ToHaveCountAsync(2);

        // So is the date field.
        await page.Locator("#as-of-date").FillAsync("2025-10-01");
        await Expect(page.Locator("#state")).ToHaveAttributeAsync("data-as-of", "2025-10-01");
        (await ShownStateAsync(page)).ShouldBe(await ApiStateAsync("?asOf=2025-10-01"));
        (await ShownStateAsync(page)).ShouldContain("suitor:Real Madrid:advanced");

        opened.ShouldHaveNoConsoleErrors();
    }

    [Fact]
    public async Task a_shared_replay_address_opens_at_its_date_and_known_at_shows_what_was_recorded_then()
    {
        await using var opened = await fixture.OpenAsync($"{Konate}?asOf=2025-11-29");
        var page = opened.Page;
        await Expect(page.Locator("#state")).ToHaveAttributeAsync("data-as-of", "2025-11-29");
        (await page.Locator("#as-of-range").InputValueAsync()).ShouldBe(EpochDay(new DateOnly(2025, 11, 29)).ToString());
        (await ShownStateAsync(page)).ShouldBe(await ApiStateAsync("?asOf=2025-11-29"));

        // The earliest recorded moment: only what had been recorded by then.
        var moments = await page.Locator("#known-at option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)");
        moments.Length.ShouldBeGreaterThan(2);
        moments[0].ShouldBe("", "the first choice is now");
        var earliest = moments[^1];
        await page.Locator("#known-at").SelectOptionAsync(earliest);
        await Expect(page.Locator("#state")).ToHaveAttributeAsync("data-known-at", earliest);
        var query = $"?asOf=2025-11-29&knownAt={Uri.EscapeDataString(earliest)}";
        new Uri(page.Url).Query.ShouldBe(query);
        (await ShownStateAsync(page)).ShouldBe(await ApiStateAsync(query));
        var recorded = await fixture.Node.Http.GetFromJsonAsync<JsonElement>(
            $"/api/sagas/ibrahima-konate/timeline?knownAt={Uri.EscapeDataString(earliest)}");
        await Expect(page.Locator("#timeline li.claim")).ToHaveCountAsync(recorded.GetArrayLength());

        opened.ShouldHaveNoConsoleErrors();
    }

    [Fact]
    public async Task a_report_posted_through_the_api_appears_on_the_open_page_highlighted()
    {
        await using var opened = await fixture.OpenAsync("/sagas/marc-guehi");
        var page = opened.Page;
        await Expect(page.Locator("#live")).ToHaveAttributeAsync("data-state", "live");
        await Expect(page.Locator(".card-suitors li[data-club='Chelsea']")).ToHaveCountAsync(0);

        var id = $"web-live-{Guid.NewGuid():N}";
        await fixture.Node.PostReportAsync(new
        {
            id,
            reporter = "Simon Stone",
            outlet = "BBC Sport",
            publishedAt = "2025-12-03T08:00:00Z",
            url = "https://example.com/guehi-chelsea",
            quote = "Chelsea have joined the race for Marc Guehi.",
            claims = new object[] { new { saga = "marc-guehi", type = "interest", club = "Chelsea", level = "advanced" } },
        });
        var recorded = Stopwatch.StartNew();

        var item = page.Locator($"#timeline li.report[data-report-id='{id}']");
        await item.WaitForAsync();
        Console.WriteLine($"The open page showed the report {recorded.ElapsedMilliseconds} ms after the API acknowledged it.");

        await Expect(item.Locator("li.claim")).ToHaveTextAsync(["Chelsea: talks advanced"]);
        await Expect(item.Locator("a")).ToHaveAttributeAsync("href", "https://example.com/guehi-chelsea");
        await Expect(item).ToHaveClassAsync(ChangedClass());
        await Expect(page.Locator(".card-suitors")).ToHaveClassAsync(ChangedClass());
        await Expect(page.Locator(".card-suitors li[data-club='Chelsea']")).ToHaveAttributeAsync("data-interest", "advanced");
        await Expect(page.Locator("#live-news")).ToContainTextAsync("New report from Simon Stone, BBC Sport");
        await Expect(page.Locator("#chart-legend li")).ToContainTextAsync(["Chelsea"]);
        await Expect(page.Locator("#live")).ToHaveAttributeAsync("data-state", "live");

        opened.ShouldHaveNoConsoleErrors();
    }

    [Fact]
    public async Task a_hostile_quote_player_and_reporter_render_as_text()
    {
        const string player = "<img src=x onerror=\"window.__pwned='player'\">Hostile Player";
        const string quote = "<script>window.__pwned='quote'</script><img src=x onerror=\"window.__pwned='img'\"> & \"quoted\"";
        const string reporter = "<b onmouseover=\"window.__pwned='reporter'\">Bold</b>";
        const string club = "<svg onload=\"window.__pwned='club'\"></svg>FC";
        await fixture.Node.SendAsync(HttpMethod.Put, "/api/sagas/web-hostile", new { player, currentClub = "Liverpool" }, HttpStatusCode.Created);
        await fixture.Node.PostReportAsync(new
        {
            id = "web-hostile-1",
            reporter,
            outlet = "Outlet <i>&amp;</i>",
            publishedAt = "2025-11-30T10:00:00Z",
            url = "https://example.com/a?b=\"><script>window.__pwned='url'</script>",
            quote,
            claims = new object[] { new { saga = "web-hostile", type = "interest", club, level = "bid" } },
        });

        await using var opened = await fixture.OpenAsync("/sagas/web-hostile");
        var page = opened.Page;
        var item = page.Locator("#timeline li.report[data-report-id='web-hostile-1']");
        await Expect(item.Locator("blockquote.quote")).ToHaveTextAsync(quote);
        await Expect(item.Locator(".reporter")).ToHaveTextAsync(reporter);
        await Expect(item.Locator("li.claim")).ToHaveTextAsync($"{club}: bid made");
        await Expect(page.Locator("#player")).ToHaveTextAsync(player);
        await Expect(page.Locator(".card-suitors li .club")).ToHaveTextAsync(club);
        (await page.EvaluateAsync<string?>("() => window.__pwned ?? null")).ShouldBeNull();
        (await page.Locator("main script, main img, main [onerror], main [onload], main [onmouseover], main b, main i").CountAsync()).ShouldBe(0);
        (await item.Locator("a").GetAttributeAsync("href"))!.ShouldStartWith("https://example.com/a?b=");

        await page.SetViewportSizeAsync(Viewports.Phone.Width, Viewports.Phone.Height);
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(
            Viewports.Phone.Width, "long unbroken names wrap on a phone");
        await opened.ScreenshotAsync("saga-page-hostile-phone");

        await page.GotoAsync("/?q=hostile");
        await Expect(page.Locator("#sagas li.saga-card h2")).ToHaveTextAsync([player]);
        (await page.EvaluateAsync<string?>("() => window.__pwned ?? null")).ShouldBeNull();
        (await page.Locator("main img, main [onerror], main svg").CountAsync()).ShouldBe(0);
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(Viewports.Phone.Width);

        opened.ShouldHaveNoConsoleErrors();
    }

    [Fact]
    public async Task a_retracted_report_is_struck_through_with_its_reason_and_a_contradicted_claim_is_marked()
    {
        await fixture.Node.SendAsync(HttpMethod.Put, "/api/sagas/web-retraction", new { player = "Retraction Test", currentClub = "Liverpool" }, HttpStatusCode.Created);
        await fixture.Node.PostReportAsync(ServiceNode.Report("web-retracted", "2025-11-20T10:00:00Z", ServiceNode.Interest("web-retraction", "Arsenal", "bid")));
        await fixture.Node.PostReportAsync(ServiceNode.Report("web-standing", "2025-11-21T10:00:00Z", ServiceNode.Interest("web-retraction", "Chelsea", "monitoring")));
        await fixture.Node.SendAsync(HttpMethod.Post, "/api/reports/web-retracted/retraction", new { reason = "The source withdrew <it>." }, HttpStatusCode.Created);

        // Another engineer's work adds contradictedBy to timeline entries; until it lands the browser adds one.
        await using var opened = await fixture.OpenAsync("/sagas/web-retraction", before: page => page.RouteAsync("**/api/sagas/web-retraction/timeline?*", async route =>
        {
            var response = await route.FetchAsync();
            var entries = JsonNode.Parse(await response.TextAsync())!.AsArray();
            entries.Single(e => e!["reportId"]!.GetValue<string>() == "web-standing")!["contradictedBy"] = new JsonArray(
                new JsonObject { ["reportId"] = "later-report", ["reporter"] = "Dean Jones", ["outlet"] = "TEAMtalk", ["at"] = "2025-11-22T10:00:00Z" });
            await route.FulfillAsync(new RouteFulfillOptions { Response = response, Body = entries.ToJsonString() });
        }));
        var page = opened.Page;

        var retracted = page.Locator("li.report[data-report-id='web-retracted']");
        await Expect(retracted).ToHaveClassAsync(new Regex(@"\bis-retracted\b"));
        await Expect(retracted.Locator("li.claim del")).ToHaveTextAsync("Arsenal: bid made");
        await Expect(retracted.Locator(".retraction .reason")).ToHaveTextAsync("The source withdrew <it>.");
        await Expect(page.Locator(".card-suitors li")).ToHaveTextAsync([new Regex("^Chelsea monitoring")]);

        var standing = page.Locator("li.report[data-report-id='web-standing'] li.claim");
        await Expect(standing).ToHaveClassAsync(new Regex(@"\bis-contradicted\b"));
        await Expect(standing.Locator("del")).ToHaveCountAsync(0);
        await Expect(standing.Locator(".contradiction")).ToHaveTextAsync("Contradicted by Dean Jones, TEAMtalk · 22 Nov 2025");
        await opened.ScreenshotAsync("saga-page-retraction");

        opened.ShouldHaveNoConsoleErrors();
    }

    [Fact]
    public async Task an_unknown_saga_says_so_and_a_bad_known_at_names_the_problem()
    {
        await using (var opened = await fixture.OpenAsync("/sagas/no-such-saga"))
        {
            await Expect(opened.Page.Locator("#page-error")).ToHaveTextAsync("There is no saga “no-such-saga”.");
            await Expect(opened.Page.Locator(".replay")).ToBeHiddenAsync();
            opened.ShouldHaveNoConsoleErrors(error => error.Contains("status of 404") && error.Contains("/api/sagas/no-such-saga"));
        }

        await using var garbled = await fixture.OpenAsync($"{Konate}?knownAt=yesterday-ish");
        await Expect(garbled.Page.Locator("#page-error")).ToContainTextAsync("knownAt");
        await Expect(garbled.Page.Locator("#player")).ToHaveTextAsync("Ibrahima Konaté");
        garbled.ShouldHaveNoConsoleErrors(error => error.Contains("status of 400"));
    }

    private static int EpochDay(DateOnly day) => day.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    private static Regex ChangedClass() => ChangedPattern();

    [GeneratedRegex(@"\bchanged\b")]
    private static partial Regex ChangedPattern();

    /// <summary>The state the API gives, as the same flat list of facts <see cref="ShownStateAsync"/> reads from the page.</summary>
    private async Task<string[]> ApiStateAsync(string query)
    {
        var state = await fixture.Node.Http.GetFromJsonAsync<JsonElement>($"/api/sagas/ibrahima-konate{query}");
        var facts = new List<string>();
        facts.AddRange(state.GetProperty("suitors").EnumerateArray().Select(s => $"suitor:{s.GetProperty("club")}:{s.GetProperty("interest")}"));
        if (state.GetProperty("playerStance").ValueKind == JsonValueKind.Object)
        {
            facts.Add($"player-stance:{state.GetProperty("playerStance").GetProperty("stance")}");
        }

        facts.AddRange(state.GetProperty("clubStances").EnumerateArray().Select(s => $"club-stance:{s.GetProperty("club")}:{s.GetProperty("stance")}"));
        facts.AddRange(state.GetProperty("offers").EnumerateArray().Select(o => $"offer:{o.GetProperty("club")}:{o.GetProperty("status")}"));
        facts.AddRange(state.GetProperty("expectations").EnumerateArray().Select(e => $"expectation:{e.GetProperty("reporter")}:{e.GetProperty("outcome")}"));
        facts.Add($"status:{state.GetProperty("status")}");
        return [.. facts];
    }

    private static Task<string[]> ShownStateAsync(IPage page) => page.EvaluateAsync<string[]>("""
        () => {
          const all = (selector) => [...document.querySelectorAll(selector)];
          return [
            ...all('.card-suitors li').map(li => `suitor:${li.dataset.club}:${li.dataset.interest}`),
            ...all('.card-player-stance [data-stance]').map(el => `player-stance:${el.dataset.stance}`),
            ...all('.card-club-stances li').map(li => `club-stance:${li.dataset.club}:${li.dataset.stance}`),
            ...all('.card-offers li').map(li => `offer:${li.dataset.club}:${li.dataset.status}`),
            ...all('.card-expectations li').map(li => `expectation:${li.dataset.reporter}:${li.dataset.outcome}`),
            ...all('.card-status .status').map(el => `status:${el.classList.contains('status-resolved') ? 'resolved' : 'open'}`),
          ];
        }
        """);
}
