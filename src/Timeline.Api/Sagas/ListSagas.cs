using Timeline.Api.Audit;

namespace Timeline.Api.Sagas;

/// <summary><c>GET /api/sagas?club=&amp;status=</c>: every saga's current state, most recently active first.</summary>
public static class ListSagas
{
    [WolverineGet("/api/sagas", OperationId = "ListSagas")]
    [ReadAccess]
    [EndpointSummary("All sagas' current state")]
    [EndpointDescription("club matches the current club or any club with interest, a stance, an offer, an expectation or the outcome (case-insensitive); status is open or resolved. Most recently reported first; sagas with no report yet last. Paged: limit (1-500, default 100) and offset; X-Total-Count is the number of matching sagas and Link (rel=\"next\") the next page.")]
    [ProducesResponseType(typeof(IReadOnlyList<SagaView>), StatusCodes.Status200OK)]
    public static async Task<IResult> Get(
        string? club, string? status, int? offset, int? limit, HttpContext http, IQuerySession session, TimeProvider clock,
        CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var page = Page.Parse(offset, limit, PageSizes.Sagas, PageSizes.MaxSagas, errors);
        SagaStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Vocabulary<SagaStatus>.TryParse(status, out var parsed))
            {
                errors.Add(nameof(status), $"must be one of: {string.Join(", ", Vocabulary<SagaStatus>.Names)}.");
            }

            wanted = parsed;
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        IQueryable<SagaState> query = session.Query<SagaState>();
        if (wanted is { } s)
        {
            query = query.Where(x => x.Status == s);
        }

        var sagas = await query.ToListAsync(ct);
        var now = clock.GetUtcNow();
        var matching = sagas
            .Where(x => string.IsNullOrWhiteSpace(club) || SagaChanges.Involves(x, club))
            .OrderByDescending(x => x.LastReportAt ?? DateTimeOffset.MinValue)
            .ThenBy(x => x.Slug, StringComparer.Ordinal)
            .ToList();
        page.Describe(http, matching.Count);
        return TypedResults.Ok(await session.ViewsAsync(page.Of(matching).Select(x => (x, now, now)).ToList(), ct));
    }
}
