namespace Timeline.Api.Sagas;

/// <summary>Reads a saga's stream as the fold's input.</summary>
public static class SagaHistory
{
    public static SagaEntry? ToEntry(IEvent e) =>
        e.Data is ISagaEvent data ? new SagaEntry(e.Version, e.Timestamp, data) : null;

    public static async Task<IReadOnlyList<IEvent>> LoadAsync(IQuerySession session, string slug, CancellationToken ct) =>
        await session.Events.FetchStreamAsync(slug, token: ct);

    public static IEnumerable<SagaEntry> Entries(IEnumerable<IEvent> events) =>
        events.Select(ToEntry).OfType<SagaEntry>();
}
