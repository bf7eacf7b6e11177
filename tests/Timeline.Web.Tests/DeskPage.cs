using Timeline.Domain;

namespace Timeline.Web.Tests;

/// <summary>
/// The desk in real headless Chromium against the built service: an article pasted, drafted, corrected and
/// recorded, each outcome checked through the API. The recording tests use players of their own, so the demo
/// sagas the other pages' tests read stay as the demo data left them.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class the_desk(BrowserFixture fixture)
{
    private static readonly string SeedArticle = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Seed", "konate-article-2025-11-30.txt"));


    /// <summary>Drafting runs the drafter on the server; on a busy machine that can outlast a page wait.</summary>
    private static readonly LocatorAssertionsToHaveCountOptions Drafted = new() { Timeout = 20_000 };

    private static async Task EnterKeyAsync(IPage page) => await page.GetByLabel("API key").FillAsync(ServiceNode.Key);

    private static async Task DraftAsync(IPage page, string text, string publishedAt, string? outlet = null, int cards = 1)
    {
        await page.Locator("#article-text").FillAsync(text);
        await page.Locator("#article-published").FillAsync(publishedAt);
        if (outlet is not null)
        {
            await page.Locator("#article-outlet").FillAsync(outlet);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Draft", Exact = true }).ClickAsync();
        await Expect(page.Locator("article.draft")).ToHaveCountAsync(cards, Drafted);
    }

    /// <summary>Opens saga <paramref name="slug"/> through the API, then the desk with the key entered and <paramref name="text"/> drafted into one card.</summary>
    private async Task<BrowserPage> DraftAboutANewSagaAsync(string slug, string player, string club, string text, string publishedAt)
    {
        await fixture.Node.SendAsync(HttpMethod.Put, $"/api/sagas/{slug}", new { player, currentClub = club }, HttpStatusCode.Created);
        var opened = await fixture.OpenAsync("/desk");
        await EnterKeyAsync(opened.Page);
        await DraftAsync(opened.Page, text, publishedAt);
        return opened;
    }

    private static ILocator RecordButton(ILocator card) => card.GetByRole(AriaRole.Button, new() { NameRegex = new("^Record the report") });

    [Fact]
    public async Task the_seed_article_gives_three_cards_with_their_claims_and_each_claim_marks_its_sentence()
    {
        await using var opened = await fixture.OpenAsync("/desk");
        var page = opened.Page;
        await EnterKeyAsync(page);
        await DraftAsync(page, SeedArticle, "2025-11-30T09:00", outlet: "TEAMtalk", cards: 3);

        var titles = await page.Locator("article.draft .draft-title").AllTextContentsAsync();
        titles.ShouldBe(["The Athletic", "TEAMtalk, Dean Jones", "Sky Sports, Vinny O'Connor"], ignoreOrder: true);
        var sky = page.Locator("article.draft", new() { Has = page.Locator(".draft-title", new() { HasText = "Sky Sports" }) });
        var words = await sky.Locator(".claim-words").AllTextContentsAsync();
        words.ShouldContain("Ibrahima Konaté · Ibrahima Konaté: exploring options from January 2026");
        words.ShouldContain("Ibrahima Konaté · Real Madrid: interest cooling");
        var athletic = page.Locator("article.draft", new() { Has = page.Locator(".draft-title", new() { HasText = "The Athletic" }) });
        (await athletic.Locator(".claim-words").AllTextContentsAsync()).ShouldContain("Ibrahima Konaté · Real Madrid: interest withdrawn");
        await Expect(RecordButton(sky)).ToHaveCountAsync(1);

        // Each row's choices are the vocabulary's, as the API takes it.
        var firstInterest = page.Locator("li.draft-claim", new() { Has = page.Locator("select[data-field$='.level']") }).First;
        var levels = await firstInterest.Locator("select[data-field$='.level'] option").EvaluateAllAsync<string[]>("o => o.map(x => x.value).filter(Boolean)");
        levels.ShouldBe(Vocabulary<InterestLevel>.Names.ToArray(), ignoreOrder: true);
        var types = await firstInterest.Locator("select[data-field$='.type'] option").EvaluateAllAsync<string[]>("o => o.map(x => x.value)");
        types.ShouldBe(["interest", "offer", "player-stance", "club-stance", "expectation", "outcome"]);

        // Focusing a claim marks the sentence it came from, and only that, as text.
        var cooling = sky.Locator("li.draft-claim", new() { HasText = "interest cooling" });
        await cooling.Locator("select").First.FocusAsync();
        await Expect(page.Locator("#article-rendered mark")).ToHaveCountAsync(1);
        await Expect(page.Locator("#article-rendered mark")).ToContainTextAsync("there are reports that the interest is subsiding");
        (await page.Locator("#article-rendered").TextContentAsync()).ShouldBe(SeedArticle, "the text is shown whole, as text");

        // What the drafter did not understand is shown, and a player's saga is linked.
        (await page.Locator("#unparsed li").CountAsync()).ShouldBeGreaterThan(0);
        await Expect(page.Locator("#players a[href='/sagas/marc-guehi']")).ToHaveCountAsync(1);

        await opened.ScreenshotAsync("desk-desktop");
        await cooling.ScrollIntoViewIfNeededAsync();
        await opened.ScreenshotAsync("desk-desktop-window", fullPage: false);
        opened.ShouldHaveNoConsoleErrors();
    }

    [Fact]
    public async Task a_changed_level_is_recorded_as_changed_and_a_second_record_stores_nothing()
    {
        await using var opened = await DraftAboutANewSagaAsync("tomas-lindqvist", "Tomas Lindqvist", "Brentford",
            "Lindqvist weighs up offers\n\nArsenal are monitoring Brentford striker Tomas Lindqvist, according to The Athletic.", "2025-12-01T10:00");
        var page = opened.Page;

        var card = page.Locator("article.draft");
        await Expect(card.Locator(".claim-words")).ToHaveTextAsync(["Tomas Lindqvist · Arsenal: monitoring"]);
        await card.Locator("select[data-field='claims[0].level']").SelectOptionAsync("bid");
        await Expect(card.Locator(".claim-words")).ToHaveTextAsync(["Tomas Lindqvist · Arsenal: bid made"]);
        await RecordButton(card).ClickAsync();
        await Expect(card.Locator(".receipt")).ToContainTextAsync("Recorded as");
        await Expect(card.Locator(".receipt a[href='/sagas/tomas-lindqvist']")).ToHaveTextAsync("Tomas Lindqvist");

        var state = await fixture.Node.SendAsync(HttpMethod.Get, "/api/sagas/tomas-lindqvist");
        var suitor = state.GetProperty("suitors").EnumerateArray().Single();
        suitor.GetProperty("club").GetString().ShouldBe("Arsenal");
        suitor.GetProperty("interest").GetString().ShouldBe("bid", "the level as the editor changed it, not as drafted");
        suitor.GetProperty("outlet").GetString().ShouldBe("The Athletic");

        await RecordButton(card).ClickAsync();
        await Expect(card.Locator(".receipt")).ToContainTextAsync("Already recorded: nothing new was stored");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record all" }).ClickAsync();
        await Expect(page.Locator("#record-all-status")).ToHaveTextAsync("Every report is recorded.");
        var timeline = await fixture.Node.SendAsync(HttpMethod.Get, "/api/sagas/tomas-lindqvist/timeline");
        timeline.GetArrayLength().ShouldBe(1, "pressing Record twice stores the report once");

        // The key is in this tab's session storage and nowhere else.
        (await page.EvaluateAsync<string>("() => sessionStorage.getItem('timeline.apiKey')")).ShouldBe(ServiceNode.Key);
        (await page.EvaluateAsync<int>("() => localStorage.length")).ShouldBe(0);
        (await page.EvaluateAsync<string>("() => document.cookie")).ShouldBeEmpty();
        (await page.Context.CookiesAsync()).ShouldBeEmpty();
        page.Url.ShouldNotContain(ServiceNode.Key);
        (await page.GetByLabel("API key").GetAttributeAsync("type")).ShouldBe("password");
        opened.ShouldHaveNoConsoleErrors();
    }

    [Fact]
    public async Task a_player_without_a_saga_is_opened_from_the_desk_and_his_claim_recorded()
    {
        await using var opened = await fixture.OpenAsync("/desk");
        var page = opened.Page;
        await EnterKeyAsync(page);
        await DraftAsync(page, "Tottenham are keeping tabs on Lyon midfielder Mathis Delorme, 23.", "2025-12-02T08:00", outlet: "Le Vestiaire");

        var form = page.GetByRole(AriaRole.Form, new() { Name = "Open a saga for Mathis Delorme" });
        await Expect(form.GetByLabel("Slug")).ToHaveValueAsync("mathis-delorme");
        await Expect(form.GetByLabel("Player")).ToHaveValueAsync("Mathis Delorme");
        await Expect(form.GetByLabel("Current club")).ToHaveValueAsync("Lyon");
        await form.GetByRole(AriaRole.Button, new() { Name = "Open saga" }).ClickAsync();
        await Expect(page.Locator("#players a[href='/sagas/mathis-delorme']")).ToHaveTextAsync("Mathis Delorme");
        var saga = await fixture.Node.SendAsync(HttpMethod.Get, "/api/sagas/mathis-delorme");
        saga.GetProperty("currentClub").GetString().ShouldBe("Lyon");

        var card = page.Locator("article.draft");
        await RecordButton(card).ClickAsync();
        await Expect(card.Locator(".receipt")).ToContainTextAsync("Recorded as");
        var state = await fixture.Node.SendAsync(HttpMethod.Get, "/api/sagas/mathis-delorme");
        var suitor = state.GetProperty("suitors").EnumerateArray().Single();
        (suitor.GetProperty("club").GetString(), suitor.GetProperty("interest").GetString()).ShouldBe(("Tottenham Hotspur", "monitoring"));
        opened.ShouldHaveNoConsoleErrors();
    }

    [Fact]
    public async Task a_refused_report_shows_the_error_beside_its_field_and_stores_nothing()
    {
        await using var opened = await DraftAboutANewSagaAsync("noah-verhoeven", "Noah Verhoeven", "Feyenoord",
            "Newcastle United are interested in Feyenoord winger Noah Verhoeven, according to Sky Sports.", "2025-12-03T09:00");
        var page = opened.Page;

        var card = page.Locator("article.draft");
        await card.Locator("select[data-field='claims[0].level']").SelectOptionAsync("");
        await RecordButton(card).ClickAsync();
        await Expect(card.Locator(".receipt")).ToContainTextAsync("Nothing was stored");
        var level = card.Locator("select[data-field='claims[0].level']");
        await Expect(level).ToHaveAttributeAsync("aria-invalid", "true");
        var error = page.Locator($"#{await level.GetAttributeAsync("id")}-error");
        await Expect(error).ToBeVisibleAsync();
        await Expect(error).ToContainTextAsync("claims[0].level");
        (await fixture.Node.SendAsync(HttpMethod.Get, "/api/sagas/noah-verhoeven/timeline")).GetArrayLength().ShouldBe(0, "a refused report stores nothing");

        await level.SelectOptionAsync("interested");
        await RecordButton(card).ClickAsync();
        await Expect(card.Locator(".receipt")).ToContainTextAsync("Recorded as");
        await Expect(level).Not.ToHaveAttributeAsync("aria-invalid", "true");
        (await fixture.Node.SendAsync(HttpMethod.Get, "/api/sagas/noah-verhoeven/timeline")).GetArrayLength().ShouldBe(1);
        opened.ShouldHaveNoConsoleErrors(e => e.Contains("status of 400", StringComparison.Ordinal));
    }

    [Fact]
    public async Task fits_a_phone_with_the_seed_articles_drafts_and_works_from_the_keyboard()
    {
        await using var opened = await fixture.OpenAsync("/desk", Viewports.Phone);
        var page = opened.Page;
        await page.Locator("#api-key").FocusAsync();
        await page.Keyboard.TypeAsync(ServiceNode.Key);
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#article-text")).ToBeFocusedAsync();
        await page.Locator("#article-text").FillAsync(SeedArticle);
        await page.Locator("#article-outlet").FillAsync("TEAMtalk");
        await page.Locator("#article-published").FillAsync("2025-11-30T09:00");
        await page.Locator("#draft").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("article.draft")).ToHaveCountAsync(3, Drafted);

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        overflow.ShouldBeLessThanOrEqualTo(0, "no horizontal scrolling at phone width");
        await opened.ScreenshotAsync("desk-phone");
        opened.ShouldHaveNoConsoleErrors();
    }

    [Fact]
    public async Task is_linked_from_every_pages_header_and_from_the_saga_page()
    {
        await using var opened = await fixture.OpenAsync("/sagas/ibrahima-konate");
        await Expect(opened.Page.Locator("header.site nav a[href='/desk']")).ToHaveCountAsync(1);
        await opened.Page.GetByRole(AriaRole.Link, new() { Name = "Record a report" }).ClickAsync();
        await opened.Page.WaitForURLAsync("**/desk");
        await Expect(opened.Page.GetByLabel("API key")).ToBeVisibleAsync();
        foreach (var path in new[] { "/", "/reporters", "/inbox" })
        {
            await opened.Page.GotoAsync(path);
            await Expect(opened.Page.Locator("header.site nav a[href='/desk']")).ToHaveCountAsync(1);
        }
    }
}
