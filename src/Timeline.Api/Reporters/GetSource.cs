namespace Timeline.Api.Reporters;

/// <summary>
/// <c>GET /api/reporters/{slug}?asOf=</c> and <c>GET /api/outlets/{slug}?asOf=</c>: one reporter's
/// (outlet's) record with every prediction and how it was resolved.
/// </summary>
public static class GetSource
{
    private const string Description =
        "The counts and scores of the list, each prediction (saga, outcome, club, confidence, publishedAt, reportId) with its resolution {result, club, publishedAt, reportId, correct}, or null while the saga has no outcome published by asOf (default now), and each first report. " +
        "A prediction is resolved by the saga's latest outcome published by asOf: renewal by renewed; stay by stayed or renewed; transfer by transferred, to the club it named if it named one; released makes every prediction wrong. " +
        "The slug is the name in lower case with accents, apostrophes and punctuation dropped and words joined by '-' (Vinny O'Connor: vinny-oconnor).";

    [WolverineGet("/api/reporters/{slug}", OperationId = "GetReporter")]
    [ReadAccess]
    [CostlyRead]
    [EndpointSummary("A reporter's record and scored predictions")]
    [EndpointDescription(Description)]
    [ProducesResponseType(typeof(SourceDetail), StatusCodes.Status200OK)]
    public static Task<IResult> Reporter(
        string slug, string? asOf, IQuerySession session, TimeProvider clock, CancellationToken ct) =>
        GetAsync(SourceKind.Reporter, slug, asOf, session, clock, ct);

    [WolverineGet("/api/outlets/{slug}", OperationId = "GetOutlet")]
    [ReadAccess]
    [CostlyRead]
    [EndpointSummary("An outlet's record and scored predictions")]
    [EndpointDescription(Description)]
    [ProducesResponseType(typeof(SourceDetail), StatusCodes.Status200OK)]
    public static Task<IResult> Outlet(
        string slug, string? asOf, IQuerySession session, TimeProvider clock, CancellationToken ct) =>
        GetAsync(SourceKind.Outlet, slug, asOf, session, clock, ct);

    private static async Task<IResult> GetAsync(
        SourceKind kind, string slug, string? asOf, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var validTime = Instants.Parse(asOf, nameof(asOf), errors) ?? clock.GetUtcNow();
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        return await Standings.OneAsync(session, kind, slug, validTime, ct) is { } standing
            ? TypedResults.Ok(SourceDetail.Of(standing))
            : Problems.NotFound($"There is no {(kind == SourceKind.Reporter ? "reporter" : "outlet")} '{slug}'.");
    }
}
