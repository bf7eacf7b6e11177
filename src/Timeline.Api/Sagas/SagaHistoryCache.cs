using System.Collections.Concurrent;
using Marten;
using Microsoft.Extensions.Options;
using Timeline.Domain;

namespace Timeline.Api.Sagas;

/// <summary>Configuration section <c>Timeline:History</c>.</summary>
public sealed class HistoryOptions
{
    public const string Section = "Timeline:History";

    /// <summary>How many saga events historical reads keep in memory, over all sagas (least recently read go first).</summary>
    public int CachedEvents { get; set; } = 1_000_000;
}

/// <summary>
/// Historical reads of a saga fold its whole stream; a fan moving a date slider asks for the same saga
/// many times. This keeps each recently read saga's events, and their <see cref="ValidTimeIndex"/>, per
/// stream version: a read checks the current version (one document load), fetches only the events
/// recorded since, and answers "as of" from the index when it asks about what is known now. Events
/// are immutable, so a cached prefix never goes stale; every node keeps its own.
/// </summary>
public sealed class SagaHistoryCache(IOptions<HistoryOptions> options)
{
    private readonly ConcurrentDictionary<string, History> _sagas = new(StringComparer.Ordinal);
    private long _events;

    /// <summary>
    /// The saga's events as of its projected <paramref name="current"/> state. A cached history is used
    /// when it was read at the same state; a shorter one is extended with the events recorded since,
    /// once the last event it holds is confirmed to be the stream's (a store restored or emptied
    /// under a running node is noticed, and read again).
    /// </summary>
    public async Task<History> LoadAsync(IQuerySession session, SagaState current, CancellationToken ct)
    {
        var slug = current.Slug;
        var cached = _sagas.GetValueOrDefault(slug);
        if (cached is not null && cached.Version == current.Version && cached.Stamp == current.KnownAt)
        {
            cached.Touch();
            return cached;
        }

        IReadOnlyList<SagaEntry> entries = [];
        if (cached is not null && cached.Version < current.Version)
        {
            var since = SagaHistory.Entries(await session.Events.FetchStreamAsync(slug, fromVersion: cached.Version, token: ct)).ToList();
            if (since.Count > 0 && since[0].Version == cached.Version && since[0].RecordedAt == cached.Entries[^1].RecordedAt)
            {
                entries = [.. cached.Entries, .. since.Skip(1)];
            }
        }

        if (entries.Count == 0)
        {
            entries = SagaHistory.Entries(await session.Events.FetchStreamAsync(slug, token: ct)).ToList();
        }

        var history = new History(entries, current.KnownAt);
        if (entries.Count > 0)
        {
            Remember(slug, cached, history);
        }

        return history;
    }

    private void Remember(string slug, History? replaced, History history)
    {
        _sagas[slug] = history;
        var total = Interlocked.Add(ref _events, history.Entries.Count - (replaced?.Entries.Count ?? 0));
        if (total <= options.Value.CachedEvents)
        {
            return;
        }

        foreach (var (key, old) in _sagas.OrderBy(kv => kv.Value.LastRead).ToList())
        {
            if (Interlocked.Read(ref _events) <= options.Value.CachedEvents * 3 / 4)
            {
                break;
            }

            if (key != slug && _sagas.TryRemove(new KeyValuePair<string, History>(key, old)))
            {
                Interlocked.Add(ref _events, -old.Entries.Count);
            }
        }
    }

    /// <summary>A saga's events as read at one version, and the index built from them on first use.</summary>
    public sealed class History(IReadOnlyList<SagaEntry> entries, DateTimeOffset stamp)
    {
        private readonly Lazy<ValidTimeIndex> _index = new(() => ValidTimeIndex.Build(entries));

        public IReadOnlyList<SagaEntry> Entries { get; } = entries;

        public long Version { get; } = entries.Count == 0 ? 0 : entries[^1].Version;

        /// <summary>The projected state's recorded time when this was read: a different one means a different stream.</summary>
        public DateTimeOffset Stamp { get; } = stamp;

        public long LastRead { get; private set; } = Environment.TickCount64;

        public void Touch() => LastRead = Environment.TickCount64;

        /// <summary>What was known at <paramref name="knownAt"/> about the saga as of <paramref name="asOf"/>.</summary>
        public SagaState? StateAt(DateTimeOffset asOf, DateTimeOffset knownAt) =>
            Entries.Count > 0 && knownAt >= _index.Value.LastRecordedAt
                ? _index.Value.StateAsOf(asOf, knownAt)
                : SagaFold.Fold(Entries, asOf, knownAt);
    }
}

public static class HistorySetup
{
    public static IServiceCollection AddSagaHistory(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<HistoryOptions>(configuration.GetSection(HistoryOptions.Section));
        services.AddSingleton<SagaHistoryCache>();
        return services;
    }
}
