namespace Timeline.Domain;

public sealed record RetractionReceipt(string ReportId, string Reason, string RetractedBy, IReadOnlyList<ClaimPlacement> Events);

public abstract record RetractionResult
{
    public sealed record Retracted(RetractionReceipt Receipt) : RetractionResult;

    public sealed record Repeated(RetractionReceipt Receipt) : RetractionResult;

    public sealed record NotFound : RetractionResult;

    public sealed record NotYours(string RecordedBy) : RetractionResult;
}

/// <summary>A report's own stream as a retraction needs it: what was recorded, any retraction, and the stream's version.</summary>
public sealed record ReportStream(ReportRecorded Recorded, ReportRetracted? Retraction, long Version);

/// <summary>Withdrawing a report: a new event in its own stream and in each saga it touched; nothing is deleted.</summary>
public static class RetractingReports
{
    /// <param name="report">The report's stream, or null when no report has the id.</param>
    /// <param name="anyRecorder">Whether the retracting key may retract another key's report (the admin scope, an archive).</param>
    /// <param name="sagaVersions">The versions of the sagas the report touched, locked.</param>
    public static Decision<RetractionResult> Retract(
        string id, string reason, string retractedBy, bool anyRecorder, ReportStream? report,
        IReadOnlyDictionary<string, long> sagaVersions)
    {
        if (report is null)
        {
            return Decision<RetractionResult>.Refuse(new RetractionResult.NotFound());
        }

        if (!anyRecorder && !string.Equals(report.Recorded.RecordedBy, retractedBy, StringComparison.Ordinal))
        {
            return Decision<RetractionResult>.Refuse(new RetractionResult.NotYours(report.Recorded.RecordedBy));
        }

        if (report.Retraction is { } earlier)
        {
            return Decision<RetractionResult>.Refuse(new RetractionResult.Repeated(
                new RetractionReceipt(id, earlier.Reason, earlier.RetractedBy, earlier.Events)));
        }

        var appends = SagasOf(report.Recorded)
            .Select(saga => new SagaAppend(saga, sagaVersions[saga] + 1, new ClaimsRetracted(id, reason, retractedBy), retractedBy, id))
            .ToList();
        var placements = appends.Select(a => new ClaimPlacement(a.Saga, a.Version)).ToList();
        var retracted = new ReportRetracted(id, reason, retractedBy, placements);
        return new Decision<RetractionResult>(
            new RetractionResult.Retracted(new RetractionReceipt(id, reason, retractedBy, placements)),
            new WritePlan(appends, new ReportAppend(id, report.Version, retracted, retractedBy), []));
    }

    /// <summary>The sagas a report's claims concern, in the order they are locked.</summary>
    public static IReadOnlyList<string> SagasOf(ReportRecorded report) =>
        report.Claims.Select(c => c.Saga).Distinct().Order(StringComparer.Ordinal).ToList();
}
