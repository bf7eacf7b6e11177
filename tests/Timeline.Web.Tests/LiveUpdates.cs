using System.Collections.Concurrent;

namespace Timeline.Web.Tests;

/// <summary>
/// Pages render what the push carries: a live update changes the open pages without their asking the server
/// for what the update already holds (the saga's state, the list's summaries), so read load does not grow
/// with every open page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class a_live_update(BrowserFixture fixture)
{
    private const string Saga = "web-requests";


    [Fact]
    public async Task patches_the_open_saga_page_and_the_list_without_a_request_for_the_state_or_the_list()
    {
        await fixture.Node.SendAsync(HttpMethod.Put, $"/api/sagas/{Saga}", new { player = "Request Counter", currentClub = "Brentford" }, HttpStatusCode.Created);
        await using var sagaPage = await fixture.OpenAsync($"/sagas/{Saga}");
        await using var listPage = await fixture.OpenAsync("/");
        await Expect(sagaPage.Page.Locator("#live")).ToHaveAttributeAsync("data-state", "live");
        await Expect(listPage.Page.Locator("#live")).ToHaveAttributeAsync("data-state", "live");
        var sagaRequests = Requests(sagaPage.Page);
        var listRequests = Requests(listPage.Page);

        var id = $"web-requests-{Guid.NewGuid():N}";
        await fixture.Node.PostReportAsync(ServiceNode.Report(id, "2025-12-02T08:00:00Z", ServiceNode.Interest(Saga, "Arsenal", "bid")));

        await Expect(sagaPage.Page.Locator(".card-suitors li[data-club='Arsenal']")).ToHaveAttributeAsync("data-interest", "bid");
        await Expect(sagaPage.Page.Locator("#saga-facts")).ToContainTextAsync("1 claim");
        await Expect(sagaPage.Page.Locator($"#timeline li.report[data-report-id='{id}']")).ToHaveCountAsync(1);
        await Expect(sagaPage.Page.Locator("#chart-legend li")).ToHaveTextAsync(["Arsenal"]);
        await Expect(listPage.Page.Locator($"li.saga-card[data-slug='{Saga}'] .chip")).ToHaveTextAsync(["Arsenal bid made"]);

        var paths = sagaRequests.Select(url => new Uri(url).AbsolutePath).ToList();
        paths.ShouldNotContain($"/api/sagas/{Saga}", "the pushed state is the saga's state: the page asks for none");
        paths.ShouldContain($"/api/sagas/{Saga}/timeline", "the claims behind the update are what the push cannot carry");
        listRequests.Select(url => new Uri(url).AbsolutePath).ShouldNotContain("/api/sagas", "the pushed summary is the list's entry");
        sagaPage.ShouldHaveNoConsoleErrors();
        listPage.ShouldHaveNoConsoleErrors();
    }

    [Fact]
    public async Task keeps_the_report_the_reader_is_on_where_it_is_and_focused_when_one_is_added_above_it()
    {
        const string saga = "web-anchor";
        await fixture.Node.SendAsync(HttpMethod.Put, $"/api/sagas/{saga}", new { player = "Anchor Man", currentClub = "Fulham" }, HttpStatusCode.Created);
        for (var day = 1; day <= 12; day++)
        {
            await fixture.Node.PostReportAsync(new
            {
                id = $"web-anchor-{day}",
                reporter = "Vinny O'Connor",
                outlet = "Sky Sports",
                publishedAt = $"2025-12-{day:00}T08:00:00Z",
                url = $"https://www.skysports.com/football/news/anchor-{day}",
                claims = new[] { ServiceNode.Interest(saga, "Everton", day % 2 == 0 ? "interested" : "monitoring") },
            });
        }

        await using var opened = await fixture.OpenAsync($"/sagas/{saga}");
        var page = opened.Page;
        await Expect(page.Locator("#live")).ToHaveAttributeAsync("data-state", "live");
        var reading = page.Locator("li.report[data-report-id='web-anchor-9']");
        await reading.EvaluateAsync("report => report.scrollIntoView({ block: 'center' })");
        await reading.Locator(".provenance a").FocusAsync();
        await page.EvaluateAsync("""
            () => {
              window.shifted = 0;
              new PerformanceObserver((list) => { for (const entry of list.getEntries()) window.shifted += entry.value; })
                .observe({ type: 'layout-shift' });
            }
            """);
        var before = await reading.EvaluateAsync<double>("report => report.getBoundingClientRect().top");

        // Published before every other report and naming a new suitor: the timeline and the state cards above both grow.
        await fixture.Node.PostReportAsync(ServiceNode.Report("web-anchor-0", "2025-11-20T08:00:00Z",
            ServiceNode.Interest(saga, "Arsenal", "bid"), ServiceNode.Interest(saga, "Chelsea", "monitoring")));
        await Expect(page.Locator("li.report[data-report-id='web-anchor-0']")).ToHaveCountAsync(1);
        await Expect(page.Locator(".card-suitors li[data-club='Arsenal']")).ToHaveCountAsync(1);

        var after = await reading.EvaluateAsync<double>("report => report.getBoundingClientRect().top");
        after.ShouldBe(before, 1, "the report the reader is on stays where it was on the screen");
        (await page.EvaluateAsync<string?>("() => document.activeElement.closest('li.report')?.dataset.reportId"))
            .ShouldBe("web-anchor-9", "the link the reader is on keeps the focus: an unchanged report is not drawn again");
        (await page.EvaluateAsync<double>("() => window.shifted")).ShouldBeLessThan(0.1, "nothing the reader sees moves");
        opened.ShouldHaveNoConsoleErrors();
    }

    /// <summary>Every request the page makes from now on.</summary>
    private static ConcurrentQueue<string> Requests(IPage page)
    {
        var requests = new ConcurrentQueue<string>();
        page.Request += (_, request) => requests.Enqueue(request.Url);
        return requests;
    }
}
