namespace Timeline.Api.ChangeFeed;

/// <summary>
/// One change of a saga's state, as the change feed published it after the commit: what the SSE
/// streams push and the webhooks POST. <see cref="Id"/> is the global sequence of the event that
/// caused it: increasing, and what <c>Last-Event-ID</c> resumes from.
/// </summary>
public sealed record SagaUpdate
{
    /// <summary>The position in the feed: the global sequence of the causing event.</summary>
    public long Id { get; init; }

    public required string Saga { get; init; }

    /// <summary>The saga stream version after the change.</summary>
    public long Version { get; init; }

    /// <summary>The state right after the change (as of and known at the change's recorded time).</summary>
    public required SagaView State { get; init; }

    /// <summary>The state fields that differ from the state before (JSON names).</summary>
    public required IReadOnlyList<string> Changed { get; init; }

    public required UpdateCause Cause { get; init; }

    /// <summary>The W3C trace context of the request that recorded the cause, so pushes join its trace.</summary>
    public string? TraceParent { get; init; }
}

/// <summary>
/// The event behind an update and, for a claim or a retraction, the report it came from. A retraction
/// names the retracted report.
/// </summary>
public sealed record UpdateCause(
    string Event,
    string? ReportId,
    string? Reporter,
    string? Outlet,
    DateTimeOffset? PublishedAt,
    DateTimeOffset RecordedAt,
    string? RecordedBy,
    string? Reason = null);
