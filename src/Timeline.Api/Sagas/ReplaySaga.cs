using Microsoft.AspNetCore.OutputCaching;

namespace Timeline.Api.Sagas;

public sealed record ReplayStepView(
    DateTimeOffset At, string ReportId, string Reporter, string Outlet, Claim Claim, SagaView State);

/// <summary><c>GET /api/sagas/{slug}/replay?from=&amp;to=</c>: the state after each claim, step by step.</summary>
public static class ReplaySaga
{
    [WolverineGet("/api/sagas/{slug}/replay", OperationId = "ReplaySaga")]
    [ReadAccess]
    [CostlyRead]
    [OutputCache(PolicyName = ReadCacheOptions.PolicyName)]
    [EndpointSummary("Replay a saga claim by claim")]
    [EndpointDescription("The state right after each claim published between from and to (inclusive), in valid-time order; claims before from are folded in but not listed. knownAt (default now) limits what was recorded. Paged: limit (1-500, default 100) and offset; X-Total-Count is the number of steps and Link (rel=\"next\") the next page.")]
    [ProducesResponseType(typeof(IReadOnlyList<ReplayStepView>), StatusCodes.Status200OK)]
    public static async Task<IResult> Get(
        string slug, string? from, string? to, string? knownAt, int? offset, int? limit, HttpContext http,
        IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var page = Page.Parse(offset, limit, PageSizes.Replay, PageSizes.MaxReplay, errors);
        var start = Instants.Parse(from, nameof(from), errors);
        var end = Instants.Parse(to, nameof(to), errors);
        var recordedTime = Instants.Parse(knownAt, nameof(knownAt), errors) ?? clock.GetUtcNow();
        if (start > end)
        {
            errors.Add(nameof(from), "must not be after 'to'.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (await SagaHistory.LoadKnownAsync(session, slug, string.IsNullOrWhiteSpace(knownAt) ? null : recordedTime, clock, ct) is not { } events)
        {
            return GetSaga.NotFound(slug);
        }

        var steps = SagaFold.Replay(SagaHistory.Entries(events), start, end, recordedTime);
        page.Describe(http, steps.Count);
        return TypedResults.Ok(page.Of(steps).Select(s => new ReplayStepView(
            s.At, s.Reported.Source.ReportId, s.Reported.Source.Reporter, s.Reported.Source.Outlet, s.Reported.Claim,
            s.State)).ToList());
    }
}
