using System.Globalization;
using Marten;
using Timeline.Api.Infrastructure;
using Timeline.Api.Sagas;
using Timeline.Domain;

namespace Timeline.Api.Web;

/// <summary>
/// <c>/sagas/{slug}</c>: the saga page, its title, description and Open Graph tags filled in on the server, because
/// crawlers and link previews read the HTML and run no script. A shared replay address
/// (<c>?asOf=2025-11-29</c>) previews as the saga was on that date. The script sets the same title and description
/// once it has drawn the saga, and again as the reader moves the replay.
/// </summary>
public static class SagaPage
{
    private static readonly Dictionary<InterestLevel, string> InterestWords = new()
    {
        [InterestLevel.Monitoring] = "monitoring",
        [InterestLevel.Interested] = "interested",
        [InterestLevel.Advanced] = "talks advanced",
        [InterestLevel.Bid] = "bid made",
        [InterestLevel.Agreed] = "deal agreed",
        [InterestLevel.Cooling] = "interest cooling",
        [InterestLevel.Withdrawn] = "interest withdrawn",
    };

    public static async Task<IResult> ServeAsync(
        HttpContext http, string slug, string? asOf, WebAssets assets, IQuerySession session, SagaHistoryCache histories,
        TimeProvider clock, CancellationToken ct)
    {
        if (assets.Page("saga.html") is not { } template)
        {
            return TypedResults.NotFound();
        }

        var (title, description) = await DescribeAsync(slug, asOf, session, histories, clock, ct);
        var html = template
            .Replace("{{title}}", WebPages.Encode(title), StringComparison.Ordinal)
            .Replace("{{description}}", WebPages.Encode(description), StringComparison.Ordinal);
        return WebPages.Html(http, html);
    }

    /// <summary>The page's title and description: the player, and what the saga was on the replay's date.</summary>
    public static async Task<(string Title, string Description)> DescribeAsync(
        string slug, string? asOf, IQuerySession session, SagaHistoryCache histories, TimeProvider clock, CancellationToken ct)
    {
        var current = await session.LoadAsync<SagaState>(slug, ct);
        if (current is null)
        {
            return ("No such saga · Timeline", $"Timeline follows no saga called “{slug}”.");
        }

        var errors = new ValidationErrors();
        var validTime = Instants.Parse(asOf, nameof(asOf), errors);
        var now = clock.GetUtcNow();
        var state = current;
        if (validTime is { } date && !errors.Any && date < now)
        {
            state = (await histories.LoadAsync(session, current, ct)).StateAt(date, now) ?? current;
        }
        else
        {
            validTime = null;
        }

        var player = current.Player ?? current.Slug;
        var when = validTime is { } day ? $" as of {Day(day)}" : "";
        var facts = new[]
        {
            current.CurrentClub,
            current.ContractExpires is { } expires ? $"contract to {Day(expires.ToDateTime(TimeOnly.MinValue))}" : null,
            state.Status == SagaStatus.Resolved ? "resolved" : null,
        }.Where(f => f is not null);
        var suitors = state.Suitors.Count == 0
            ? "no club reported interested"
            : string.Join("; ", state.Suitors.Select(s => $"{s.Club}: {InterestWords.GetValueOrDefault(s.Interest, s.Interest.ToString().ToLowerInvariant())}"));
        var about = string.Join(", ", facts);
        var description =
            $"{player}’s transfer saga{when}{(about.Length > 0 ? $" ({about})" : "")}: {suitors}. " +
            $"{state.Claims} {(state.Claims == 1 ? "claim" : "claims")} from reporters, each with its source, replayed day by day.";
        return ($"{player}{when} · Timeline", description);
    }

    private static string Day(DateTimeOffset instant) => instant.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}
