using System.Security.Claims;
using Timeline.Api.Writes;

namespace Timeline.Api.Reports;

public sealed record RetractionInput(string? Reason);

/// <summary>
/// <c>POST /api/reports/{id}/retraction</c>: withdraw a report. A new event in the report's stream and
/// in each saga it touched; from its recorded time on, the report's claims drop out of every state.
/// </summary>
public static class RetractReport
{
    [WolverinePost("/api/reports/{id}/retraction", OperationId = "RetractReport")]
    [WriteAccess]
    [EndpointSummary("Retract a report")]
    [EndpointDescription("201 with the saga versions of the retraction. Retracting again answers 200 with the first retraction; nothing is deleted. A key retracts the reports it recorded; a key with the admin scope retracts any (403 otherwise).")]
    [ProducesResponseType(typeof(RetractionReceipt), StatusCodes.Status201Created)]
    [ProducesResponseType(typeof(RetractionReceipt), StatusCodes.Status200OK)]
    public static async Task<IResult> Post(
        string id, RetractionInput body, IDocumentStore store, ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        Rules.Text(errors, "reason", body.Reason, Rules.MaxReasonLength, required: true, multiline: true);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        return await RetractAsync(store, id, body.Reason!, user.KeyName(), user.IsAdmin(), ct) switch
        {
            RetractionResult.Retracted r => TypedResults.Created($"/api/reports/{Uri.EscapeDataString(id)}", r.Receipt),
            RetractionResult.Repeated r => TypedResults.Ok(r.Receipt),
            RetractionResult.NotYours n => KeyScopes.Forbidden(
                $"Report '{id}' was recorded by the key '{n.RecordedBy}'; only that key or a key with the admin scope may retract it. Nothing was stored."),
            _ => Problems.NotFound($"There is no report '{id}'."),
        };
    }

    /// <summary>
    /// Retracts a recorded report in a transaction of its own, through the saga-write pipeline; shared by the
    /// endpoint and the importer. Unless <paramref name="anyRecorder"/>, only the key that recorded the report may retract it.
    /// </summary>
    public static Task<RetractionResult> RetractAsync(
        IDocumentStore store, string id, string reason, string retractedBy, bool anyRecorder, CancellationToken ct) =>
        SagaWriter.WriteAsync(store, async (write, token) =>
        {
            var report = await write.ReportAsync(id, token);
            IReadOnlyDictionary<string, long> versions = report is null
                ? new Dictionary<string, long>()
                : await write.LockSagasAsync(RetractingReports.SagasOf(report.Recorded), token);
            return RetractingReports.Retract(id, reason, retractedBy, anyRecorder, report, versions);
        }, ct);
}
