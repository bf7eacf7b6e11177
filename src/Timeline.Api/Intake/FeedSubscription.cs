using System.Text.Json.Serialization;

namespace Timeline.Api.Intake;

/// <summary>How a feed's polls are going.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FeedStatus>))]
public enum FeedStatus
{
    /// <summary>Not polled yet.</summary>
    [JsonStringEnumMemberName("pending"), WireName("pending")] Pending,

    /// <summary>The last poll read the feed (or heard it had not changed).</summary>
    [JsonStringEnumMemberName("ok"), WireName("ok")] Ok,

    /// <summary>The last poll failed; the feed is retried with back-off.</summary>
    [JsonStringEnumMemberName("failing"), WireName("failing")] Failing,
}

/// <summary>
/// A followed feed, with what its polls need to be good citizens (the validators of the last answer) and what
/// an editor needs to see (status, last error, next poll). <see cref="PollToken"/> names the one poll that is
/// due: a poll carrying another token was superseded (by "poll now", or by the feed's deletion) and does nothing.
/// </summary>
public sealed record FeedSubscription
{
    public Guid Id { get; init; }

    public required string Url { get; init; }

    public required string Outlet { get; init; }

    public string? Reporter { get; init; }

    public TimeSpan Interval { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public string? CreatedBy { get; init; }

    public FeedStatus Status { get; init; }

    public DateTimeOffset? LastPolledAt { get; init; }

    /// <summary>The HTTP status of the last answer, or null when there was none (a timeout, a refused connection).</summary>
    public int? LastStatusCode { get; init; }

    public string? LastError { get; init; }

    public int ConsecutiveFailures { get; init; }

    public DateTimeOffset? NextPollAt { get; init; }

    public int ArticlesReceived { get; init; }

    public string? ETag { get; init; }

    public string? LastModified { get; init; }

    public Guid PollToken { get; init; }
}
