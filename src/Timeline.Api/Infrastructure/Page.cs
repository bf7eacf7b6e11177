using Microsoft.AspNetCore.WebUtilities;

namespace Timeline.Api.Infrastructure;

/// <summary>
/// One page of a list that can grow without bound (a saga's claims, its replay, its contradictions, every
/// saga): <c>offset</c> items skipped, at most <c>limit</c> taken. Every such list has a default page and
/// a largest one, so no single answer costs the node more than a page.
/// </summary>
public readonly record struct Page(int Offset, int Limit)
{
    /// <summary>The page asked for, or the default; errors name <c>offset</c> and <c>limit</c>.</summary>
    public static Page Parse(int? offset, int? limit, int defaultLimit, int maxLimit, ValidationErrors errors)
    {
        if (offset is < 0)
        {
            errors.Add("offset", "must be 0 or more.");
        }

        if (limit is { } l && (l < 1 || l > maxLimit))
        {
            errors.Add("limit", $"must be between 1 and {maxLimit}.");
        }

        return new Page(Math.Max(0, offset ?? 0), Math.Clamp(limit ?? defaultLimit, 1, maxLimit));
    }

    public IEnumerable<T> Of<T>(IEnumerable<T> items) => items.Skip(Offset).Take(Limit);

    /// <summary>
    /// Tells the client the size of the whole list (<c>X-Total-Count</c>) and, when there is more, where the
    /// next page is (<c>Link: &lt;…&gt;; rel="next"</c>, RFC 8288): what a client pages with when the body is a plain array.
    /// </summary>
    public void Describe(HttpContext http, int total)
    {
        http.Response.Headers["X-Total-Count"] = total.ToString(CultureInfo.InvariantCulture);
        if (Offset + Limit >= total)
        {
            return;
        }

        var query = QueryHelpers.ParseQuery(http.Request.QueryString.Value)
            .Where(q => q.Key is not ("offset" or "limit"))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Append(new("offset", (Offset + Limit).ToString(CultureInfo.InvariantCulture)))
            .Append(new("limit", Limit.ToString(CultureInfo.InvariantCulture)));
        var next = QueryHelpers.AddQueryString(http.Request.Path, query);
        http.Response.Headers.Append("Link", $"<{next}>; rel=\"next\"");
    }
}

/// <summary>The default and largest pages of each list.</summary>
public static class PageSizes
{
    public const int Sagas = 100;
    public const int MaxSagas = 500;
    public const int Timeline = 200;
    public const int MaxTimeline = 1_000;
    public const int Replay = 100;
    public const int MaxReplay = 500;
    public const int Contradictions = 100;
    public const int MaxContradictions = 500;

    /// <summary>How much of a quote a list shows; the whole quote is on its report (<c>GET /api/reports/{id}</c>).</summary>
    public const int ListedQuote = 500;

    /// <summary>The quote as a list shows it: whole when short, else its first <see cref="ListedQuote"/> characters and an ellipsis.</summary>
    public static (string? Quote, bool Truncated) ListedQuoteOf(string? quote)
    {
        if (quote is null || quote.Length <= ListedQuote)
        {
            return (quote, false);
        }

        // Never cut a surrogate pair in two.
        var cut = char.IsHighSurrogate(quote[ListedQuote - 1]) ? ListedQuote - 1 : ListedQuote;
        return (quote[..cut] + "…", true);
    }
}
