namespace Timeline.Api.Sagas;

/// <summary>Reads a saga's stream as the fold's input.</summary>
public static class SagaHistory
{
    public static SagaEntry? ToEntry(IEvent e) =>
        e.Data is ISagaEvent data ? new SagaEntry(e.Version, e.Timestamp, data) : null;

    public static async Task<IReadOnlyList<IEvent>> LoadAsync(IQuerySession session, string slug, CancellationToken ct) =>
        await session.Events.FetchStreamAsync(slug, token: ct);

    /// <summary>
    /// The saga's events for a read as known at <paramref name="knownAt"/> when the reader named one (the answer
    /// must not change once given: <see cref="RecordedTime"/>), or as of now; null when there is no such saga.
    /// </summary>
    public static async Task<IReadOnlyList<IEvent>?> LoadKnownAsync(
        IQuerySession session, string slug, DateTimeOffset? knownAt, TimeProvider clock, CancellationToken ct)
    {
        if (knownAt is { } known)
        {
            await RecordedTime.SettleAsync(session, known, clock, ct);
        }

        var events = await LoadAsync(session, slug, ct);
        return events.Count == 0 ? null : events;
    }

    public static IEnumerable<SagaEntry> Entries(IEnumerable<IEvent> events) =>
        events.Select(ToEntry).OfType<SagaEntry>();
}
