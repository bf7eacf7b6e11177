using System.Security.Claims;

namespace Timeline.Api.Reports;

/// <summary>
/// <c>POST /api/reports</c>: record a report and its claims, all in one transaction or none.
/// The report id makes it idempotent: the same content again answers 200 with the first receipt.
/// </summary>
public static class RecordReport
{
    [WolverinePost("/api/reports", OperationId = "RecordReport")]
    [WriteAccess]
    [EndpointSummary("Record a report and its claims")]
    [EndpointDescription("201 with the saga versions its claims got. The same id with the same content again: 200 and the same body, nothing stored; with different content: 409. One bad claim refuses the whole report.")]
    [Consumes(typeof(ReportBody), "application/json")]
    [ProducesResponseType(typeof(ReportReceipt), StatusCodes.Status201Created)]
    [ProducesResponseType(typeof(ReportReceipt), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Post(
        JsonElement body, GroupCommit commits, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        var (report, errors) = ReportValidation.Validate(body, clock.GetUtcNow());
        if (report is null)
        {
            TimelineInstruments.Refused("invalid");
            return Problems.Validation(errors);
        }

        return await RecordAsync(report, user.KeyName(), clock, next => commits.RecordAsync(next, ct)) switch
        {
            RecordResult.Recorded r => TypedResults.Created($"/api/reports/{Uri.EscapeDataString(r.Receipt.ReportId)}", r.Receipt),
            RecordResult.Repeated r => TypedResults.Ok(r.Receipt),
            RecordResult.Conflict c => Refused("conflict", Problems.Conflict($"Report '{c.ReportId}' was already recorded with different content; use a new id for a different report.")),
            RecordResult.Invalid i => Refused("invalid", Problems.Validation(i.Errors)),
            var other => throw new InvalidOperationException($"Unexpected result {other}."),
        };
    }

    private static IResult Refused(string reason, IResult problem)
    {
        TimelineInstruments.Refused(reason);
        return problem;
    }

    /// <summary>
    /// Records a validated report in a transaction of its own, through the pipeline every write takes
    /// (<see cref="ReportBatches"/>), as the endpoint records it in a transaction shared with the reports sent
    /// at the same time (<see cref="GroupCommit"/>): every way in keeps the same guarantees.
    /// </summary>
    public static Task<RecordResult> RecordAsync(
        IDocumentStore store, ValidReport report, string recordedBy, TimeProvider clock, CancellationToken ct) =>
        RecordAsync(report, recordedBy, clock, async next => (await ReportBatches.RecordInAsync(store, [next], ct))[0]);

    private static async Task<RecordResult> RecordAsync(
        ValidReport report, string recordedBy, TimeProvider clock, Func<ReportToRecord, Task<RecordResult>> record)
    {
        var id = report.Id ?? Guid.CreateVersion7(clock.GetUtcNow()).ToString();
        using var activity = TimelineInstruments.Source.StartActivity("record report");
        activity?.SetTag("timeline.report.id", id);
        activity?.SetTag("timeline.report.claims", report.Claims.Count);
        var result = await record(new ReportToRecord(id, report, report.ContentHash(), recordedBy));
        activity?.SetTag("timeline.report.result", result.GetType().Name.ToLowerInvariant());
        return result;
    }
}
