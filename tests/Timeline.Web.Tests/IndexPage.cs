namespace Timeline.Web.Tests;

/// <summary>The front page: every saga at a glance, searchable by player or club.</summary>
[Collection(BrowserCollection.Name)]
public sealed class the_saga_list(BrowserFixture fixture)
{

    [Fact]
    public async Task it_shows_every_saga_most_recently_active_first_with_its_suitors_and_filters_by_player_or_club()
    {
        var sagas = await fixture.Node.Http.GetFromJsonAsync<JsonElement>("/api/sagas");
        await using var opened = await fixture.OpenAsync("/");
        var page = opened.Page;

        var cards = page.Locator("#sagas li.saga-card");
        var slugs = await cards.EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.slug)");
        slugs.ShouldBe(sagas.EnumerateArray().Select(s => s.GetProperty("slug").GetString()!).ToArray(), "the API's order: most recent report first");

        var konate = page.Locator("li.saga-card[data-slug='ibrahima-konate']");
        await Expect(konate.Locator("h2")).ToHaveTextAsync("Ibrahima Konaté");
        await Expect(konate.Locator(".facts")).ToHaveTextAsync("Liverpool · contract to 30 Jun 2026");
        await Expect(konate.Locator(".status")).ToHaveTextAsync("Open");
        await Expect(konate.Locator(".chip")).ToHaveTextAsync(["Real Madrid interest withdrawn"]);
        var guehi = sagas.EnumerateArray().Single(s => s.GetProperty("slug").GetString() == "marc-guehi");
        var suitors = guehi.GetProperty("suitors").EnumerateArray().Select(s => s.GetProperty("club").GetString()!).ToArray();
        suitors.ShouldContain("Bayern Munich");
        await Expect(page.Locator("li.saga-card[data-slug='marc-guehi'] .chip-club")).ToHaveTextAsync(suitors);

        // Accents are optional when searching.
        await page.Locator("#search").FillAsync("konate");
        await Expect(cards).ToHaveCountAsync(1);
        await Expect(cards.First).ToHaveAttributeAsync("data-slug", "ibrahima-konate");

        // A club matches the current club or a suitor.
        await page.Locator("#search").FillAsync("Bayern");
        await Expect(cards).ToHaveCountAsync(2);
        (await cards.EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.slug)"))
            .ShouldBe(["marc-guehi", "dayot-upamecano"], ignoreOrder: true);
        new Uri(page.Url).Query.ShouldBe("?q=Bayern");

        await page.Locator("#search").FillAsync("");
        await page.Locator("li.saga-card[data-slug='ibrahima-konate'] h2 a").ClickAsync();
        await page.WaitForURLAsync("**/sagas/ibrahima-konate");
        await Expect(page.Locator("#player")).ToHaveTextAsync("Ibrahima Konaté");

        await page.SetViewportSizeAsync(Viewports.Phone.Width, Viewports.Phone.Height);
        await page.GotoAsync("/");
        await Expect(page.Locator("#sagas li.saga-card").First).ToBeVisibleAsync();
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(Viewports.Phone.Width);
        await opened.ScreenshotAsync("saga-list-phone");
        opened.ShouldHaveNoConsoleErrors();
    }
}
