using System.Security.Claims;
using JasperFx.Events;
using Marten;
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
    [EndpointDescription("201 with the saga versions of the retraction. Retracting again answers 200 with the first retraction; nothing is deleted.")]
    public static async Task<IResult> Post(
        string id, RetractionInput body, IDocumentSession session, ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        Rules.Text(errors, "reason", body.Reason, Rules.MaxReasonLength, required: true, multiline: true);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var report = await RecordedReports.FindAsync(session, id, ct);
        if (report is null)
        {
            return Problems.NotFound($"There is no report '{id}'.");
        }

        if (report.Retraction is { } earlier)
        {
            return TypedResults.Ok(new RetractionReceipt(id, earlier.Reason, earlier.RetractedBy, earlier.Events));
        }

        var retractedBy = user.KeyName();
        var placements = new List<ClaimPlacement>();
        foreach (var saga in report.Recorded.Claims.Select(c => c.Saga).Distinct().Order(StringComparer.Ordinal))
        {
            var stream = await session.Events.FetchForExclusiveWriting<SagaState>(saga, ct);
            stream.AppendOne(new ClaimsRetracted(id, body.Reason!, retractedBy));
            placements.Add(new ClaimPlacement(saga, stream.CurrentVersion ?? 0));
        }

        // The expected version turns a concurrent second retraction into a conflict instead of a duplicate.
        session.Events.Append(ReportStreams.Key(id), report.Version + 1, new ReportRetracted(id, body.Reason!, retractedBy, placements));
        session.LastModifiedBy = retractedBy;
        session.CorrelationId = id;
        await session.SaveChangesAsync(ct);

        return TypedResults.Created(
            $"/api/reports/{Uri.EscapeDataString(id)}", new RetractionReceipt(id, body.Reason!, retractedBy, placements));
    }
}
