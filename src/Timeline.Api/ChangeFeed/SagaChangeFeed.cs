using System.Diagnostics;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Timeline.Api.Audit;
using Timeline.Api.Sagas;
using Wolverine.Marten.Subscriptions;

namespace Timeline.Api.ChangeFeed;

/// <summary>
/// The change feed: a Marten event subscription run by Wolverine (one node at a time, with a
/// checkpoint), so each saga event is seen once, in order, after its transaction committed. For
/// every event that changes a saga's state it stores a <see cref="SagaUpdate"/>, hands the batch to every
/// <see cref="ISagaUpdateConsumer"/> (webhooks queue their deliveries) and notifies every node's live feed
/// on <see cref="Channel"/>, all in the transaction that moves the checkpoint: a crash repeats a batch whole
/// or not at all. Live updates and webhooks plug into it; it knows neither.
/// </summary>
public sealed class SagaChangeFeed : BatchSubscription
{
    public const string Name = "saga-changes";

    /// <summary>The PostgreSQL channel that tells every node's live feed new updates were committed.</summary>
    public const string Channel = "timeline_saga_updates";

    private readonly IOptions<ChangeFeedOptions> _options;
    private readonly IReadOnlyList<ISagaUpdateConsumer> _consumers;
    private readonly TimeProvider _clock;
    private readonly SagaStateCache _states = new(capacity: 10_000);

    public SagaChangeFeed(IOptions<ChangeFeedOptions> options, IEnumerable<ISagaUpdateConsumer> consumers, TimeProvider clock)
        : base(Name)
    {
        _options = options;
        _consumers = consumers.ToList();
        _clock = clock;
        foreach (var type in EventNames.All.Keys.Where(t => t.IsAssignableTo(typeof(ISagaEvent))))
        {
            IncludeType(type);
        }

        Options.BatchSize = 500;
    }

    public override async Task ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, IMessageBus bus,
        CancellationToken cancellationToken)
    {
        var changes = new List<Change>();
        foreach (var saga in page.Events.Where(e => e.Data is ISagaEvent).GroupBy(e => e.StreamKey!))
        {
            changes.AddRange(await ChangesOfAsync(saga.Key, saga.OrderBy(e => e.Version).ToList(), operations, cancellationToken));
        }

        if (changes.Count == 0)
        {
            return;
        }

        // Each state as of and known at its change's recorded time; the chain links were committed with the
        // events, so each carries its head.
        var views = await operations.ViewsAsync(changes.Select(c => (c.State, c.Event.Timestamp, c.Event.Timestamp)).ToList(), cancellationToken);
        var updates = changes.Select((c, i) => new SagaUpdate
        {
            Id = c.Event.Sequence,
            Saga = c.State.Slug,
            Version = c.Event.Version,
            State = views[i],
            Changed = c.Changed,
            Cause = c.Cause,
            TraceParent = c.TraceParent,
        }).ToList();
        operations.Store(updates.ToArray());
        var horizon = updates[^1].Id - _options.Value.ReplayWindowEvents;
        if (horizon > 0)
        {
            operations.DeleteWhere<SagaUpdate>(u => u.Id <= horizon);
        }

        foreach (var consumer in _consumers)
        {
            await consumer.ConsumeAsync(updates, operations, bus, cancellationToken);
        }

        operations.QueueSqlCommand("select pg_notify(?, ?)", Channel, updates[^1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        TimelineInstruments.SagaUpdatesPublished.Add(updates.Count);
    }

    /// <summary>An event that changed its saga's state, with what changed and why.</summary>
    private sealed record Change(IEvent Event, SagaState State, IReadOnlyList<string> Changed, UpdateCause Cause, string? TraceParent);

    private async Task<IReadOnlyList<Change>> ChangesOfAsync(
        string slug, IReadOnlyList<IEvent> events, IDocumentOperations operations, CancellationToken ct)
    {
        var first = events[0].Version;
        var needsHistory = events.Any(e => SagaFold.NeedsRefold((ISagaEvent)e.Data));
        List<SagaEntry>? history = null;
        if (needsHistory || !_states.TryGet(slug, first - 1, out var before))
        {
            var stored = await operations.Events.FetchStreamAsync(slug, version: first - 1, token: ct);
            history = SagaHistory.Entries(stored).ToList();
            before = history.Count == 0 ? null : SagaFold.Fold(history, DateTimeOffset.MaxValue, DateTimeOffset.MaxValue);
        }

        var changes = new List<Change>();
        foreach (var e in events)
        {
            using var span = TimelineInstruments.StartFrom("publish saga update", TraceParentOf(e));
            var entry = SagaHistory.ToEntry(e)!.Value;
            history?.Add(entry);
            var after = SagaFold.NeedsRefold(entry.Event)
                ? SagaFold.Fold(history!, DateTimeOffset.MaxValue, DateTimeOffset.MaxValue)
                : SagaFold.Evolve(before, entry);
            if (after is null)
            {
                continue;
            }

            var changed = SagaChanges.Between(before, after);
            if (changed.Count > 0)
            {
                span?.SetTag("timeline.saga", slug);
                span?.SetTag("timeline.saga.version", e.Version);
                changes.Add(new Change(e, after, changed, CauseOf(e, history), span?.Id ?? TraceParentOf(e)));
                TimelineInstruments.ChangeFeedLag.Record((_clock.GetUtcNow() - e.Timestamp).TotalSeconds);
            }

            before = after;
        }

        if (before is not null)
        {
            _states.Set(slug, before);
        }

        return changes;
    }

    private static UpdateCause CauseOf(IEvent e, IReadOnlyList<SagaEntry>? history)
    {
        var name = e.EventTypeName;
        switch (e.Data)
        {
            case IClaimReported claim:
                return new UpdateCause(name, claim.Source.ReportId, claim.Source.Reporter, claim.Source.Outlet,
                    claim.Source.PublishedAt, e.Timestamp, e.UserName);
            case ClaimsRetracted retraction:
                var source = history?.Select(h => h.Event).OfType<IClaimReported>()
                    .Select(c => c.Source).FirstOrDefault(s => s.ReportId == retraction.ReportId);
                return new UpdateCause(name, retraction.ReportId, source?.Reporter, source?.Outlet, source?.PublishedAt,
                    e.Timestamp, e.UserName, retraction.Reason);
            default:
                return new UpdateCause(name, null, null, null, null, e.Timestamp, e.UserName);
        }
    }

    private static string? TraceParentOf(IEvent e) =>
        e.Headers?.TryGetValue(TimelineInstruments.TraceParentHeader, out var value) == true
            ? value switch
            {
                string s => s,
                JsonElement { ValueKind: JsonValueKind.String } json => json.GetString(),
                _ => value?.ToString(),
            }
            : null;

    /// <summary>
    /// The state each saga was left in by the last batch, so a busy saga is not re-read from the
    /// start for every batch. Keyed by version: a stale entry is never used, only missed.
    /// </summary>
    private sealed class SagaStateCache(int capacity)
    {
        private readonly Dictionary<string, SagaState> _states = new(StringComparer.Ordinal);
        private readonly Lock _gate = new();

        public bool TryGet(string slug, long version, out SagaState? state)
        {
            lock (_gate)
            {
                if (version == 0)
                {
                    state = null;
                    return true;
                }

                state = _states.GetValueOrDefault(slug);
                return state is not null && state.Version == version;
            }
        }

        public void Set(string slug, SagaState state)
        {
            lock (_gate)
            {
                if (_states.Count >= capacity && !_states.ContainsKey(slug))
                {
                    _states.Clear();
                }

                _states[slug] = state;
            }
        }
    }
}
