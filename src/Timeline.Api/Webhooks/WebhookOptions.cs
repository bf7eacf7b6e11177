namespace Timeline.Api.Webhooks;

/// <summary>Configuration section <c>Timeline:Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Timeline:Webhooks";

    /// <summary>
    /// Svix's schedule: after the first attempt (made at once), retries 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h after
    /// the attempt before, eight attempts over 27 h 35 min 5 s.
    /// </summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultRetrySchedule =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
    ];

    /// <summary>
    /// Allow receivers on loopback, private, link-local and other non-public addresses. Off by
    /// default (a guard against server-side request forgery); on in Development.
    /// </summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>How long one delivery attempt may take before it counts as a timeout.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The waits before each retry of a failed delivery, each counted from the attempt before it
    /// (<c>Timeline:Webhooks:RetrySchedule:0</c>, <c>:1</c>, ...); <see cref="DefaultRetrySchedule"/> when not configured.
    /// Null rather than the default here because the configuration binder appends to an array it finds.
    /// </summary>
    public TimeSpan[]? RetrySchedule { get; set; }

    /// <summary>The retry schedule in force.</summary>
    public IReadOnlyList<TimeSpan> Retries => RetrySchedule is { Length: > 0 } configured ? configured : DefaultRetrySchedule;

    /// <summary>Attempts one delivery gets before its subscription is paused: the first and one per retry.</summary>
    public int Attempts => Retries.Count + 1;

    /// <summary>After a secret rotation, how long the previous signing secret still signs beside the new one.</summary>
    public TimeSpan SecretOverlap { get; set; } = TimeSpan.FromHours(24);
}
