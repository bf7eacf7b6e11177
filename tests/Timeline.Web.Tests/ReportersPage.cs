namespace Timeline.Web.Tests;

/// <summary>
/// The credibility table. <c>GET /api/reporters</c> is being built separately: the page renders its
/// list when it answers 200 and says clearly that it is not available on 404. Both answers are also
/// given by the browser's request routing, so each path is tested whichever the service has.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class the_reporters_page(BrowserFixture fixture)
{

    /// <summary>The browser's own network log line for a 404 answer: expected when the endpoint is absent, and not a script error.</summary>
    private static bool NotFoundLogged(string error) => error.Contains("status of 404") && error.Contains("/api/reporters");

    [Fact]
    public async Task it_renders_the_list_the_api_answers_with_values_as_text()
    {
        var reporters = new object[]
        {
            new { name = "Dean Jones", slug = "dean-jones", reports = 12, predictions = 4, resolved = 2, correct = 1, accuracy = 0.5, brier = 0.125 },
            new { name = "<img src=x onerror=\"window.__pwned=1\">Vinny", slug = "vinny", reports = 3, predictions = 0, resolved = 0, correct = 0, accuracy = (double?)null, brier = (double?)null },
        };
        await using var opened = await fixture.OpenAsync("/reporters", before: page => page.RouteAsync("**/api/reporters", route =>
            route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "application/json", Body = JsonSerializer.Serialize(reporters) })));
        var page = opened.Page;

        var rows = page.Locator("#reporters tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0).Locator("th, td")).ToHaveTextAsync(["Dean Jones", "12", "4", "2", "1", "50%", "0.125"]);
        await Expect(rows.Nth(1).Locator("th, td")).ToHaveTextAsync(["<img src=x onerror=\"window.__pwned=1\">Vinny", "3", "0", "0", "0", "—", "—"]);
        (await page.EvaluateAsync<int?>("() => window.__pwned ?? null")).ShouldBeNull();
        (await page.Locator("main img").CountAsync()).ShouldBe(0);
        opened.ShouldHaveNoConsoleErrors();
    }

    [Fact]
    public async Task it_says_clearly_that_credibility_is_not_available_when_the_api_answers_404()
    {
        await using var opened = await fixture.OpenAsync("/reporters", before: page => page.RouteAsync("**/api/reporters", route =>
            route.FulfillAsync(new RouteFulfillOptions
            {
                Status = 404,
                ContentType = "application/problem+json",
                Body = """{"status":404,"title":"Not Found"}""",
            })));

        await Expect(opened.Page.Locator("#reporters-status")).ToHaveTextAsync("Reporter credibility is not available on this server yet.");
        await Expect(opened.Page.Locator("#reporters-wrap")).ToBeHiddenAsync();
        opened.ShouldHaveNoConsoleErrors(NotFoundLogged);
    }

    [Fact]
    public async Task it_shows_what_this_service_answers()
    {
        using var answer = await fixture.Node.Http.GetAsync("/api/reporters");
        await using var opened = await fixture.OpenAsync("/reporters");
        var status = opened.Page.Locator("#reporters-status");
        if (answer.StatusCode == HttpStatusCode.NotFound)
        {
            await Expect(status).ToHaveAttributeAsync("data-state", "not-available");
        }
        else
        {
            answer.StatusCode.ShouldBe(HttpStatusCode.OK);
            await Expect(status).ToHaveAttributeAsync("data-state", "loaded");
            await Expect(opened.Page.Locator("#reporters-wrap")).ToBeVisibleAsync();
        }

        opened.ShouldHaveNoConsoleErrors(NotFoundLogged);
    }
}
