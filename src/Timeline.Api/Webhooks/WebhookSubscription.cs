using System.Text.Json.Serialization;
using Timeline.Api.ChangeFeed;

namespace Timeline.Api.Webhooks;

[JsonConverter(typeof(JsonStringEnumConverter<WebhookStatus>))]
public enum WebhookStatus
{
    /// <summary>Changes are delivered as they come.</summary>
    [JsonStringEnumMemberName("active"), WireName("active")] Active,

    /// <summary>A delivery failed every attempt of the retry schedule; changes are still queued and go out once the subscription is resumed.</summary>
    [JsonStringEnumMemberName("paused"), WireName("paused")] Paused,
}

/// <summary>A receiver of saga changes: every matching change is POSTed to <see cref="Url"/>, signed with <see cref="Secret"/>.</summary>
public sealed record WebhookSubscription
{
    public Guid Id { get; init; }
    public required string Url { get; init; }

    /// <summary>Only these sagas (slugs); all when empty.</summary>
    public IReadOnlyList<string> Sagas { get; init; } = [];

    /// <summary>Only sagas that involve one of these clubs; any when empty.</summary>
    public IReadOnlyList<string> Clubs { get; init; } = [];

    /// <summary>The HMAC-SHA256 key of <c>X-Timeline-Signature</c>.</summary>
    public required string Secret { get; init; }

    /// <summary>
    /// The Standard Webhooks secrets (<c>whsec_</c> and base64) of <c>webhook-signature</c>: the newest, and any
    /// earlier one still inside its overlap after a rotation. Every secret in use signs each delivery.
    /// </summary>
    public IReadOnlyList<SigningSecret> SigningSecrets { get; init; } = [];

    /// <summary>The signing secrets to sign with at <paramref name="now"/>.</summary>
    public IEnumerable<SigningSecret> SigningSecretsAt(DateTimeOffset now) => SigningSecrets.Where(s => s.RetiresAt is not { } end || end > now);

    public DateTimeOffset CreatedAt { get; init; }
    public string? CreatedBy { get; init; }
    public WebhookStatus Status { get; init; } = WebhookStatus.Active;

    /// <summary>Why delivery was paused: the failures and the last error.</summary>
    public string? PausedReason { get; init; }

    public DateTimeOffset? PausedAt { get; init; }

    /// <summary>Failed attempts (retried or rejected) since the last successful delivery.</summary>
    public int ConsecutiveFailures { get; init; }

    /// <summary>The last event sequence committed when the subscription was made: it receives the changes after it.</summary>
    public long StartsAfter { get; init; }

    public bool Matches(SagaUpdate update) =>
        update.Id > StartsAfter
        && (Sagas.Count == 0 || Sagas.Contains(update.Saga, StringComparer.Ordinal))
        && (Clubs.Count == 0 || Clubs.Any(club => SagaChanges.Involves(update.State, club)));
}

[JsonConverter(typeof(JsonStringEnumConverter<DeliveryStatus>))]
public enum DeliveryStatus
{
    /// <summary>Not delivered yet: waiting for its turn or for the next retry.</summary>
    [JsonStringEnumMemberName("pending"), WireName("pending")] Pending,

    /// <summary>The receiver answered 2xx.</summary>
    [JsonStringEnumMemberName("delivered"), WireName("delivered")] Delivered,

    /// <summary>The receiver answered 4xx (other than 408 and 429): retrying cannot help, so it was not retried.</summary>
    [JsonStringEnumMemberName("rejected"), WireName("rejected")] Rejected,
}

/// <summary>One change on its way to one subscription, with every attempt made.</summary>
public sealed record WebhookDelivery
{
    /// <summary>Also the <c>X-Timeline-Delivery</c> header: the same for every retry of this change to this subscription.</summary>
    public required string Id { get; init; }

    public Guid SubscriptionId { get; init; }
    public required string Saga { get; init; }

    /// <summary>The change's feed position: deliveries go out in this order.</summary>
    public long Position { get; init; }

    public long Version { get; init; }

    /// <summary>The exact bytes (UTF-8) that are POSTed and signed.</summary>
    public required string Body { get; init; }

    public DeliveryStatus Status { get; init; } = DeliveryStatus.Pending;
    public IReadOnlyList<DeliveryAttempt> Attempts { get; init; } = [];

    /// <summary>
    /// Failed attempts since it was last queued (by the change, a redelivery, a replay or a resume): its place in the
    /// retry schedule. <see cref="Attempts"/> keeps every attempt ever made.
    /// </summary>
    public int Failures { get; init; }

    public DateTimeOffset? NextAttemptAt { get; init; }
    public DateTimeOffset? DeliveredAt { get; init; }
    public string? TraceParent { get; init; }

    /// <summary>The subscription id as the API shows it (with dashes), then the change's feed position.</summary>
    public static string IdFor(Guid subscription, long position) => $"{subscription:D}-{position}";

    /// <summary>Queued again from the start of the retry schedule, due at once; its id, body and past attempts stay.</summary>
    public WebhookDelivery Requeued() => this with { Status = DeliveryStatus.Pending, Failures = 0, NextAttemptAt = null };
}

/// <summary>A Standard Webhooks secret and when it stops signing (null: while it is the newest).</summary>
public sealed record SigningSecret(string Secret, DateTimeOffset CreatedAt, DateTimeOffset? RetiresAt = null)
{
    /// <summary>A new secret: <c>whsec_</c> and 32 random bytes in base64, as the specification's libraries read it.</summary>
    public static SigningSecret New(DateTimeOffset now) => new("whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), now);
}

/// <param name="StatusCode">The receiver's HTTP status, or null when there was no answer (timeout, refused connection).</param>
public sealed record DeliveryAttempt(DateTimeOffset At, int? StatusCode, string? Error, double DurationMs);

/// <summary>Wolverine message: deliver what is pending for one subscription, in order.</summary>
public sealed record DeliverWebhooks(Guid SubscriptionId);
