namespace Timeline.Api.Reporters;

/// <summary>
/// <c>GET /api/reporters?sort=&amp;asOf=</c> and <c>GET /api/outlets?sort=&amp;asOf=</c>: every reporter
/// (outlet) with counts, first reports and prediction scores as of a valid time.
/// </summary>
public static class ListSources
{
    public const string Accuracy = "accuracy";
    public const string Brier = "brier";
    public const string Reports = "reports";
    public const string Name = "name";

    public static readonly IReadOnlyList<string> Sorts = [Accuracy, Brier, Reports, Name];

    private const string Description =
        "Counts of reports, sagas and claims by type; firstToReport: how often it was first (by publishedAt) to report a club's interest in a saga; predictions (expectation claims), how many an outcome resolved, how many were correct, accuracy (correct / resolved) and Brier score (mean of (confidence - hit)², confidence 0.5 when not stated; lower is better). " +
        "Only reports, predictions and outcomes published at or before asOf (default now) count. " +
        "sort: accuracy (default; highest first), brier (lowest first), reports (most first) or name; sources with nothing resolved come after those with a score. Records follow new reports within moments (an asynchronous projection).";

    [WolverineGet("/api/reporters", OperationId = "ListReporters")]
    [ReadAccess]
    [CostlyRead]
    [EndpointSummary("Every reporter's record and prediction scores")]
    [EndpointDescription(Description)]
    [ProducesResponseType(typeof(IReadOnlyList<SourceSummary>), StatusCodes.Status200OK)]
    public static Task<IResult> Reporters(
        string? sort, string? asOf, IQuerySession session, TimeProvider clock, CancellationToken ct) =>
        ListAsync(SourceKind.Reporter, sort, asOf, session, clock, ct);

    [WolverineGet("/api/outlets", OperationId = "ListOutlets")]
    [ReadAccess]
    [CostlyRead]
    [EndpointSummary("Every outlet's record and prediction scores")]
    [EndpointDescription(Description)]
    [ProducesResponseType(typeof(IReadOnlyList<SourceSummary>), StatusCodes.Status200OK)]
    public static Task<IResult> Outlets(
        string? sort, string? asOf, IQuerySession session, TimeProvider clock, CancellationToken ct) =>
        ListAsync(SourceKind.Outlet, sort, asOf, session, clock, ct);

    private static async Task<IResult> ListAsync(
        SourceKind kind, string? sort, string? asOf, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var validTime = Instants.Parse(asOf, nameof(asOf), errors) ?? clock.GetUtcNow();
        var order = string.IsNullOrEmpty(sort) ? Accuracy : sort;
        if (!Sorts.Contains(order))
        {
            errors.Add(nameof(sort), $"must be one of: {string.Join(", ", Sorts)}.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var standings = await Standings.AllAsync(session, kind, validTime, ct);
        return TypedResults.Ok(Sort(standings.Select(SourceSummary.Of), order).ToList());
    }

    /// <summary>The best first for scores, the busiest first for reports; ties by name.</summary>
    public static IEnumerable<SourceSummary> Sort(IEnumerable<SourceSummary> sources, string sort)
    {
        var ordered = sort switch
        {
            Accuracy => sources.OrderBy(s => s.Accuracy is null).ThenByDescending(s => s.Accuracy).ThenByDescending(s => s.Resolved),
            Brier => sources.OrderBy(s => s.Brier is null).ThenBy(s => s.Brier).ThenByDescending(s => s.Resolved),
            Reports => sources.OrderByDescending(s => s.Reports),
            Name => sources.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase),
            _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, "Unknown sort."),
        };
        return ordered.ThenBy(s => s.Name, StringComparer.OrdinalIgnoreCase).ThenBy(s => s.Slug, StringComparer.Ordinal);
    }
}
