using Marten;
using Timeline.Api.Audit;
using Timeline.Api.Infrastructure;
using Timeline.Api.Names;
using Timeline.Domain;

namespace Timeline.Api.Reports;

/// <summary>A validated report with an id, waiting in a batch, and who records it.</summary>
public sealed record PendingReport(ValidReport Report, string RecordedBy)
{
    public string Id => Report.Id ?? throw new InvalidOperationException("A batched report needs an id.");
}

/// <summary>
/// Records many reports in one transaction, with the guarantees of <see cref="RecordReport"/>: each
/// report is recorded whole, found as a repeat (or a conflict) of the same id, or refused; saga events
/// get consecutive versions under a lock and chain links onto the saga's head; the inline projections
/// run as for a single report. What a batch saves is the round trips: one query finds the ids already
/// recorded, one locks every saga of the batch and reads its version, one reads their chain heads, and
/// one <c>SaveChangesAsync</c> writes it all (measured with bench/: the README's performance section).
/// </summary>
public static class ReportBatches
{
    private const int MaxAttempts = 5;

    /// <summary>The results in the order of <paramref name="batch"/>.</summary>
    public static async Task<IReadOnlyList<RecordResult>> RecordAsync(
        IDocumentStore store, IReadOnlyList<PendingReport> batch, CancellationToken ct)
    {
        using var activity = TimelineInstruments.Source.StartActivity("record report batch");
        activity?.SetTag("timeline.batch.reports", batch.Count);
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            try
            {
                var results = await TryRecordAsync(session, batch, ct);
                for (var i = 0; i < batch.Count; i++)
                {
                    if (results[i] is RecordResult.Recorded)
                    {
                        RecordReport.CountRecorded(batch[i].Report);
                    }
                }

                return results;
            }
            catch (Exception e) when (RecordReport.IsConcurrentWrite(e) && attempt < MaxAttempts)
            {
                // A concurrent writer recorded one of these ids first: the next attempt finds it as a repeat.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * attempt)), ct);
            }
        }
    }

    private static async Task<RecordResult[]> TryRecordAsync(
        IDocumentSession session, IReadOnlyList<PendingReport> batch, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        // The reports recorded before, and then those this batch records: a later line with the same id is a repeat.
        var recorded = await RecordedReports.FindManyAsync(session, batch.Select(p => p.Id).Distinct().ToArray(), ct);
        var versions = await LockSagasAsync(session, batch, ct);
        var names = batch.Select(p => KnownNames.Of(p.Report)).ToList();
        var known = await KnownNames.FoundAsync(session, names.SelectMany(n => n), ct);
        var chain = new SagaChainWriter(session);
        await chain.LoadHeadsAsync(versions, ct);

        var results = new RecordResult[batch.Count];
        // Each saga's new events, appended at once after the loop (one append per saga rather than per claim).
        var appends = new Dictionary<string, (long Version, List<RecordedSagaEvent> Events)>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            var (report, recordedBy) = (batch[i].Report, batch[i].RecordedBy);
            var id = batch[i].Id;
            var contentHash = report.ContentHash();
            if (recorded.TryGetValue(id, out var before))
            {
                results[i] = RecordReport.Repeat(before, contentHash);
                continue;
            }

            var errors = RecordReport.MissingSagas(report, versions.ContainsKey);
            errors.AddMissing(KnownNames.Lookalikes(known, names[i]));
            if (errors.Any)
            {
                results[i] = new RecordResult.Invalid(errors);
                continue;
            }

            // Later reports of the batch meet these names as recorded ones.
            foreach (var use in names[i])
            {
                known.TryAdd(use.Id, new KnownName(use.Id, use.Kind, use.Name));
            }

            KnownNames.Remember(session, names[i]);
            var source = report.SourceAs(id);
            var placements = new List<ClaimPlacement>(report.Claims.Count);
            foreach (var claim in report.Claims)
            {
                if (!appends.TryGetValue(claim.Saga, out var append))
                {
                    appends[claim.Saga] = append = (versions[claim.Saga], []);
                }

                append.Events.Add(new RecordedSagaEvent(ClaimReported.For(source, claim), recordedBy, id));
                placements.Add(new ClaimPlacement(claim.Saga, ++versions[claim.Saga]));
            }

            var data = report.RecordedAs(id, recordedBy, placements, contentHash);
            var e = session.Events.StartStream(ReportStreams.Key(id), data).Events[0];
            e.UserName = recordedBy;
            e.CorrelationId = id;
            recorded[id] = data;
            results[i] = new RecordResult.Recorded(new ReportReceipt(id, placements));
        }

        foreach (var (saga, (version, events)) in appends)
        {
            chain.AppendMany(saga, version, events);
        }

        session.LastModifiedBy = batch[0].RecordedBy;
        await session.SaveChangesAsync(ct);
        return results;
    }

    /// <summary>
    /// Locks the streams of every saga the batch names, in one order (as <see cref="RecordReport"/> does,
    /// so batches and single reports cannot deadlock), and returns the version of each that exists.
    /// </summary>
    private static async Task<Dictionary<string, long>> LockSagasAsync(
        IDocumentSession session, IReadOnlyList<PendingReport> batch, CancellationToken ct)
    {
        var sagas = batch.SelectMany(p => p.Report.Claims).Select(c => c.Saga).Distinct().Order(StringComparer.Ordinal).ToArray();
        var rows = await session.AdvancedSql.QueryAsync<string, long>(
            $"select row(id), row(version) from {Store.Schema}.mt_streams where id = any(?) order by id collate \"C\" for update", ct, [sagas]);
        return rows.ToDictionary(r => r.Item1, r => r.Item2, StringComparer.Ordinal);
    }
}
