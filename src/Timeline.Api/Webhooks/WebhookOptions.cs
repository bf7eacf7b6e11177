namespace Timeline.Api.Webhooks;

/// <summary>Configuration section <c>Timeline:Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Timeline:Webhooks";

    /// <summary>
    /// Allow receivers on loopback, private, link-local and other non-public addresses. Off by
    /// default (a guard against server-side request forgery); on in Development.
    /// </summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>How long one delivery attempt may take before it counts as a timeout.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait after the first failed attempt; each further failure doubles it, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Failed attempts in a row (with back-off, about an hour by default) after which the subscription is paused.</summary>
    public int PauseAfterFailures { get; set; } = 15;

    /// <summary>After a secret rotation, how long the previous signing secret still signs beside the new one.</summary>
    public TimeSpan SecretOverlap { get; set; } = TimeSpan.FromHours(24);
}
