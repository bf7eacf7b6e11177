namespace Timeline.Api.Web;

/// <summary>What a page's title and meta description (and its Open Graph tags) say.</summary>
public sealed record PageHead(string Title, string Description);

/// <summary>The saga page's head for a saga and a replay date; the saga capability knows what to say.</summary>
public interface ISagaPageHead
{
    Task<PageHead> DescribeAsync(string slug, string? asOf, CancellationToken ct);
}

/// <summary>
/// <c>/sagas/{slug}</c>: the saga page, its title, description and Open Graph tags filled in on the server, because
/// crawlers and link previews read the HTML and run no script. A shared replay address
/// (<c>?asOf=2025-11-29</c>) previews as the saga was on that date. The script sets the same title and description
/// once it has drawn the saga, and again as the reader moves the replay.
/// </summary>
public static class SagaPage
{
    public static async Task<IResult> ServeAsync(
        HttpContext http, string slug, string? asOf, WebAssets assets, ISagaPageHead heads, CancellationToken ct)
    {
        if (assets.Page("saga.html") is not { } template)
        {
            return TypedResults.NotFound();
        }

        var head = await heads.DescribeAsync(slug, asOf, ct);
        var html = template
            .Replace("{{title}}", WebPages.Encode(head.Title), StringComparison.Ordinal)
            .Replace("{{description}}", WebPages.Encode(head.Description), StringComparison.Ordinal);
        return WebPages.Html(http, html);
    }
}
