using Timeline.Api.Writes;

namespace Timeline.Api.Reports;

public sealed record ReportView(
    [property: InLine] ClaimSource Source,
    IReadOnlyList<Claim> Claims,
    IReadOnlyList<ClaimPlacement> Events,
    DateTimeOffset RecordedAt,
    string RecordedBy,
    bool Retracted,
    RetractionView? Retraction,
    string? ArticleId = null);

public sealed record RetractionView(string Reason, string RetractedBy, DateTimeOffset RecordedAt);

/// <summary><c>GET /api/reports/{id}</c>: a report as it was recorded, and its retraction if any.</summary>
public static class GetReport
{
    [WolverineGet("/api/reports/{id}", OperationId = "GetReport")]
    [ReadAccess]
    [EndpointSummary("A report as recorded")]
    [ProducesResponseType(typeof(ReportView), StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string id, IQuerySession session, CancellationToken ct)
    {
        var report = await RecordedReports.FindAsync(session, id, ct);
        if (report is null)
        {
            return Problems.NotFound($"There is no report '{id}'.");
        }

        var r = report.Recorded;
        var retraction = report.Retraction is { } x
            ? new RetractionView(x.Reason, x.RetractedBy, report.RetractionEvent!.Timestamp)
            : null;
        return TypedResults.Ok(new ReportView(
            r.Source(), r.Claims, r.Events,
            report.RecordedEvent.Timestamp, r.RecordedBy, retraction is not null, retraction, r.ArticleId));
    }
}
