namespace Timeline.Web.Tests;

/// <summary>
/// The inbox with a real feed on a loopback server (Kestrel) that the service follows: an item the feed
/// publishes appears on the open page, opens in the desk with its drafts, and recording it there marks it recorded.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class the_inbox(BrowserFixture fixture)
{

    [Fact]
    public async Task lists_a_new_article_within_seconds_of_its_poll_opens_it_in_the_desk_and_recording_there_marks_it_recorded()
    {
        await using var feeds = await FeedServer.StartAsync();
        await fixture.Node.SendAsync(HttpMethod.Put, "/api/sagas/lukas-brandt", new { player = "Lukas Brandt", currentClub = "Wolfsburg" }, HttpStatusCode.Created);
        var feed = await fixture.Node.SendAsync(HttpMethod.Post, "/api/feeds", new { url = feeds.Url("/rss"), outlet = "Desk Daily", reporter = "Ana Costa" }, HttpStatusCode.Created);
        var feedId = feed.GetProperty("id").GetString()!;
        await WaitForAsync(async () => (await fixture.Node.SendAsync(HttpMethod.Get, $"/api/feeds/{feedId}")).GetProperty("lastPolledAt").ValueKind == JsonValueKind.String, "the first poll");

        await using var opened = await fixture.OpenAsync("/inbox");
        var page = opened.Page;
        await Expect(page.Locator("#inbox-count")).ToContainTextAsync("Nothing waiting");

        feeds.Add(new TestItem("brandt-1", "Newcastle move for Brandt",
            "<p>Newcastle United are interested in Wolfsburg midfielder Lukas Brandt.</p><p>A decision is expected in January.</p>",
            new DateTimeOffset(2025, 12, 4, 8, 0, 0, TimeSpan.Zero)));
        await fixture.Node.SendAsync(HttpMethod.Post, $"/api/feeds/{feedId}/poll", expected: HttpStatusCode.Accepted);
        string articleId = "";
        await WaitForAsync(async () =>
        {
            var inbox = await fixture.Node.SendAsync(HttpMethod.Get, $"/api/articles?feed={feedId}");
            articleId = inbox.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetString()!).FirstOrDefault() ?? "";
            return articleId.Length > 0;
        }, "the article from the poll");

        var stored = Stopwatch.StartNew();
        var item = page.Locator($"li.article[data-article-id='{articleId}']");
        await Expect(item).ToHaveCountAsync(1, new() { Timeout = 10_000 });
        Console.WriteLine($"The inbox page listed the article {stored.ElapsedMilliseconds} ms after the API had it.");
        await Expect(item.Locator(".article-title")).ToHaveTextAsync("Newcastle move for Brandt");
        await Expect(item.Locator(".article-claims li")).ToHaveTextAsync(["lukas-brandt · Newcastle United: interested"]);

        await item.GetByRole(AriaRole.Link, new() { NameRegex = new("^Open in the desk") }).ClickAsync();
        await page.WaitForURLAsync($"**/desk?article={articleId}");
        await page.WaitForSelectorAsync("body[data-ready='true']");
        await Expect(page.Locator("#article-origin")).ToContainTextAsync("Newcastle move for Brandt");
        await Expect(page.Locator("#article-text")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("Newcastle United are interested in Wolfsburg midfielder Lukas Brandt"));
        var card = page.Locator("article.draft");
        await Expect(card).ToHaveCountAsync(1);
        await Expect(card.Locator(".claim-words")).ToHaveTextAsync(["Lukas Brandt · Newcastle United: interested"]);

        await page.GetByLabel("API key").FillAsync(ServiceNode.Key);
        await card.GetByRole(AriaRole.Button, new() { NameRegex = new("^Record the report") }).ClickAsync();
        await Expect(card.Locator(".receipt")).ToContainTextAsync("Recorded as");

        var article = await fixture.Node.SendAsync(HttpMethod.Get, $"/api/articles/{articleId}");
        article.GetProperty("status").GetString().ShouldBe("recorded");
        var reportId = article.GetProperty("reportIds").EnumerateArray().Single().GetString()!;
        var report = await fixture.Node.SendAsync(HttpMethod.Get, $"/api/reports/{reportId}");
        report.GetProperty("articleId").GetString().ShouldBe(articleId);
        report.GetProperty("outlet").GetString().ShouldBe("Desk Daily");

        await page.GotoAsync("/inbox");
        await page.WaitForSelectorAsync("body[data-ready='true']");
        await Expect(page.Locator($"li.article[data-article-id='{articleId}']")).ToHaveCountAsync(0);
        opened.ShouldHaveNoConsoleErrors();
        await fixture.Node.SendAsync(HttpMethod.Delete, $"/api/feeds/{feedId}", expected: HttpStatusCode.NoContent);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"Not within 30 s: {what}.");
            }

            await Task.Delay(100);
        }
    }
}
