using Timeline.Api.Writes;

namespace Timeline.Api.Reports;

/// <summary>
/// Records reports, one or many in one transaction, through the saga-write pipeline: each report is recorded
/// whole, found as a repeat (or a conflict) of the same id, or refused; saga events get consecutive versions
/// under a lock and chain links onto the saga's head. A batch costs the round trips of one report: one query
/// finds the ids already recorded, one locks every saga of the batch and reads its version and chain head,
/// one the names that look like the batch's, and one <c>SaveChangesAsync</c> writes it all (measured
/// with bench/: the README's performance section).
/// </summary>
public static class ReportBatches
{
    /// <summary>The results in the order of <paramref name="batch"/>; a later report with an earlier one's id is its repeat.</summary>
    public static async Task<IReadOnlyList<RecordResult>> RecordAsync(
        IDocumentStore store, IReadOnlyList<ReportToRecord> batch, CancellationToken ct)
    {
        using var activity = TimelineInstruments.Source.StartActivity("record report batch");
        activity?.SetTag("timeline.batch.reports", batch.Count);
        return await RecordInAsync(store, batch, ct);
    }

    /// <summary>
    /// Loads what the reports are decided on, decides each in turn, and counts what was recorded. With
    /// <paramref name="traces"/> (report id to W3C trace parent: reports of several requests), each report's
    /// events carry its own request's trace; without, the current one.
    /// </summary>
    internal static async Task<IReadOnlyList<RecordResult>> RecordInAsync(
        IDocumentStore store, IReadOnlyList<ReportToRecord> batch, CancellationToken ct,
        IReadOnlyDictionary<string, string>? traces = null)
    {
        var results = await SagaWriter.WriteAllAsync<RecordResult>(store, async (write, token) =>
        {
            var recorded = await write.RecordedAsync(batch.Select(r => r.Id).Distinct().ToArray(), token);
            var versions = await write.LockSagasAsync(batch.SelectMany(r => r.Report.Claims).Select(c => c.Saga), token);
            var names = await write.KnownNamesAsync(batch.SelectMany(r => Domain.Names.NameUse.Of(r.Report)), token);
            var articles = await write.ArticlesAsync(batch.Select(r => r.Report.ArticleId).OfType<string>().ToArray(), token);
            var recording = new RecordingReports(recorded, versions, names, articles);
            return batch.Select(recording.Record).ToList();
        }, ct, traces);

        for (var i = 0; i < batch.Count; i++)
        {
            if (results[i] is RecordResult.Recorded)
            {
                CountRecorded(batch[i].Report);
            }
        }

        return results;
    }

    private static void CountRecorded(ValidReport report)
    {
        TimelineInstruments.ReportsRecorded.Add(1);
        foreach (var type in report.Claims.GroupBy(c => c.Type))
        {
            TimelineInstruments.ClaimsRecorded.Add(type.Count(), new KeyValuePair<string, object?>("claim.type", type.Key));
        }
    }
}
