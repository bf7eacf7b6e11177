using Marten;
using JasperFx.Events;
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

/// <summary>A saga event to append, with who recorded it and the report it belongs to.</summary>
public sealed record RecordedSagaEvent(ISagaEvent Data, string RecordedBy, string CorrelationId);

/// <summary>
/// Appends saga events and their chain links together. Every write path appends through one of
/// these, so no saga event is stored without its hash; several events to one saga in one session
/// chain onto each other.
/// </summary>
public sealed class SagaChainWriter(IDocumentSession session)
{
    private readonly Dictionary<string, string> _heads = new(StringComparer.Ordinal);

    /// <summary>Starts the saga's stream with <paramref name="opening"/>, the chain's first link.</summary>
    public void Start(string slug, ISagaEvent opening, string? recordedBy)
    {
        session.Events.StartStream(slug, opening);
        Link(slug, 1, SagaChain.Genesis, opening, recordedBy);
    }

    /// <summary>Appends <paramref name="data"/> to a stream fetched for writing, linked to the stream's head.</summary>
    public async Task AppendAsync(IEventStream<SagaState> stream, ISagaEvent data, string? recordedBy, CancellationToken ct)
    {
        var version = (stream.CurrentVersion ?? 0) + 1;
        var previous = _heads.GetValueOrDefault(stream.Key!) ?? await HeadAsync(stream.Key!, version - 1, ct);
        stream.AppendOne(data);
        Link(stream.Key!, version, previous, data, recordedBy);
    }

    /// <summary>
    /// Reads the chain heads of sagas whose streams stand at the given versions (locked by the caller),
    /// in one query, so that <see cref="AppendMany"/> can chain onto them without a read per saga.
    /// </summary>
    public async Task LoadHeadsAsync(IReadOnlyDictionary<string, long> versions, CancellationToken ct)
    {
        var links = await session.LinksAtAsync(versions.Select(v => (v.Key, v.Value)), ct);
        foreach (var (slug, version) in versions)
        {
            _heads[slug] = links.TryGetValue(ChainLink.IdOf(slug, version), out var link)
                ? link.Hash
                : await HeadAsync(slug, version, ct);
        }
    }

    /// <summary>
    /// Appends <paramref name="events"/> to a saga standing at <paramref name="version"/> (locked by the caller),
    /// whose head <see cref="LoadHeadsAsync"/> read, in one append. Each event carries its own recorder and
    /// correlation, so one session can append the reports of several recorders.
    /// </summary>
    public void AppendMany(string slug, long version, IReadOnlyList<RecordedSagaEvent> events)
    {
        if (!_heads.ContainsKey(slug))
        {
            throw new InvalidOperationException($"The head of saga '{slug}' was not loaded.");
        }

        // The expected version tells Marten where the stream stands (so the projected state gets its version)
        // and checks it when saving.
        var appended = session.Events.Append(slug, version + events.Count, events.Select(e => (object)e.Data).ToArray()).Events;
        for (var i = 0; i < events.Count; i++)
        {
            var (data, recordedBy, correlationId) = events[i];
            var e = appended[appended.Count - events.Count + i];
            e.UserName = recordedBy;
            e.CorrelationId = correlationId;
            Link(slug, version + 1 + i, _heads[slug], data, recordedBy);
        }
    }

    private void Link(string slug, long version, string previous, ISagaEvent data, string? recordedBy) =>
        _heads[slug] = StoreLink(slug, version, previous, EventNames.All[data.GetType()], recordedBy, data);

    /// <summary>Stores the link of one event and returns its hash.</summary>
    private string StoreLink(string slug, long version, string previous, string type, string? recordedBy, object data)
    {
        var json = session.DocumentStore.Options.Serializer().ToJson(data);
        var hash = SagaChain.Hash(previous, type, version, recordedBy, json);
        session.Store(new ChainLink(ChainLink.IdOf(slug, version), slug, version, previous, hash));
        return hash;
    }

    /// <summary>
    /// The hash at <paramref name="version"/>. A stream recorded before chains existed is sealed first:
    /// its links are computed from the events as they stand now, from which point changes are caught.
    /// </summary>
    private async Task<string> HeadAsync(string slug, long version, CancellationToken ct)
    {
        if (version == 0)
        {
            return SagaChain.Genesis;
        }

        var link = await session.LoadAsync<ChainLink>(ChainLink.IdOf(slug, version), ct);
        if (link is not null)
        {
            return link.Hash;
        }

        var previous = SagaChain.Genesis;
        foreach (var e in await session.Events.FetchStreamAsync(slug, version, token: ct))
        {
            previous = StoreLink(slug, e.Version, previous, e.EventTypeName, e.UserName, e.Data);
        }

        return previous;
    }
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
    internal static async Task<Dictionary<string, ChainLink>> LinksAtAsync(
        this IQuerySession session, IEnumerable<(string Saga, long Version)> heads, CancellationToken ct)
    {
        var ids = heads.Where(h => h.Version > 0).Select(h => ChainLink.IdOf(h.Saga, h.Version)).ToArray();
        return ids.Length == 0
            ? new Dictionary<string, ChainLink>(StringComparer.Ordinal)
            : (await session.LoadManyAsync<ChainLink>(ct, ids)).ToDictionary(l => l.Id, StringComparer.Ordinal);
    }
}
