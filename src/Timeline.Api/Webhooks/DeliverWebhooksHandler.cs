using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using StandardWebhooks;

namespace Timeline.Api.Webhooks;

/// <summary>
/// Wolverine handler of <see cref="DeliverWebhooks"/>: sends one subscription's pending deliveries in
/// feed order, one at a time, so each saga's changes arrive in order: a delivery waiting for a retry holds
/// back every later one of its subscription. A timeout, a refused connection, 408, 429 or 5xx is retried on
/// <see cref="WebhookOptions.Retries"/> (a durable scheduled message, so a restart loses nothing); when the
/// last attempt of the schedule fails too, the subscription is paused with the reason. A PostgreSQL advisory
/// lock per subscription makes one node at a time deliver, so each change is sent once however many nodes run.
/// </summary>
public sealed class DeliverWebhooksHandler(
    IDocumentStore store,
    NpgsqlDataSource dataSource,
    IHttpClientFactory clients,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<DeliverWebhooksHandler> logger)
{
    public const string HttpClientName = "webhooks";
    public const string SignatureHeader = "X-Timeline-Signature";
    public const string DeliveryHeader = "X-Timeline-Delivery";
    public const string WebhookIdHeader = "webhook-id";
    public const string WebhookTimestampHeader = "webhook-timestamp";
    public const string WebhookSignatureHeader = "webhook-signature";
    private const int Page = 50;

    public async Task Handle(DeliverWebhooks message, IMessageContext context, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var key = LockKey(message.SubscriptionId);
        if (!await TryLockAsync(connection, key, ct))
        {
            // Another node or handler is delivering; look again shortly in case it just finished.
            await context.ScheduleAsync(message, TimeSpan.FromSeconds(1));
            return;
        }

        try
        {
            // Scheduled by the wait rather than the instant: Wolverine fires on its own clock, and the wait is the same on both.
            if (await DrainAsync(message.SubscriptionId, ct) is { } at)
            {
                var wait = at - clock.GetUtcNow();
                await context.ScheduleAsync(message, wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
            }
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("select pg_advisory_unlock(@key)", connection);
            unlock.Parameters.AddWithValue("key", key);
            await unlock.ExecuteScalarAsync(CancellationToken.None);
        }
    }

    /// <summary>Sends what is due; returns when to try again, or null when the queue is empty or paused.</summary>
    private async Task<DateTimeOffset?> DrainAsync(Guid id, CancellationToken ct)
    {
        var settings = options.Value;
        while (true)
        {
            await using var session = store.LightweightSession();
            var subscription = await session.LoadAsync<WebhookSubscription>(id, ct);
            if (subscription is null || subscription.Status == WebhookStatus.Paused)
            {
                return null;
            }

            var pending = await session.Query<WebhookDelivery>()
                .Where(d => d.SubscriptionId == id && d.Status == DeliveryStatus.Pending)
                .OrderBy(d => d.Position)
                .Take(Page)
                .ToListAsync(ct);
            if (pending.Count == 0)
            {
                return null;
            }

            foreach (var delivery in pending)
            {
                var now = clock.GetUtcNow();
                if (delivery.NextAttemptAt is { } due && due > now)
                {
                    return due;
                }

                var attempt = await SendAsync(subscription, delivery, ct);
                var outcome = Classify(attempt);
                TimelineInstruments.WebhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString().ToLowerInvariant()));
                var attempts = delivery.Attempts.Append(attempt).ToList();
                if (outcome == Outcome.Delivered)
                {
                    session.Store(delivery with { Status = DeliveryStatus.Delivered, Attempts = attempts, DeliveredAt = attempt.At, NextAttemptAt = null });
                    subscription = subscription with { ConsecutiveFailures = 0 };
                    session.Store(subscription);
                    await session.SaveChangesAsync(ct);
                    continue;
                }

                var error = attempt.StatusCode is { } code ? $"HTTP {code}" : attempt.Error;
                subscription = subscription with { ConsecutiveFailures = subscription.ConsecutiveFailures + 1 };
                if (outcome == Outcome.Rejected)
                {
                    session.Store(subscription);
                    session.Store(delivery with { Status = DeliveryStatus.Rejected, Attempts = attempts, NextAttemptAt = null });
                    await session.SaveChangesAsync(ct);
                    continue;
                }

                var failures = delivery.Failures + 1;
                var exhausted = failures >= settings.Attempts;
                if (exhausted)
                {
                    subscription = subscription with
                    {
                        Status = WebhookStatus.Paused,
                        PausedAt = attempt.At,
                        PausedReason = $"Delivery {delivery.Id} failed all {failures} attempts of the retry schedule; the last got: {error}",
                    };
                    logger.LogWarning("Webhook subscription {Subscription} paused: {Reason}", id, subscription.PausedReason);
                }

                var retryAt = exhausted ? (DateTimeOffset?)null : attempt.At + settings.Retries[failures - 1];
                session.Store(subscription);
                session.Store(delivery with { Attempts = attempts, Failures = failures, NextAttemptAt = retryAt });
                await session.SaveChangesAsync(ct);
                return retryAt;
            }
        }
    }

    private async Task<DeliveryAttempt> SendAsync(WebhookSubscription subscription, WebhookDelivery delivery, CancellationToken ct)
    {
        using var span = TimelineInstruments.StartFrom("deliver webhook", delivery.TraceParent, ActivityKind.Producer);
        span?.SetTag("timeline.saga", delivery.Saga);
        span?.SetTag("timeline.webhook.delivery", delivery.Id);
        var started = clock.GetUtcNow();
        var stopwatch = Stopwatch.StartNew();
        var body = Encoding.UTF8.GetBytes(delivery.Body);
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") { CharSet = "utf-8" } } },
        };
        request.Headers.Add(SignatureHeader, Sign(body, subscription.Secret));
        request.Headers.Add(DeliveryHeader, delivery.Id);
        // Standard Webhooks: the id is the same on every retry (receivers deduplicate on it); the timestamp is this
        // attempt's, so a receiver refuses a captured request replayed later; each signing secret in use signs.
        request.Headers.Add(WebhookIdHeader, delivery.Id);
        request.Headers.Add(WebhookTimestampHeader, started.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        if (StandardSignatures(subscription, delivery.Id, started, delivery.Body) is { Length: > 0 } signatures)
        {
            request.Headers.Add(WebhookSignatureHeader, signatures);
        }
        request.Headers.UserAgent.ParseAdd("Timeline-Webhooks/1.0");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.Timeout);
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            span?.SetTag("http.response.status_code", (int)response.StatusCode);
            return new DeliveryAttempt(started, (int)response.StatusCode, null, stopwatch.Elapsed.TotalMilliseconds);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            span?.SetStatus(ActivityStatusCode.Error, "timeout");
            return new DeliveryAttempt(started, null, $"no answer within {options.Value.Timeout.TotalSeconds:0.#} s", stopwatch.Elapsed.TotalMilliseconds);
        }
        catch (HttpRequestException e)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.Message);
            return new DeliveryAttempt(started, null, e.Message, stopwatch.Elapsed.TotalMilliseconds);
        }
    }

    private enum Outcome
    {
        Delivered,
        Failed,
        Rejected,
    }

    private static Outcome Classify(DeliveryAttempt attempt) => attempt.StatusCode switch
    {
        null => Outcome.Failed,
        >= 200 and < 300 => Outcome.Delivered,
        408 or 429 or >= 500 => Outcome.Failed,
        _ => Outcome.Rejected,
    };

    /// <summary><c>sha256=</c> and the lowercase hex HMAC-SHA256 of the exact body bytes.</summary>
    public static string Sign(byte[] body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>
    /// <c>v1,</c> and the base64 HMAC-SHA256 of "id.timestamp.body" by each signing secret in use at
    /// <paramref name="at"/>, space-separated, as the Standard Webhooks specification has it (its .NET library signs).
    /// </summary>
    public static string StandardSignatures(WebhookSubscription subscription, string id, DateTimeOffset at, string body) =>
        string.Join(' ', subscription.SigningSecretsAt(at).Select(s => new StandardWebhook(s.Secret).Sign(id, at, body)));

    private static long LockKey(Guid subscription) => BitConverter.ToInt64(subscription.ToByteArray(), 0);

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, long key, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("select pg_try_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", key);
        return await command.ExecuteScalarAsync(ct) is true;
    }
}
