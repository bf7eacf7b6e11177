namespace Timeline.Api.Sagas;

/// <summary>
/// An event's recorded time is stamped when it is inserted, but the event is seen only once its transaction
/// commits, a little later. A read "as known at K" for a K just past could miss an event stamped before K whose
/// transaction had not committed yet, and the same question asked again would then see it: an answer about the
/// past would change. So a read for a recent K first waits until no transaction that began at or before K and
/// has written anything is still open (a write lasts milliseconds; the read's own time limit bounds the wait).
/// </summary>
public static class RecordedTime
{
    /// <summary>Past this age an instant is settled: no write transaction lives this long (the command timeout ends it first).</summary>
    private static readonly TimeSpan Settled = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(5);

    public static async Task SettleAsync(IQuerySession session, DateTimeOffset knownAt, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (knownAt > now || knownAt < now - Settled)
        {
            return;
        }

        while ((await session.AdvancedSql.QueryAsync<long>(
                   """
                   select count(*) from pg_stat_activity
                   where datname = current_database() and pid <> pg_backend_pid() and backend_xid is not null and xact_start <= ?
                   """, ct, knownAt))[0] > 0)
        {
            await Task.Delay(Poll, ct);
        }
    }
}
