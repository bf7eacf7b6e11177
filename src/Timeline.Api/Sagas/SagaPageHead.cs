using Timeline.Api.Web;

namespace Timeline.Api.Sagas;

/// <summary>
/// The saga page's title and description, which the server puts in the page for crawlers and link previews: the
/// player, and what the saga was on a shared replay's date.
/// </summary>
public sealed class SagaPageHead(IQuerySession session, SagaHistoryCache histories, TimeProvider clock) : ISagaPageHead
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

    /// <summary>The page's title and description: the player, and what the saga was on the replay's date.</summary>
    public async Task<PageHead> DescribeAsync(string slug, string? asOf, CancellationToken ct)
    {
        var current = await session.LoadAsync<SagaState>(slug, ct);
        if (current is null)
        {
            return new PageHead("No such saga · Timeline", $"Timeline follows no saga called “{slug}”.");
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
        return new PageHead($"{player}{when} · Timeline", description);
    }

    private static string Day(DateTimeOffset instant) => instant.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}
