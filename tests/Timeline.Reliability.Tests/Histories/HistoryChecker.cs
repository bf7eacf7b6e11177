using System.Globalization;
using System.Text.Json.Nodes;
using Timeline.Api.Infrastructure;
using Timeline.Domain;

namespace Timeline.Reliability.Tests.Histories;

/// <summary>An operation or stream that breaks a guarantee: which guarantee (<see cref="Kind"/>) and exactly how.</summary>
public sealed record Anomaly(AnomalyKind Kind, string Detail)
{
    public override string ToString() => $"{Kind}: {Detail}";
}

/// <summary>The guarantees a history can break, one per check (<see cref="HistoryChecker"/> says what each holds).</summary>
public enum AnomalyKind
{
    LostWrite,
    HalfWrite,
    RefusedButStored,
    StaleRead,
    VersionGap,
    ProjectionDiffers,
    ServedStateDiffers,
    HistoricalChanged,
    StreamDuplicate,
    StreamOutOfOrder,
    StreamMissed,
    StreamPhantom,
}

/// <summary>What a check looked at (counts by kind of operation) and what it found wrong.</summary>
public sealed record Verdict(IReadOnlyDictionary<string, int> Checked, IReadOnlyList<Anomaly> Anomalies)
{
    public string Counts => string.Join(", ", Checked.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Value} {c.Key}")));
}

/// <summary>
/// Checks a recorded <see cref="History"/> against the store it left, offline and without I/O (the way Jepsen's
/// checkers read a history after the run). What it holds the service to:
/// <list type="bullet">
/// <item>writes: an acknowledged report is stored exactly once, at the versions its receipt named; one that got
/// no answer is stored whole or not at all; a refused one not at all;</item>
/// <item>visibility: a read that starts after a report's acknowledgement, on either node, sees the saga at that
/// report's version or later;</item>
/// <item>streams and states: each saga's versions run 1..n with no gap or repeat, its projected state equals a
/// fresh fold of its events, and every state served (reads, live frames) equals the fold of the events up to the
/// version it names, as of and known at the times it was asked for;</item>
/// <item>live streams: positions strictly increase, nothing arrives twice, no change of the feed is missed
/// (across a <c>Last-Event-ID</c> resume too), and every change frame is one the feed published;</item>
/// <item>historical reads: the same question (saga, asOf, knownAt) fixed in the past gets the same answer all run long.</item>
/// </list>
/// </summary>
public static class HistoryChecker
{
    /// <summary>Fields that say when a state was read, not what it is.</summary>
    private static readonly string[] ReadTimeFields = ["asOf", "knownAt", "head"];

    public static Verdict Check(History history, StoreSnapshot store)
    {
        var anomalies = new List<Anomaly>();
        var folds = new Folds(store);
        var reportEvents = ReportEvents(store);
        CheckWrites(history.Writes, reportEvents, anomalies);
        CheckVisibility(history.Writes, history.Reads, anomalies);
        CheckStreams(store, anomalies);
        foreach (var read in history.Reads.Where(r => r.Outcome == Outcome.Ok))
        {
            CheckServedState(folds, read.Saga, read.Answer!, read.AsOf, read.KnownAt, Describe(read), anomalies);
        }

        CheckHistoricalReads(history.Reads, anomalies);
        foreach (var stream in history.Streams)
        {
            CheckLiveStream(stream, store, folds, anomalies);
        }

        var ok = history.Reads.Where(r => r.Outcome == Outcome.Ok).ToList();
        var frames = history.Streams.SelectMany(s => s.Frames).ToList();
        var checkedCounts = new Dictionary<string, int>
        {
            ["writes acknowledged"] = history.Writes.Count(w => w.Outcome == Outcome.Ok),
            ["writes indeterminate"] = history.Writes.Count(w => w.Outcome == Outcome.Info),
            ["of them stored whole"] = history.Writes.Count(w => w.Outcome == Outcome.Info && reportEvents.GetValueOrDefault(w.ReportId)?.Count == w.Sagas.Count),
            ["writes refused"] = history.Writes.Count(w => w.Outcome == Outcome.Fail),
            ["current reads"] = ok.Count(r => !r.Historical),
            ["historical reads"] = ok.Count(r => r.Historical),
            ["reads indeterminate"] = history.Reads.Count(r => r.Outcome != Outcome.Ok),
            ["live streams"] = history.Streams.Count,
            ["stream resumes"] = history.Streams.Sum(s => s.Segments.Count - 1),
            ["live frames"] = frames.Count,
            ["saga events"] = store.Versions.Values.Sum(v => v.Count),
            ["feed updates"] = store.Feed.Count,
        };
        return new Verdict(checkedCounts, anomalies);
    }

    /// <summary>Where each report's claims are stored: (saga, version) of every claim event carrying its id.</summary>
    private static Dictionary<string, List<ClaimPlacement>> ReportEvents(StoreSnapshot store)
    {
        var placements = new Dictionary<string, List<ClaimPlacement>>(StringComparer.Ordinal);
        foreach (var (saga, entries) in store.Events)
        {
            foreach (var entry in entries)
            {
                if (entry.Event is IClaimReported claim)
                {
                    if (!placements.TryGetValue(claim.Source.ReportId, out var list))
                    {
                        placements[claim.Source.ReportId] = list = [];
                    }

                    list.Add(new ClaimPlacement(saga, entry.Version));
                }
            }
        }

        return placements;
    }

    private static void CheckWrites(
        IReadOnlyList<WriteOperation> writes, Dictionary<string, List<ClaimPlacement>> stored, List<Anomaly> anomalies)
    {
        foreach (var write in writes)
        {
            var found = stored.GetValueOrDefault(write.ReportId) ?? [];
            switch (write.Outcome)
            {
                case Outcome.Ok:
                    var expected = write.Receipt.OrderBy(p => p.Saga, StringComparer.Ordinal).ThenBy(p => p.Version);
                    var actual = found.OrderBy(p => p.Saga, StringComparer.Ordinal).ThenBy(p => p.Version);
                    if (!expected.SequenceEqual(actual) || write.Receipt.Count != write.Sagas.Count)
                    {
                        anomalies.Add(new Anomaly(AnomalyKind.LostWrite,
                            $"{Describe(write)} was acknowledged at {Places(write.Receipt)} for {write.Sagas.Count} claims; the store holds its claims at {Places(found)}"));
                    }

                    break;
                case Outcome.Info when found.Count != 0 && found.Count != write.Sagas.Count:
                    anomalies.Add(new Anomaly(AnomalyKind.HalfWrite, $"{Describe(write)} got no answer and {found.Count} of its {write.Sagas.Count} claims are stored"));
                    break;
                case Outcome.Fail when found.Count != 0:
                    anomalies.Add(new Anomaly(AnomalyKind.RefusedButStored, $"{Describe(write)} was refused yet {found.Count} of its claims are stored"));
                    break;
            }
        }
    }

    /// <summary>
    /// Every read of a saga that began after a write's acknowledgement completed must name a version at least the
    /// write's: per saga, the acknowledged versions sorted by completion give, at any instant, the version a read
    /// then starting must see. Reads known at a fixed past instant are exempt: they are asked not to see it.
    /// </summary>
    private static void CheckVisibility(IReadOnlyList<WriteOperation> writes, IReadOnlyList<ReadOperation> reads, List<Anomaly> anomalies)
    {
        var acknowledged = writes.Where(w => w.Outcome == Outcome.Ok)
            .SelectMany(w => w.Receipt.Select(p => (p.Saga, p.Version, Write: w)))
            .GroupBy(p => p.Saga, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(p => p.Write.Complete).ToList(), StringComparer.Ordinal);
        foreach (var read in reads.Where(r => r.Outcome == Outcome.Ok && r.KnownAt is null))
        {
            if (!acknowledged.TryGetValue(read.Saga, out var acks))
            {
                continue;
            }

            var version = VersionOf(JsonNode.Parse(read.Answer!)!);
            var missed = acks.TakeWhile(a => a.Write.Complete < read.Invoke).Where(a => a.Version > version).ToList();
            if (missed.Count > 0)
            {
                var newest = missed.MaxBy(a => a.Version);
                anomalies.Add(new Anomaly(AnomalyKind.StaleRead,
                    $"{Describe(read)} answered version {version}, but {Describe(newest.Write)} had been acknowledged at version {newest.Version} {Ms(read.Invoke - newest.Write.Complete)} before the read began ({missed.Count} acknowledged versions unseen)"));
            }
        }
    }

    private static void CheckStreams(StoreSnapshot store, List<Anomaly> anomalies)
    {
        foreach (var (saga, versions) in store.Versions)
        {
            var expected = Enumerable.Range(1, versions.Count).Select(v => (long)v);
            if (!versions.SequenceEqual(expected))
            {
                anomalies.Add(new Anomaly(AnomalyKind.VersionGap, $"saga {saga} holds versions {string.Join(",", versions)}, not 1..{versions.Count}"));
            }
        }

        foreach (var (saga, entries) in store.Events)
        {
            var folded = SagaFold.Fold(entries, DateTimeOffset.MaxValue, DateTimeOffset.MaxValue);
            var projected = store.Projected.GetValueOrDefault(saga);
            if (folded is null || projected is null)
            {
                anomalies.Add(new Anomaly(AnomalyKind.ProjectionDiffers, $"saga {saga}: projected {(projected is null ? "missing" : "present")}, fold {(folded is null ? "empty" : "present")}"));
                continue;
            }

            var last = store.Versions[saga][^1];
            var want = Comparable(folded);
            var got = Comparable(projected);
            if (projected.Version != last || want != got)
            {
                anomalies.Add(new Anomaly(AnomalyKind.ProjectionDiffers,
                    $"saga {saga}: projected at version {projected.Version} (stream at {last}) {got}; a fresh fold gives {want}"));
            }
        }
    }

    /// <summary>A stored state without its recorded time (the last event's or the latest, which may differ), as JSON.</summary>
    private static string Comparable(SagaState state) => JsonSerializer.Serialize(state with { RecordedAt = default }, TimelineJson.Api);

    /// <summary>
    /// A served state must be the fold of its saga's events up to the version it names, as of and known at what
    /// was asked (unasked, everything up to that version counts): the same registers, the same version.
    /// </summary>
    private static void CheckServedState(
        Folds folds, string saga, string answer, DateTimeOffset? asOf, DateTimeOffset? knownAt, string what, List<Anomaly> anomalies)
    {
        var served = JsonNode.Parse(answer)!.AsObject();
        var version = VersionOf(served);
        var want = folds.Expected(saga, version, asOf, knownAt);
        if (want is null)
        {
            anomalies.Add(new Anomaly(AnomalyKind.ServedStateDiffers, $"{what} served version {version} of a saga whose events up to it fold to nothing"));
            return;
        }

        var got = Strip(served, ReadTimeFields);
        if (!JsonNode.DeepEquals(got, want))
        {
            anomalies.Add(new Anomaly(AnomalyKind.ServedStateDiffers, $"{what} served {got.ToJsonString()}; the fold of versions 1..{version} gives {want.ToJsonString()}"));
        }
    }

    /// <summary>
    /// Historical reads asked the same question all run long, fixed before any write of the run could concern it:
    /// each answer must equal the first. A read known at now names the stream's version and chain head of that
    /// moment, which may move; a read known at a past instant names the version and chain head known then, which may not.
    /// </summary>
    private static void CheckHistoricalReads(IReadOnlyList<ReadOperation> reads, List<Anomaly> anomalies)
    {
        foreach (var question in reads.Where(r => r.Outcome == Outcome.Ok && r.Historical).GroupBy(r => (r.Saga, r.AsOf, r.KnownAt)))
        {
            string[] ignored = question.Key.KnownAt is null ? [.. ReadTimeFields, "version"] : ["asOf", "knownAt"];
            var ordered = question.OrderBy(r => r.Invoke).ToList();
            var first = Strip(JsonNode.Parse(ordered[0].Answer!)!.AsObject(), ignored);
            foreach (var read in ordered.Skip(1))
            {
                var answer = Strip(JsonNode.Parse(read.Answer!)!.AsObject(), ignored);
                if (!JsonNode.DeepEquals(first, answer))
                {
                    anomalies.Add(new Anomaly(AnomalyKind.HistoricalChanged,
                        $"{Describe(read)} answered {answer.ToJsonString()}; {Describe(ordered[0])} had answered {first.ToJsonString()}"));
                }
            }
        }
    }

    /// <summary>
    /// Walks a stream's frames in the order received, across its connections. A current state (a connection's
    /// first frame, or a resume too far behind) sets where the client stands; each change must come after it in
    /// position and version, be one the feed published for this saga, and leave out none of the feed's changes
    /// in between that are newer than what the client holds. At the end the client must hold the feed's last change.
    /// </summary>
    private static void CheckLiveStream(StreamHistory stream, StoreSnapshot store, Folds folds, List<Anomaly> anomalies)
    {
        var feed = store.Feed.Where(f => f.Saga == stream.Saga).OrderBy(f => f.Position).ToList();
        var published = feed.ToDictionary(f => f.Position);
        var seen = new HashSet<long>();
        // Changes passed over, with where: reported at the end unless they came later (then out of order instead).
        var skipped = new List<(FeedEntry Update, string At)>();
        long position = 0, version = 0;
        var name = $"stream {stream.Client} on {stream.Saga}";
        foreach (var (segment, frame) in stream.Segments.SelectMany(s => s.Frames.Select(f => (s, f))))
        {
            var at = $"{name} (connection to {segment.Node} from {segment.LastEventId?.ToString(CultureInfo.InvariantCulture) ?? "the start"}) at {Ms(frame.Received)}";
            CheckServedState(folds, stream.Saga, frame.State, null, null, $"{at}: position {frame.Position}", anomalies);
            if (frame.Current)
            {
                if (frame.Position < position || frame.Version < version)
                {
                    anomalies.Add(new Anomaly(AnomalyKind.StreamOutOfOrder,
                        $"{at}: a current state at position {frame.Position}, version {frame.Version} after position {position}, version {version}"));
                }

                (position, version) = (Math.Max(position, frame.Position), Math.Max(version, frame.Version));
                continue;
            }

            if (!seen.Add(frame.Position))
            {
                anomalies.Add(new Anomaly(AnomalyKind.StreamDuplicate, $"{at}: position {frame.Position} (version {frame.Version}) delivered again"));
                continue;
            }

            if (!published.TryGetValue(frame.Position, out var update) || update.Version != frame.Version)
            {
                anomalies.Add(new Anomaly(AnomalyKind.StreamPhantom,
                    $"{at}: position {frame.Position}, version {frame.Version}; the feed published {(update is null ? "nothing there for this saga" : $"version {update.Version} there")}"));
            }

            if (frame.Position <= position || frame.Version <= version)
            {
                anomalies.Add(new Anomaly(AnomalyKind.StreamOutOfOrder,
                    $"{at}: position {frame.Position}, version {frame.Version} after position {position}, version {version}"));
                continue;
            }

            skipped.AddRange(feed.Where(f => f.Position > position && f.Position < frame.Position && f.Version > version).Select(f => (f, at)));
            (position, version) = (frame.Position, frame.Version);
        }

        skipped.AddRange(feed.Where(f => f.Position > position && f.Version > version).Select(f => (f, $"{name} at its end")));
        foreach (var missed in skipped.Where(s => !seen.Contains(s.Update.Position)).GroupBy(s => s.At))
        {
            anomalies.Add(new Anomaly(AnomalyKind.StreamMissed,
                $"{missed.Key}: never received {missed.Count()} change(s) before it: {string.Join(", ", missed.Take(10).Select(m => $"{m.Update.Position} (v{m.Update.Version})"))}"));
        }
    }

    /// <summary>
    /// The domain's fold of a saga's events up to a version, as a client would read it (without the read-time
    /// fields), folded once for each question: many reads and frames name the same version.
    /// </summary>
    private sealed class Folds(StoreSnapshot store)
    {
        private readonly Dictionary<(string, long, DateTimeOffset?, DateTimeOffset?), JsonObject?> _folded = [];

        public JsonObject? Expected(string saga, long version, DateTimeOffset? asOf, DateTimeOffset? knownAt)
        {
            if (!_folded.TryGetValue((saga, version, asOf, knownAt), out var expected))
            {
                var entries = store.Events.GetValueOrDefault(saga) ?? [];
                var folded = SagaFold.Fold(entries.Where(e => e.Version <= version), asOf ?? DateTimeOffset.MaxValue, knownAt ?? DateTimeOffset.MaxValue);
                expected = folded is null
                    ? null
                    : Strip(JsonSerializer.SerializeToNode(SagaView.Of(folded, default, default), TimelineJson.Api)!.AsObject(), ReadTimeFields);
                _folded[(saga, version, asOf, knownAt)] = expected;
            }

            return expected;
        }
    }

    /// <summary>Removes <paramref name="fields"/> from a state parsed for the check alone, and returns it.</summary>
    private static JsonObject Strip(JsonObject state, IEnumerable<string> fields)
    {
        foreach (var field in fields)
        {
            state.Remove(field);
        }

        return state;
    }

    private static long VersionOf(JsonNode state) => state["version"]!.GetValue<long>();

    private static string Places(IEnumerable<ClaimPlacement> placements) =>
        placements.Any() ? string.Join(", ", placements.Select(p => $"{p.Saga}@{p.Version}")) : "nowhere";

    private static string Describe(WriteOperation write) =>
        $"report {write.ReportId} (client {write.Client} on {write.Node}, {Ms(write.Invoke)}..{Ms(write.Complete)})";

    private static string Describe(ReadOperation read)
    {
        var question = read.Historical
            ? $"?asOf={read.AsOf?.ToString("O", CultureInfo.InvariantCulture)}&knownAt={read.KnownAt?.ToString("O", CultureInfo.InvariantCulture)}"
            : "";
        return $"read of {read.Saga}{question} (client {read.Client} on {read.Node}, {Ms(read.Invoke)}..{Ms(read.Complete)})";
    }

    private static string Ms(TimeSpan at) => string.Create(CultureInfo.InvariantCulture, $"{at.TotalMilliseconds:0} ms");
}
