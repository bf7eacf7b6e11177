using System.Collections.Concurrent;

namespace Timeline.Api.Sagas;

/// <summary>Configuration section <c>Timeline:History</c>.</summary>
public sealed class HistoryOptions
{
    public const string Section = "Timeline:History";

    /// <summary>
    /// How much memory (estimated, in bytes) historical reads keep for recently read sagas' events and their
    /// indexes, over all sagas; the least recently read go first. Anyone can ask for any saga as of any date,
    /// so this bounds what readers can make a node hold.
    /// </summary>
    public long CacheBytes { get; set; } = 256L * 1024 * 1024;
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
    private long _bytes;

    /// <summary>The estimated bytes held now.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

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
        if (cached is not null && cached.Version == current.Version && cached.Stamp == current.RecordedAt)
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
                entries = [.. cached.Entries, .. SharedProvenance(since.Skip(1))];
            }
        }

        if (entries.Count == 0)
        {
            entries = SharedProvenance(SagaHistory.Entries(await session.Events.FetchStreamAsync(slug, token: ct)));
        }

        var history = new History(entries, current.RecordedAt);
        if (entries.Count > 0 && history.EstimatedBytes <= options.Value.CacheBytes / 4)
        {
            Remember(slug, cached, history);
        }

        return history;
    }

    /// <summary>
    /// The entries with one copy of each report's provenance: a report of many claims on one saga is
    /// decoded once per event, and its quote (up to thousands of characters) would otherwise be held once per claim.
    /// </summary>
    private static List<SagaEntry> SharedProvenance(IEnumerable<SagaEntry> entries)
    {
        var sources = new Dictionary<ClaimSource, ClaimSource>();
        return entries.Select(entry =>
        {
            if (entry.Event is not IClaimReported reported)
            {
                return entry;
            }

            if (!sources.TryGetValue(reported.Source, out var shared))
            {
                sources[reported.Source] = shared = reported.Source;
            }

            return ReferenceEquals(shared, reported.Source)
                ? entry
                : entry with { Event = ClaimReported.For(shared, reported.Claim) };
        }).ToList();
    }

    private void Remember(string slug, History? replaced, History history)
    {
        if (replaced is not null && !_sagas.TryUpdate(slug, history, replaced))
        {
            return;
        }

        if (replaced is null && !_sagas.TryAdd(slug, history))
        {
            return;
        }

        var total = Interlocked.Add(ref _bytes, history.EstimatedBytes - (replaced?.EstimatedBytes ?? 0));
        if (total <= options.Value.CacheBytes)
        {
            return;
        }

        foreach (var (key, old) in _sagas.OrderBy(kv => kv.Value.LastRead).ToList())
        {
            if (Interlocked.Read(ref _bytes) <= options.Value.CacheBytes * 3 / 4)
            {
                break;
            }

            if (key != slug && _sagas.TryRemove(new KeyValuePair<string, History>(key, old)))
            {
                Interlocked.Add(ref _bytes, -old.EstimatedBytes);
            }
        }
    }

    /// <summary>A saga's events as read at one version, and the index built from them on first use.</summary>
    public sealed class History(IReadOnlyList<SagaEntry> entries, DateTimeOffset stamp)
    {
        private readonly Lazy<ValidTimeIndex> _index = new(() => ValidTimeIndex.Build(entries));

        public IReadOnlyList<SagaEntry> Entries { get; } = entries;

        public long Version { get; } = entries.Count == 0 ? 0 : entries[^1].Version;

        /// <summary>What the entries and, once built, their index take in memory, estimated: see <see cref="HistorySize"/>.</summary>
        public long EstimatedBytes { get; } = HistorySize.Estimate(entries);

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

/// <summary>
/// An estimate of what a cached history holds on the heap, so the cache can be bounded in bytes. It counts
/// each object's header and fields and each string's characters, the provenance once per report (the cache
/// shares it), and the index the first historical read builds (a slot per claim and a state per stride).
/// </summary>
public static class HistorySize
{
    private const long Entry = 24 + 8;
    private const long Event = 32;
    /// <summary>A claim record with its saga and club names (not shared between events).</summary>
    private const long Claim = 72 + 2 * 64;
    private const long Source = 72;
    private const long IndexSlot = 16 + 8;
    private const long Checkpoint = 4 * 1024;

    public static long Estimate(IReadOnlyList<SagaEntry> entries)
    {
        long bytes = 128;
        var sources = new HashSet<ClaimSource>(ReferenceEqualityComparer.Instance);
        foreach (var entry in entries)
        {
            bytes += Entry + Event;
            if (entry.Event is not IClaimReported reported)
            {
                continue;
            }

            bytes += Claim + IndexSlot;
            var source = reported.Source;
            if (sources.Add(source))
            {
                bytes += Source + Chars(source.ReportId) + Chars(source.Reporter) + Chars(source.Outlet) + Chars(source.Url) + Chars(source.Quote);
            }
        }

        return bytes + (entries.Count / ValidTimeIndex.Stride + 1) * Checkpoint;
    }

    private static long Chars(string? text) => text is null ? 0 : 24 + 2L * text.Length;
}
