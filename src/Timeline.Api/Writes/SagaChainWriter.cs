using Timeline.Api.Audit;

namespace Timeline.Api.Writes;

/// <summary>
/// Appends saga events and their chain links together (<see cref="SagaWrite"/> is its only user), so no saga
/// event is stored without its hash; the events of one saga in one write chain onto each other.
/// </summary>
/// <param name="known">Chain heads read already (with the sagas' lock), by saga: the hash at that version.</param>
internal sealed class SagaChainWriter(IDocumentSession session, IReadOnlyDictionary<string, (long Version, string Hash)> known)
{
    private readonly Dictionary<string, string> _heads = new(StringComparer.Ordinal);

    /// <summary>
    /// Reads the chain heads of sagas whose streams stand at the given versions (locked by the caller; 0 for
    /// a stream not started yet), those not known already in one query, so that <see cref="Append"/> chains
    /// onto them without a read per saga.
    /// </summary>
    public async Task LoadHeadsAsync(IReadOnlyDictionary<string, long> versions, CancellationToken ct)
    {
        var unknown = versions.Where(v => !(known.TryGetValue(v.Key, out var head) && head.Version == v.Value)).ToList();
        var links = await session.LinksAtAsync(unknown.Select(v => (v.Key, v.Value)), ct);
        foreach (var (slug, version) in versions)
        {
            _heads[slug] = known.TryGetValue(slug, out var head) && head.Version == version
                ? head.Hash
                : links.TryGetValue(ChainLink.IdOf(slug, version), out var link)
                    ? link.Hash
                    : await HeadAsync(slug, version, ct);
        }
    }

    /// <summary>
    /// Appends <paramref name="events"/>, consecutive versions of one saga whose head <see cref="LoadHeadsAsync"/>
    /// read, in one append: the stream's start when the first is version 1. Each event carries its own recorder
    /// and correlation, so one session can append the reports of several recorders.
    /// </summary>
    public void Append(string slug, IReadOnlyList<SagaAppend> events)
    {
        if (!_heads.ContainsKey(slug))
        {
            throw new InvalidOperationException($"The head of saga '{slug}' was not loaded.");
        }

        var data = events.Select(e => (object)e.Event).ToArray();
        var last = events[^1].Version;
        // The expected version tells Marten where the stream stands (so the projected state gets its version)
        // and checks it when saving.
        var appended = events[0].Version == 1
            ? session.Events.StartStream(slug, data).Events
            : session.Events.Append(slug, last, data).Events;
        for (var i = 0; i < events.Count; i++)
        {
            var (_, version, e, recordedBy, correlationId) = events[i];
            var stored = appended[appended.Count - events.Count + i];
            stored.UserName = recordedBy;
            stored.CorrelationId = correlationId;
            _heads[slug] = StoreLink(slug, version, _heads[slug], EventNames.All[e.GetType()], recordedBy, e);
        }
    }

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
