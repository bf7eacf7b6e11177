using Timeline.Api.Names;
using Timeline.Domain.Names;

namespace Timeline.Api.Writes;

/// <summary>
/// The one way saga streams are written (README, "How changes flow"): load what the write decides on, with
/// the sagas it touches locked; let a pure decision of the domain say how the write ends and what to store;
/// append that through <see cref="SagaWrite"/>, which owns the lock order, the chain links, who recorded it,
/// the trace and the report it belongs to; and start over when another writer got there first. Recording
/// reports (one or a batch), retracting them, opening sagas, importing archives and loading the demo all
/// come this way, so they keep the same guarantees.
/// </summary>
/// <remarks>
/// Not Wolverine's aggregate workflow (<c>[WriteAggregate]</c>): a report's claims name any number of sagas,
/// known only once the body is read, and a batch locks the sagas of a thousand reports at once, while the
/// workflow binds a fixed set of streams from the request and locks them in parameter order; and every saga
/// event needs its chain link, computed from the head of its stream, stored in the same transaction.
/// </remarks>
public static class SagaWriter
{
    private const int MaxAttempts = 5;

    /// <summary>One decision in a transaction of its own, retried while another writer gets there first.</summary>
    public static async Task<TResult> WriteAsync<TResult>(
        IDocumentStore store, Func<SagaWrite, CancellationToken, Task<Decision<TResult>>> decide, CancellationToken ct) =>
        (await WriteAllAsync<TResult>(store, async (write, token) => [await decide(write, token)], ct))[0];

    /// <summary>Several decisions (a batch of reports) appended in one transaction, each saga in one append.</summary>
    /// <param name="traces">Each report's trace by its id, when the decisions are several requests' (group commit).</param>
    public static async Task<IReadOnlyList<TResult>> WriteAllAsync<TResult>(
        IDocumentStore store, Func<SagaWrite, CancellationToken, Task<IReadOnlyList<Decision<TResult>>>> decide,
        CancellationToken ct, IReadOnlyDictionary<string, string>? traces = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            try
            {
                await session.BeginTransactionAsync(ct);
                var write = new SagaWrite(session, traces);
                var decisions = await decide(write, ct);
                var plans = decisions.Select(d => d.Plan).Where(p => !p.IsEmpty).ToList();
                if (plans.Count > 0)
                {
                    await write.AppendAsync(plans, ct);
                    await session.SaveChangesAsync(ct);
                }

                return decisions.Select(d => d.Result).ToList();
            }
            catch (Exception e) when (IsConcurrentWrite(e) && attempt < MaxAttempts)
            {
                // A saga moved on or the report id was taken: the next attempt decides on what is there now.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * attempt)), ct);
            }
        }
    }

    /// <summary>
    /// Another writer got there first: a saga moved on, or the report id was taken; or PostgreSQL broke a
    /// deadlock or a serialization conflict between concurrent writers by failing this one. Npgsql calls the
    /// last two transient, and they used to reach the client as "database unavailable": they are contention,
    /// and the next attempt, after the other writer committed, succeeds.
    /// </summary>
    public static bool IsConcurrentWrite(Exception e) =>
        e is JasperFx.ConcurrencyException
            or JasperFx.Events.ExistingStreamIdCollisionException
            or Marten.Exceptions.ExistingStreamIdCollisionException
        || Chain(e).OfType<PostgresException>().Any(p => p.SqlState is PostgresErrorCodes.DeadlockDetected
            or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.LockNotAvailable);

    internal static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            yield return inner;
        }
    }
}

/// <summary>One write's transaction: what a decision loads, and the append of what it decided.</summary>
public sealed class SagaWrite(IDocumentSession session, IReadOnlyDictionary<string, string>? traces = null)
{
    /// <summary>The chain heads read with the lock, by saga: the hash at the version locked.</summary>
    private readonly Dictionary<string, (long Version, string Hash)> _heads = new(StringComparer.Ordinal);

    /// <summary>
    /// Locks the streams of <paramref name="slugs"/> in one order (ordinal), the order of every write, so two
    /// writes over the same sagas cannot deadlock, and returns the version of each saga that was opened.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> LockSagasAsync(IEnumerable<string> slugs, CancellationToken ct)
    {
        var sagas = slugs.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        // A store whose schema Marten creates on first use (tests, a first import) has no stream table before.
        await session.Database.EnsureStorageExistsAsync(typeof(JasperFx.Events.IEvent), ct);
        await session.Database.EnsureStorageExistsAsync(typeof(Audit.ChainLink), ct);
        try
        {
            // The chain head at each locked version comes with the lock: the append links onto it without a read of its own.
            var rows = await session.AdvancedSql.QueryAsync<string, long, string>(
                $"""
                 select row(s.id), row(s.version), row(coalesce(l.data ->> 'hash', ''))
                 from {Store.Schema}.mt_streams s
                 left join {Store.Schema}.mt_doc_chainlink l on l.id = s.id || '/' || s.version
                 where s.id = any(?) order by s.id collate "C" for update of s
                 """, ct, [sagas]);
            foreach (var (saga, version, hash) in rows.Where(r => r.Item3.Length > 0))
            {
                _heads[saga] = (version, hash);
            }

            return rows.ToDictionary(r => r.Item1, r => r.Item2, StringComparer.Ordinal);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && TimedOut(e) && session.Connection is { State: System.Data.ConnectionState.Open })
        {
            throw new SagaBusyException(sagas, e);
        }
    }

    /// <summary>
    /// The command's timeout ended the wait (Npgsql's read timeout, or the server cancelling it for that). Only a
    /// wait the server confirmed cancelling, its connection still open, is a wait for a lock: a timeout the
    /// server never answered (a network blackhole) broke the connection, and is the database out of reach.
    /// </summary>
    private static bool TimedOut(Exception e) =>
        SagaWriter.Chain(e).Any(inner => inner is TimeoutException or PostgresException { SqlState: PostgresErrorCodes.QueryCanceled });

    /// <summary>The saga's current state (read after <see cref="LockSagasAsync"/>, it cannot change before the commit).</summary>
    public Task<SagaState?> SagaAsync(string slug, CancellationToken ct) => session.LoadAsync<SagaState>(slug, ct);

    /// <summary>The reports among <paramref name="ids"/> recorded before.</summary>
    public Task<Dictionary<string, ReportRecorded>> RecordedAsync(IReadOnlyCollection<string> ids, CancellationToken ct) =>
        RecordedReports.FindManyAsync(session, ids, ct);

    public async Task<ReportStream?> ReportAsync(string id, CancellationToken ct) =>
        (await RecordedReports.FindAsync(session, id, ct))?.Stream;

    /// <summary>
    /// The articles among <paramref name="ids"/> that are in the inbox, their streams locked: a report recorded
    /// from one appends to it, and two such reports take turns instead of colliding on its next version.
    /// </summary>
    public async Task<IReadOnlySet<string>> ArticlesAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }

        var keys = ids.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(ArticleStreams.Key).ToArray();
        var found = await session.AdvancedSql.QueryAsync<string>(
            $"select id from {Store.Schema}.mt_streams where id = any(?) order by id collate \"C\" for update", ct, [keys]);
        return found.Select(key => key[ArticleStreams.Prefix.Length..]).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The recorded names that look like any of <paramref name="uses"/>.</summary>
    public async Task<IReadOnlyDictionary<string, KnownName>> KnownNamesAsync(IEnumerable<NameUse> uses, CancellationToken ct) =>
        await KnownNames.FoundAsync(session, uses, ct);

    /// <summary>
    /// Appends the plans' events: each saga's in one append, linked onto its chain's head; each report's own
    /// event; the names they record. Every event carries who recorded it, its report and the current trace,
    /// so the change feed and its pushes join the trace of the request that recorded it.
    /// </summary>
    internal async Task AppendAsync(IReadOnlyList<WritePlan> plans, CancellationToken ct)
    {
        var sagas = plans.SelectMany(p => p.Sagas).GroupBy(a => a.Saga, StringComparer.Ordinal).ToList();
        var chain = new SagaChainWriter(session, _heads);
        await chain.LoadHeadsAsync(sagas.ToDictionary(s => s.Key, s => s.First().Version - 1, StringComparer.Ordinal), ct);
        foreach (var saga in sagas)
        {
            chain.Append(saga.Key, saga.ToList());
        }

        foreach (var plan in plans)
        {
            if (plan.Report is { } report)
            {
                var key = ReportStreams.Key(report.ReportId);
                var action = report.After is { } after
                    ? session.Events.Append(key, after + 1, report.Event)
                    : session.Events.StartStream(key, report.Event);
                var e = action.Events[^1];
                e.UserName = report.RecordedBy;
                e.CorrelationId = report.ReportId;
            }

            KnownNames.Remember(session, plan.Names);
            if (plan.Article is { } article)
            {
                var recorded = session.Events.Append(ArticleStreams.Key(article.ArticleId), article).Events[^1];
                recorded.UserName = article.RecordedBy;
                recorded.CorrelationId = article.ReportId;
            }
        }

        session.LastModifiedBy = plans[0].Sagas.FirstOrDefault()?.RecordedBy ?? plans[0].Report?.RecordedBy;
        if (traces is null)
        {
            TimelineInstruments.StampTrace(session);
            return;
        }

        // Every event carries its report's id as correlation: the key to the trace of the request that sent it.
        foreach (var e in session.PendingChanges.Streams().SelectMany(s => s.Events))
        {
            if (e.CorrelationId is { } report && traces.TryGetValue(report, out var trace))
            {
                e.SetHeader(TimelineInstruments.TraceParentHeader, trace);
            }
        }
    }
}
