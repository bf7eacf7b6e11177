namespace Timeline.Api.Writes;

/// <summary>A report's own stream, read back: what was recorded, when, by whom, and any retraction.</summary>
public sealed record RecordedReport(ReportRecorded Recorded, IEvent RecordedEvent, IEvent? RetractionEvent)
{
    public ReportRetracted? Retraction => RetractionEvent?.Data as ReportRetracted;

    public long Version => RetractionEvent?.Version ?? RecordedEvent.Version;

    /// <summary>What a retraction decides on.</summary>
    public ReportStream Stream => new(Recorded, Retraction, Version);
}

public static class RecordedReports
{
    public static async Task<RecordedReport?> FindAsync(IQuerySession session, string reportId, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(ReportStreams.Key(reportId), token: ct);
        var recorded = events.FirstOrDefault(e => e.Data is ReportRecorded);
        return recorded is null
            ? null
            : new RecordedReport((ReportRecorded)recorded.Data, recorded, events.LastOrDefault(e => e.Data is ReportRetracted));
    }

    /// <summary>The reports among <paramref name="reportIds"/> recorded before, in one query.</summary>
    public static async Task<Dictionary<string, ReportRecorded>> FindManyAsync(
        IQuerySession session, IReadOnlyCollection<string> reportIds, CancellationToken ct)
    {
        var keys = reportIds.Select(ReportStreams.Key).ToArray();
        var type = EventNames.Of<ReportRecorded>();
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => keys.Contains(e.StreamKey) && e.EventTypeName == type)
            .ToListAsync(ct);
        return events.Select(e => (ReportRecorded)e.Data).ToDictionary(r => r.ReportId, StringComparer.Ordinal);
    }
}
