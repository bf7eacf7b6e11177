using Timeline.Domain;

namespace Timeline.Reliability.Tests.Histories;

/// <summary>
/// How an operation ended, as Jepsen records it: <see cref="Ok"/> it happened, <see cref="Fail"/> it certainly
/// did not (the service refused it), <see cref="Info"/> nobody knows (no answer: a refused connection, a
/// reset, a timeout, a 5xx). Indeterminate operations are never taken as acknowledged.
/// </summary>
public enum Outcome
{
    Ok,
    Fail,
    Info,
}

/// <summary>
/// One operation of a history: who ran it against which node, and when it was invoked and completed, both
/// read from the one monotonic clock of the run.
/// </summary>
public abstract record Operation(int Client, string Node, TimeSpan Invoke, TimeSpan Complete, Outcome Outcome);

/// <summary>
/// <c>POST /api/reports</c>: the report's id, how many claims it carried and on which sagas, and, when
/// acknowledged, the saga versions its receipt gave.
/// </summary>
public sealed record WriteOperation(
    int Client, string Node, TimeSpan Invoke, TimeSpan Complete, Outcome Outcome,
    string ReportId, IReadOnlyList<string> Sagas, IReadOnlyList<ClaimPlacement> Receipt)
    : Operation(Client, Node, Invoke, Complete, Outcome);

/// <summary>
/// <c>GET /api/sagas/{slug}</c>, current (no parameters) or historical (<paramref name="AsOf"/>,
/// <paramref name="KnownAt"/>), with the body it answered when <see cref="Outcome.Ok"/>.
/// </summary>
public sealed record ReadOperation(
    int Client, string Node, TimeSpan Invoke, TimeSpan Complete, Outcome Outcome,
    string Saga, DateTimeOffset? AsOf, DateTimeOffset? KnownAt, string? Answer)
    : Operation(Client, Node, Invoke, Complete, Outcome)
{
    public bool Historical => AsOf is not null || KnownAt is not null;
}

/// <summary>
/// One client following a saga with Server-Sent Events over the whole run: one connection after another,
/// every one after the first opened with <c>Last-Event-ID</c> of the last event received.
/// </summary>
public sealed record StreamHistory(int Client, string Saga, IReadOnlyList<StreamSegment> Segments)
{
    public IEnumerable<StreamFrame> Frames => Segments.SelectMany(s => s.Frames);
}

/// <summary>One connection of a stream: where and when it was opened, from which id, what it received and why it ended.</summary>
public sealed record StreamSegment(string Node, TimeSpan Opened, long? LastEventId, IReadOnlyList<StreamFrame> Frames, string Ended);

/// <summary>
/// One <c>state</c> event: its id (the feed position), the saga version and state it carried, and whether it
/// was a current state (a stream's first, no cause) rather than a change.
/// </summary>
public sealed record StreamFrame(TimeSpan Received, long Position, long Version, bool Current, string State);

/// <summary>One update of the change feed, as stored: its position and the saga version it published.</summary>
public sealed record FeedEntry(long Position, string Saga, long Version);

/// <summary>
/// What the store held once the run was over: every saga's events (raw versions and the fold's entries),
/// its projected state, and the change feed's updates in position order.
/// </summary>
public sealed record StoreSnapshot(
    IReadOnlyDictionary<string, IReadOnlyList<long>> Versions,
    IReadOnlyDictionary<string, IReadOnlyList<SagaEntry>> Events,
    IReadOnlyDictionary<string, SagaState> Projected,
    IReadOnlyList<FeedEntry> Feed);

/// <summary>A recorded run: its operations, its streams, and the store afterwards.</summary>
public sealed record History(
    IReadOnlyList<WriteOperation> Writes, IReadOnlyList<ReadOperation> Reads, IReadOnlyList<StreamHistory> Streams);
