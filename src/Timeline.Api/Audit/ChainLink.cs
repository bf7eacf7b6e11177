namespace Timeline.Api.Audit;

/// <summary>
/// One link of a saga's hash chain, stored in the transaction that appends its event and kept apart
/// from the event row, so that editing the row is caught: its recomputed hash no longer matches.
/// </summary>
public sealed record ChainLink(string Id, string Saga, long Version, string Previous, string Hash)
{
    public static string IdOf(string saga, long version) => $"{saga}/{version}";
}

/// <summary>The views clients read (<see cref="SagaView"/>), each with its chain head (the hash at its version), in one query.</summary>
public static class ChainHeads
{
    public static async Task<SagaView> ViewAsync(
        this IQuerySession session, SagaState state, DateTimeOffset asOf, DateTimeOffset knownAt, CancellationToken ct) =>
        (await session.ViewsAsync([(state, asOf, knownAt)], ct))[0];

    /// <summary>Each state read as of its <c>AsOf</c>, as known at its <c>KnownAt</c>.</summary>
    public static async Task<IReadOnlyList<SagaView>> ViewsAsync(
        this IQuerySession session, IReadOnlyList<(SagaState State, DateTimeOffset AsOf, DateTimeOffset KnownAt)> reads,
        CancellationToken ct)
    {
        var links = await session.LinksAtAsync(reads.Select(r => (r.State.Slug, r.State.Version)), ct);
        return reads
            .Select(r => SagaView.Of(r.State, r.AsOf, r.KnownAt, links.GetValueOrDefault(ChainLink.IdOf(r.State.Slug, r.State.Version))?.Hash))
            .ToList();
    }

    /// <summary>The links at the given saga versions (version 0, before any event, has none), by link id, in one query.</summary>
    public static async Task<Dictionary<string, ChainLink>> LinksAtAsync(
        this IQuerySession session, IEnumerable<(string Saga, long Version)> heads, CancellationToken ct)
    {
        var ids = heads.Where(h => h.Version > 0).Select(h => ChainLink.IdOf(h.Saga, h.Version)).ToArray();
        return ids.Length == 0
            ? new Dictionary<string, ChainLink>(StringComparer.Ordinal)
            : (await session.LoadManyAsync<ChainLink>(ct, ids)).ToDictionary(l => l.Id, StringComparer.Ordinal);
    }
}
