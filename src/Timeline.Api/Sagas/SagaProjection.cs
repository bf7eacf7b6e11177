using Marten.Events.Aggregation;

namespace Timeline.Api.Sagas;

/// <summary>
/// Keeps each saga's current state as a document, updated in the same transaction as its events,
/// so the current read is one load. It evolves by the same pure step the fold uses; a retraction
/// cannot be undone step by step, so it folds the saga's stream again.
/// </summary>
public sealed class SagaProjection : SingleStreamProjection<SagaState, string>
{
    public SagaProjection()
    {
        foreach (var type in EventNames.All.Keys.Where(t => t.IsAssignableTo(typeof(ISagaEvent))))
        {
            IncludeType(type);
        }

        Store.RebuildInLargePages(Options);
    }

    public override async ValueTask<SagaState?> EvolveAsync(
        SagaState? snapshot, string id, IQuerySession session, IEvent e, CancellationToken cancellation)
    {
        if (e.Data is not ISagaEvent data)
        {
            return snapshot;
        }

        var entry = new SagaEntry(e.Version, e.Timestamp, data);
        if (!SagaFold.NeedsRefold(data))
        {
            return SagaFold.Evolve(snapshot, entry);
        }

        // Only what precedes this event: in a rebuild the stream may already hold later events.
        var history = await session.Events.FetchStreamAsync(id, version: e.Version - 1, token: cancellation);
        var entries = history.Select(SagaHistory.ToEntry).OfType<SagaEntry>().Append(entry);
        return SagaFold.Fold(entries, DateTimeOffset.MaxValue, DateTimeOffset.MaxValue) ?? snapshot;
    }
}
