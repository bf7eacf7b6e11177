using Microsoft.AspNetCore.OutputCaching;

namespace Timeline.Api.Sagas;

/// <summary>
/// One claim of a saga with its provenance and its place in both clocks. <see cref="ContradictedBy"/> lists
/// the reports whose claims contradict this one (<c>GET /api/sagas/{slug}/contradictions</c>, default window).
/// </summary>
public sealed record TimelineEntry(
    DateTimeOffset At,
    string ReportId,
    string Reporter,
    string Outlet,
    string? Url,
    string? Quote,
    Claim Claim,
    long Version,
    long Sequence,
    DateTimeOffset RecordedAt,
    string? RecordedBy,
    bool Retracted,
    RetractionInfo? Retraction,
    IReadOnlyList<string> ContradictedBy,
    bool QuoteTruncated = false);

public sealed record RetractionInfo(string Reason, string RetractedBy, DateTimeOffset RecordedAt);

/// <summary><c>GET /api/sagas/{slug}/timeline</c>: the saga's claims in valid-time order.</summary>
public static class SagaTimeline
{
    [WolverineGet("/api/sagas/{slug}/timeline", OperationId = "GetSagaTimeline")]
    [ReadAccess]
    [CostlyRead]
    [OutputCache(PolicyName = ReadCacheOptions.PolicyName)]
    [EndpointSummary("A saga's claims in valid-time order, with provenance")]
    [EndpointDescription("Every claim ordered by (publishedAt, recorded order), with who recorded it and when, whether its report was retracted, and contradictedBy: the reports whose claims contradict it within the configured window (all as known at knownAt, default now). A quote longer than 500 characters is cut there (quoteTruncated: true); its report has it whole. Paged: limit (1-1000, default 200) and offset; X-Total-Count is the number of claims and Link (rel=\"next\") the next page.")]
    [ProducesResponseType(typeof(IReadOnlyList<TimelineEntry>), StatusCodes.Status200OK)]
    public static async Task<IResult> Get(
        string slug, string? knownAt, int? offset, int? limit, HttpContext http, IQuerySession session,
        IOptions<ContradictionOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var page = Page.Parse(offset, limit, PageSizes.Timeline, PageSizes.MaxTimeline, errors);
        var recordedTime = Instants.Parse(knownAt, nameof(knownAt), errors) ?? clock.GetUtcNow();
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (await SagaHistory.LoadKnownAsync(session, slug, string.IsNullOrWhiteSpace(knownAt) ? null : recordedTime, clock, ct) is not { } events)
        {
            return GetSaga.NotFound(slug);
        }

        var entries = Build(events.Where(e => e.Timestamp <= recordedTime), TimeSpan.FromDays(options.Value.WindowDays));
        page.Describe(http, entries.Count);
        return TypedResults.Ok(page.Of(entries).Select(Listed).ToList());
    }

    /// <summary>The entry as a list shows it: a long quote cut short (the report has it whole).</summary>
    private static TimelineEntry Listed(TimelineEntry entry)
    {
        var (quote, truncated) = PageSizes.ListedQuoteOf(entry.Quote);
        return truncated ? entry with { Quote = quote, QuoteTruncated = true } : entry;
    }

    public static IReadOnlyList<TimelineEntry> Build(IEnumerable<IEvent> events, TimeSpan contradictionWindow)
    {
        var known = events.ToList();
        var contradicted = Contradictions.ByClaim(
            Contradictions.Find(SagaHistory.Entries(known), contradictionWindow, DateTimeOffset.MaxValue));
        var retractions = known
            .Where(e => e.Data is ClaimsRetracted)
            .GroupBy(e => ((ClaimsRetracted)e.Data).ReportId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        return known
            .Where(e => e.Data is IClaimReported)
            .OrderBy(e => ((IClaimReported)e.Data).Source.PublishedAt)
            .ThenBy(e => e.Version)
            .Select(e =>
            {
                var reported = (IClaimReported)e.Data;
                var source = reported.Source;
                var retraction = retractions.TryGetValue(source.ReportId, out var r)
                    ? new RetractionInfo(((ClaimsRetracted)r.Data).Reason, ((ClaimsRetracted)r.Data).RetractedBy, r.Timestamp)
                    : null;
                return new TimelineEntry(
                    source.PublishedAt, source.ReportId, source.Reporter, source.Outlet, source.Url, source.Quote,
                    reported.Claim, e.Version, e.Sequence, e.Timestamp, e.UserName, retraction is not null, retraction,
                    contradicted.GetValueOrDefault(e.Version) ?? []);
            })
            .ToList();
    }
}
