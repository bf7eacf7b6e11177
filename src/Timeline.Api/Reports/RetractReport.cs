using System.Security.Claims;
using JasperFx.Events;
using Marten;
using Timeline.Api.Audit;
using Timeline.Api.Infrastructure;
using Timeline.Domain;
using Wolverine.Http;

namespace Timeline.Api.Reports;

public sealed record RetractionInput(string? Reason);

public sealed record RetractionReceipt(string ReportId, string Reason, string RetractedBy, IReadOnlyList<ClaimPlacement> Events);

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
    /// Retracts a recorded report in a session of its own; shared by the endpoint and the importer. Unless
    /// <paramref name="anyRecorder"/>, only the key that recorded the report may retract it.
    /// </summary>
    public static async Task<RetractionResult> RetractAsync(
        IDocumentStore store, string id, string reason, string retractedBy, bool anyRecorder, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            try
            {
                return await TryRetractAsync(session, id, reason, retractedBy, anyRecorder, ct);
            }
            catch (Exception e) when (RecordReport.IsConcurrentWrite(e) && attempt < 5)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * attempt)), ct);
            }
        }
    }

    private static async Task<RetractionResult> TryRetractAsync(
        IDocumentSession session, string id, string reason, string retractedBy, bool anyRecorder, CancellationToken ct)
    {
        var report = await RecordedReports.FindAsync(session, id, ct);
        if (report is null)
        {
            return new RetractionResult.NotFound();
        }

        if (!anyRecorder && !string.Equals(report.Recorded.RecordedBy, retractedBy, StringComparison.Ordinal))
        {
            return new RetractionResult.NotYours(report.Recorded.RecordedBy);
        }

        if (report.Retraction is { } earlier)
        {
            return new RetractionResult.Repeated(new RetractionReceipt(id, earlier.Reason, earlier.RetractedBy, earlier.Events));
        }

        var placements = new List<ClaimPlacement>();
        var chain = new SagaChainWriter(session);
        foreach (var saga in report.Recorded.Claims.Select(c => c.Saga).Distinct().Order(StringComparer.Ordinal))
        {
            var stream = await session.Events.FetchForExclusiveWriting<SagaState>(saga, ct);
            await chain.AppendAsync(stream, new ClaimsRetracted(id, reason, retractedBy), retractedBy, ct);
            placements.Add(new ClaimPlacement(saga, stream.CurrentVersion ?? 0));
        }

        // The expected version turns a concurrent second retraction into a conflict, retried as a repeat.
        session.Events.Append(ReportStreams.Key(id), report.Version + 1, new ReportRetracted(id, reason, retractedBy, placements));
        session.LastModifiedBy = retractedBy;
        session.CorrelationId = id;
        TimelineInstruments.StampTrace(session);
        await session.SaveChangesAsync(ct);
        return new RetractionResult.Retracted(new RetractionReceipt(id, reason, retractedBy, placements));
    }
}

public abstract record RetractionResult
{
    public sealed record Retracted(RetractionReceipt Receipt) : RetractionResult;

    public sealed record Repeated(RetractionReceipt Receipt) : RetractionResult;

    public sealed record NotFound : RetractionResult;

    public sealed record NotYours(string RecordedBy) : RetractionResult;
}
