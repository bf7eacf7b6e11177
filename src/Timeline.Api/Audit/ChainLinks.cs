using Marten;
using Timeline.Domain;

namespace Timeline.Api.Audit;

/// <summary>
/// One link of a saga's hash chain, stored in the transaction that appends its event and kept apart
/// from the event row, so that editing the row is caught: its recomputed hash no longer matches.
/// </summary>
public sealed record ChainLink(string Id, string Saga, long Version, string Previous, string Hash)
{
    public static string IdOf(string saga, long version) => $"{saga}/{version}";
}

/// <summary>Puts each state's chain head (the hash at its version) into the state, in one query.</summary>
public static class ChainHeads
{
    public static async Task<SagaState> WithHeadAsync(this IQuerySession session, SagaState state, CancellationToken ct) =>
        (await session.WithHeadsAsync([state], ct))[0];

    public static async Task<IReadOnlyList<SagaState>> WithHeadsAsync(
        this IQuerySession session, IReadOnlyList<SagaState> states, CancellationToken ct)
    {
        var links = await session.LinksAtAsync(states.Select(s => (s.Slug, s.Version)), ct);
        return states.Select(s => s with { Head = links.GetValueOrDefault(ChainLink.IdOf(s.Slug, s.Version))?.Hash }).ToList();
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
