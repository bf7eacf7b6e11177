using System.Collections.Concurrent;
using System.Net;
using Microsoft.Playwright;
using Timeline.Api.Tests;
using static Microsoft.Playwright.Assertions;

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

    static a_live_update() => SetDefaultExpectTimeout((float)BrowserFixture.Patience.TotalMilliseconds);

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

    /// <summary>Every request the page makes from now on.</summary>
    private static ConcurrentQueue<string> Requests(IPage page)
    {
        var requests = new ConcurrentQueue<string>();
        page.Request += (_, request) => requests.Enqueue(request.Url);
        return requests;
    }
}
