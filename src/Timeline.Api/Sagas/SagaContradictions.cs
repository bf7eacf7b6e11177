using Microsoft.AspNetCore.OutputCaching;

namespace Timeline.Api.Sagas;

/// <summary>One side of a contradiction: the claim with its report's provenance and both clocks.</summary>
public sealed record ContradictingClaim(
    [property: InLine] ClaimSource Source,
    Claim Claim,
    long Version,
    DateTimeOffset RecordedAt,
    string? RecordedBy,
    bool QuoteTruncated = false);

public sealed record ContradictionView(string Rule, double DaysApart, ContradictingClaim Earlier, ContradictingClaim Later);

/// <summary>One page of a saga's contradictions: <see cref="Total"/> of them in all, this page from <see cref="Offset"/>.</summary>
public sealed record SagaContradictionsView(
    string Saga, int WindowDays, DateTimeOffset KnownAt, IReadOnlyList<ContradictionView> Contradictions, int Total, int Offset, int Limit);

/// <summary><c>GET /api/sagas/{slug}/contradictions?window=&amp;knownAt=</c>: claims of different sources that cannot both be true.</summary>
public static class SagaContradictions
{
    [WolverineGet("/api/sagas/{slug}/contradictions", OperationId = "GetSagaContradictions")]
    [ReadAccess]
    [CostlyRead]
    [OutputCache(PolicyName = ReadCacheOptions.PolicyName)]
    [EndpointSummary("Pairs of claims from different sources that cannot both be true")]
    [EndpointDescription("Paged: limit (1-500, default 100) and offset; total is the number of pairs. Quotes longer than 500 characters are cut (quoteTruncated: true). Pairs of unretracted claims (as known at knownAt, default now) from different sources, published at most window days apart (default Timeline:Contradictions:WindowDays, 30), that cannot both be true: a club's interest withdrawn vs advanced/bid/agreed; a club other than the current one not pursuing vs its interest advanced/bid/agreed; an expected renewal or stay vs an expected transfer; the player wanting to stay vs wanting a move; the same offer accepted vs rejected. Different sources: different reporters, or different outlets where a report names no reporter apart from its outlet.")]
    [ProducesResponseType(typeof(SagaContradictionsView), StatusCodes.Status200OK)]
    public static async Task<IResult> Get(
        string slug, int? window, string? knownAt, int? offset, int? limit, HttpContext http, IQuerySession session,
        IOptions<ContradictionOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var page = Page.Parse(offset, limit, PageSizes.Contradictions, PageSizes.MaxContradictions, errors);
        var recordedTime = Instants.Parse(knownAt, nameof(knownAt), errors) ?? clock.GetUtcNow();
        var days = window ?? options.Value.WindowDays;
        if (!ContradictionOptions.InRange(days))
        {
            errors.Add(nameof(window), $"must be a number of days between {ContradictionOptions.MinWindowDays} and {ContradictionOptions.MaxWindowDays}.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (await SagaHistory.LoadKnownAsync(session, slug, string.IsNullOrWhiteSpace(knownAt) ? null : recordedTime, clock, ct) is not { } events)
        {
            return GetSaga.NotFound(slug);
        }

        var byVersion = events.ToDictionary(e => e.Version);
        var found = Contradictions.Find(SagaHistory.Entries(events), TimeSpan.FromDays(days), recordedTime);
        page.Describe(http, found.Count);
        return TypedResults.Ok(new SagaContradictionsView(
            slug, days, recordedTime,
            page.Of(found).Select(c => new ContradictionView(
                c.Rule, c.DaysApart, View(byVersion[c.Earlier.Version]), View(byVersion[c.Later.Version]))).ToList(),
            found.Count, page.Offset, page.Limit));
    }

    private static ContradictingClaim View(IEvent e)
    {
        var reported = (IClaimReported)e.Data;
        var source = reported.Source;
        var (quote, truncated) = PageSizes.ListedQuoteOf(source.Quote);
        return new ContradictingClaim(source with { Quote = quote }, reported.Claim, e.Version, e.Timestamp, e.UserName, truncated);
    }
}
