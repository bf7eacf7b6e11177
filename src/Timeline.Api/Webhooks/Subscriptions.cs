using System.Security.Claims;
using System.Security.Cryptography;
using Marten.Patching;

namespace Timeline.Api.Webhooks;

public sealed record SubscriptionInput(string? Url, string[]? Sagas, string[]? Clubs, string? Secret);

/// <summary>
/// A subscription as the API shows it. The secrets are only ever shown once: both in the answer to its creation,
/// the new signing secret in the answer to a rotation.
/// </summary>
public sealed record SubscriptionView(
    Guid Id,
    string Url,
    IReadOnlyList<string> Sagas,
    IReadOnlyList<string> Clubs,
    WebhookStatus Status,
    string? PausedReason,
    DateTimeOffset? PausedAt,
    int ConsecutiveFailures,
    DateTimeOffset CreatedAt,
    string? CreatedBy,
    string? Secret = null,
    string? SigningSecret = null,
    IReadOnlyList<SigningSecretView>? SigningSecrets = null)
{
    public static SubscriptionView From(WebhookSubscription s, bool withSecret = false, bool withSigningSecret = false) =>
        new(s.Id, s.Url, s.Sagas, s.Clubs, s.Status, s.PausedReason, s.PausedAt, s.ConsecutiveFailures, s.CreatedAt,
            s.CreatedBy, withSecret ? s.Secret : null, withSigningSecret ? s.SigningSecrets.LastOrDefault()?.Secret : null,
            s.SigningSecrets.Select(x => new SigningSecretView(x.CreatedAt, x.RetiresAt)).ToList());
}

/// <summary>A signing secret without the secret: when it was issued and when it stops signing (null: it is the newest).</summary>
public sealed record SigningSecretView(DateTimeOffset CreatedAt, DateTimeOffset? RetiresAt);

/// <summary>
/// <c>/api/subscriptions</c>: webhooks. Every saga change that matches a subscription is POSTed to its URL,
/// signed with its secret. Subscriptions hold URLs and secrets, so every call needs an API key, and a
/// subscription belongs to the key that made it: another key sees and changes it only with the admin scope.
/// </summary>
public static class Subscriptions
{
    private const int MinSecretLength = 16;
    private const int MaxSecretLength = 256;
    private const int MaxUrlLength = 2048;
    private const int MaxFilters = 100;

    [WolverinePost("/api/subscriptions", OperationId = "Subscribe")]
    [WriteAccess]
    [EndpointSummary("Subscribe a webhook to saga changes")]
    [EndpointDescription("201 with the subscription, its secret (generated when not given) and its signingSecret (always generated), both shown only here. sagas and clubs narrow what is sent; both empty means every change. Each change is POSTed as JSON {position, saga, version, state, changed, cause} signed twice: Standard Webhooks (webhook-id, the same on every retry; webhook-timestamp, the attempt's Unix seconds; webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body by the whsec_ signingSecret>), and X-Timeline-Signature: sha256=<hex HMAC-SHA256 of the body by the secret> with X-Timeline-Delivery (the same on every retry). Loopback and private addresses are refused unless Timeline:Webhooks:AllowPrivateTargets is set.")]
    [ProducesResponseType(typeof(SubscriptionView), StatusCodes.Status201Created)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Post(
        SubscriptionInput body, IDocumentSession session, ClaimsPrincipal user, IOptions<WebhookOptions> options,
        TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (body.Url is { Length: > MaxUrlLength })
        {
            errors.Add("url", $"must be at most {MaxUrlLength} characters.");
        }
        else if (await WebhookTargets.RefusalAsync(body.Url, options.Value.AllowPrivateTargets, ct) is { } refusal)
        {
            errors.Add("url", refusal);
        }

        var sagas = Clean(body.Sagas, "sagas", errors, StringComparer.Ordinal);
        var clubs = Clean(body.Clubs, "clubs", errors, StringComparer.OrdinalIgnoreCase);
        if (body.Secret is { } given && (given.Length < MinSecretLength || given.Length > MaxSecretLength || given.Any(char.IsControl)))
        {
            errors.Add("secret", $"must be {MinSecretLength} to {MaxSecretLength} characters without control characters; leave it out to have one generated.");
        }

        if (sagas.Count > 0 && !errors.Has("sagas"))
        {
            var known = await session.Query<SagaState>().Where(s => s.Slug.IsOneOf(sagas.ToArray())).Select(s => s.Slug).ToListAsync(ct);
            foreach (var unknown in sagas.Except(known, StringComparer.Ordinal))
            {
                errors.Add("sagas", $"There is no saga '{unknown}'.");
            }
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var subscription = new WebhookSubscription
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            Url = body.Url!,
            Sagas = sagas,
            Clubs = clubs,
            Secret = body.Secret ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            SigningSecrets = [SigningSecret.New(clock.GetUtcNow())],
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = user.KeyName(),
            StartsAfter = await LastSequenceAsync(session, ct),
        };
        session.Store(subscription);
        await session.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/subscriptions/{subscription.Id}", SubscriptionView.From(subscription, withSecret: true, withSigningSecret: true));
    }

    [WolverineGet("/api/subscriptions", OperationId = "ListSubscriptions")]
    [WriteAccess]
    [EndpointSummary("The caller's webhook subscriptions (every key's with the admin scope)")]
    public static async Task<IReadOnlyList<SubscriptionView>> List(IQuerySession session, ClaimsPrincipal user, CancellationToken ct)
    {
        IQueryable<WebhookSubscription> query = session.Query<WebhookSubscription>();
        if (!user.IsAdmin())
        {
            var key = user.KeyName();
            query = query.Where(s => s.CreatedBy == key);
        }

        return (await query.OrderBy(s => s.CreatedAt).ToListAsync(ct)).Select(s => SubscriptionView.From(s)).ToList();
    }

    [WolverineGet("/api/subscriptions/{id}", OperationId = "GetSubscription")]
    [WriteAccess]
    [EndpointSummary("A webhook subscription: its filters, status and, when paused, why")]
    [ProducesResponseType(typeof(SubscriptionView), StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid id, IQuerySession session, ClaimsPrincipal user, CancellationToken ct) =>
        await session.LoadAsync<WebhookSubscription>(id, ct) switch
        {
            null => NotFound(id),
            var s when !user.MayManage(s.CreatedBy) => NotYours(s),
            var s => TypedResults.Ok(SubscriptionView.From(s)),
        };

    [WolverineDelete("/api/subscriptions/{id}", OperationId = "Unsubscribe")]
    [WriteAccess]
    [EndpointSummary("Delete a webhook subscription and its queued deliveries")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public static async Task<IResult> Delete(Guid id, IDocumentSession session, ClaimsPrincipal user, CancellationToken ct)
    {
        switch (await session.LoadAsync<WebhookSubscription>(id, ct))
        {
            case null:
                return NotFound(id);
            case var other when !user.MayManage(other.CreatedBy):
                return NotYours(other);
        }

        session.Delete<WebhookSubscription>(id);
        session.DeleteWhere<WebhookDelivery>(d => d.SubscriptionId == id);
        await session.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    [WolverinePost("/api/subscriptions/{id}/secret", OperationId = "RotateSubscriptionSecret")]
    [WriteAccess]
    [EndpointSummary("Issue a new Standard Webhooks signing secret; the previous one keeps signing for the overlap")]
    [EndpointDescription("200 with the subscription and its new signingSecret (whsec_..., shown only here). Until Timeline:Webhooks:SecretOverlap (default 24 h) has passed, every delivery's webhook-signature carries a signature by each secret, space-separated, so a receiver can switch to the new secret at any moment within it. X-Timeline-Signature keeps its own secret.")]
    [ProducesResponseType(typeof(SubscriptionView), StatusCodes.Status200OK)]
    public static async Task<IResult> RotateSecret(
        Guid id, IDocumentSession session, ClaimsPrincipal user, IOptions<WebhookOptions> options, TimeProvider clock, CancellationToken ct)
    {
        if (await session.LoadAsync<WebhookSubscription>(id, ct) is not { } subscription)
        {
            return NotFound(id);
        }

        if (!user.MayManage(subscription.CreatedBy))
        {
            return NotYours(subscription);
        }

        var now = clock.GetUtcNow();
        var retiring = now + options.Value.SecretOverlap;
        subscription = subscription with
        {
            SigningSecrets =
            [
                .. subscription.SigningSecretsAt(now).Select(s => s with { RetiresAt = s.RetiresAt is { } end && end < retiring ? end : retiring }),
                SigningSecret.New(now),
            ],
        };
        session.Store(subscription);
        await session.SaveChangesAsync(ct);
        return TypedResults.Ok(SubscriptionView.From(subscription, withSigningSecret: true));
    }

    [WolverinePost("/api/subscriptions/{id}/resume", OperationId = "ResumeSubscription")]
    [WriteAccess]
    [EndpointSummary("Resume a paused subscription: what was queued meanwhile is delivered, in order")]
    [ProducesResponseType(typeof(SubscriptionView), StatusCodes.Status200OK)]
    public static async Task<IResult> Resume(Guid id, IDocumentSession session, IMessageBus bus, ClaimsPrincipal user, CancellationToken ct)
    {
        if (await session.LoadAsync<WebhookSubscription>(id, ct) is not { } subscription)
        {
            return NotFound(id);
        }

        if (!user.MayManage(subscription.CreatedBy))
        {
            return NotYours(subscription);
        }

        subscription = subscription with { Status = WebhookStatus.Active, PausedAt = null, PausedReason = null, ConsecutiveFailures = 0 };
        session.Store(subscription);
        // Only the head of the queue has been tried: it goes out now, with the whole retry schedule ahead of it again.
        var head = await session.Query<WebhookDelivery>()
            .Where(d => d.SubscriptionId == id && d.Status == DeliveryStatus.Pending)
            .OrderBy(d => d.Position)
            .FirstOrDefaultAsync(ct);
        if (head is not null)
        {
            session.Store(head.Requeued());
        }

        await bus.PublishAsync(new DeliverWebhooks(id));
        await session.SaveChangesAsync(ct);
        return TypedResults.Ok(SubscriptionView.From(subscription));
    }

    [WolverinePost("/api/subscriptions/{id}/deliveries/{deliveryId}/redeliver", OperationId = "RedeliverWebhook")]
    [WriteAccess]
    [EndpointSummary("Send one delivery again: the same change, body and webhook-id, signed anew")]
    [EndpointDescription("202 with the delivery, queued again with the whole retry schedule ahead of it, for a receiver that lost or mishandled it. It goes out in its place by feed position among the subscription's pending deliveries (before them when it is older), with the same webhook-id and X-Timeline-Delivery as before (receivers deduplicate on them) and a new webhook-timestamp and signature. 404 when the subscription has no such delivery; 409 while the subscription is paused (resume it first).")]
    [ProducesResponseType(typeof(DeliveryView), StatusCodes.Status202Accepted)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Redeliver(
        Guid id, string deliveryId, IDocumentSession session, IMessageBus bus, ClaimsPrincipal user, CancellationToken ct)
    {
        var (subscription, refusal) = await ActiveAsync(id, session, user, ct);
        if (subscription is null)
        {
            return refusal!;
        }

        if (await session.LoadAsync<WebhookDelivery>(deliveryId, ct) is not { } delivery || delivery.SubscriptionId != id)
        {
            return Problems.NotFound($"Subscription '{id}' has no delivery '{deliveryId}'.");
        }

        delivery = delivery.Requeued();
        session.Store(delivery);
        await bus.PublishAsync(new DeliverWebhooks(id));
        await session.SaveChangesAsync(ct);
        return TypedResults.Accepted($"/api/subscriptions/{id}/deliveries", DeliveryView.From(delivery));
    }

    [WolverinePost("/api/subscriptions/{id}/replay", OperationId = "ReplayWebhooks")]
    [WriteAccess]
    [EndpointSummary("Send every change from a feed position on again, in order, for a receiver that lost data")]
    [EndpointDescription("202 with how many deliveries were queued again. Every delivery of the subscription at fromPosition (a change's position, as in each delivery's body) or later goes out again in feed order, so each saga's changes arrive in order, with the webhook-id each had before (receivers deduplicate on it), signed anew, the whole retry schedule ahead of each. fromPosition must lie after the position the subscription was made at and at or before the feed's last change. 409 while the subscription is paused (resume it first).")]
    [ProducesResponseType(typeof(ReplayView), StatusCodes.Status202Accepted)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Replay(
        Guid id, ReplayInput body, IDocumentSession session, IMessageBus bus, ClaimsPrincipal user, CancellationToken ct)
    {
        var (subscription, refusal) = await ActiveAsync(id, session, user, ct);
        if (subscription is null)
        {
            return refusal!;
        }

        var last = await LastSequenceAsync(session, ct);
        if (body.FromPosition is not { } from)
        {
            return Problems.Validation("fromPosition", "is required: the feed position of the first change to send again.");
        }

        if (from <= subscription.StartsAfter)
        {
            return Problems.Validation("fromPosition", $"must be after {subscription.StartsAfter}, the feed position when the subscription was made: its first change can be at {subscription.StartsAfter + 1} at the earliest.");
        }

        if (from > last)
        {
            return Problems.Validation("fromPosition", $"must be at or before {last}, the feed's last change.");
        }

        var replayed = session.Query<WebhookDelivery>().Where(d => d.SubscriptionId == id && d.Position >= from);
        var count = await replayed.CountAsync(ct);
        var through = count == 0 ? (long?)null : await replayed.MaxAsync(d => d.Position, ct);
        session.Patch<WebhookDelivery>(d => d.SubscriptionId == id && d.Position >= from)
            .Set(d => d.Status, DeliveryStatus.Pending)
            .Set(d => d.Failures, 0)
            .Set(d => d.NextAttemptAt, null);
        await bus.PublishAsync(new DeliverWebhooks(id));
        await session.SaveChangesAsync(ct);
        return TypedResults.Accepted($"/api/subscriptions/{id}/deliveries", new ReplayView(from, count, through));
    }

    [WolverineGet("/api/subscriptions/{id}/deliveries", OperationId = "GetDeliveries")]
    [WriteAccess]
    [EndpointSummary("A subscription's deliveries, newest first, with every attempt")]
    [EndpointDescription("status (pending, delivered, rejected) narrows the list; limit 1-1000 (default 100). Each attempt has its time, the receiver's status code (null when there was no answer), the error and the duration.")]
    [ProducesResponseType(typeof(IReadOnlyList<DeliveryView>), StatusCodes.Status200OK)]
    public static async Task<IResult> Deliveries(
        Guid id, string? status, int? limit, IQuerySession session, ClaimsPrincipal user, CancellationToken ct)
    {
        switch (await session.LoadAsync<WebhookSubscription>(id, ct))
        {
            case null:
                return NotFound(id);
            case var other when !user.MayManage(other.CreatedBy):
                return NotYours(other);
        }

        var errors = new ValidationErrors();
        DeliveryStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (Vocabulary<DeliveryStatus>.TryParse(status, out var parsed))
            {
                wanted = parsed;
            }
            else
            {
                errors.Add("status", $"must be one of: {string.Join(", ", Vocabulary<DeliveryStatus>.Names)}.");
            }
        }

        if (limit is < 1 or > 1000)
        {
            errors.Add("limit", "must be between 1 and 1000.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var query = session.Query<WebhookDelivery>().Where(d => d.SubscriptionId == id);
        if (wanted is { } s)
        {
            query = query.Where(d => d.Status == s);
        }

        var deliveries = await query.OrderByDescending(d => d.Position).Take(limit ?? 100).ToListAsync(ct);
        return TypedResults.Ok(deliveries.Select(DeliveryView.From).ToList());
    }

    private static List<string> Clean(string[]? values, string field, ValidationErrors errors, StringComparer comparer)
    {
        var cleaned = (values ?? []).Select(v => v?.Trim() ?? "").ToList();
        if (cleaned.Any(string.IsNullOrEmpty))
        {
            errors.Add(field, "must not contain empty values.");
        }

        if (cleaned.Count > MaxFilters)
        {
            errors.Add(field, $"may list at most {MaxFilters} values.");
        }

        return cleaned.Where(v => v.Length > 0).Distinct(comparer).ToList();
    }

    private static async Task<long> LastSequenceAsync(IQuerySession session, CancellationToken ct) =>
        (await session.AdvancedSql.QueryAsync<long>(
            $"select coalesce(max(seq_id), 0) from {Store.Schema}.mt_events", ct)).Single();

    /// <summary>The caller's subscription when it is active; otherwise the problem to answer (404, 403, or 409 when paused).</summary>
    private static async Task<(WebhookSubscription? Subscription, IResult? Refusal)> ActiveAsync(
        Guid id, IQuerySession session, ClaimsPrincipal user, CancellationToken ct) =>
        await session.LoadAsync<WebhookSubscription>(id, ct) switch
        {
            null => (null, NotFound(id)),
            var s when !user.MayManage(s.CreatedBy) => (null, NotYours(s)),
            { Status: WebhookStatus.Paused } s => (null, Problems.Conflict(
                $"Subscription '{id}' is paused ({s.PausedReason}); resume it (POST /api/subscriptions/{id}/resume), which sends what is queued.")),
            var s => (s, null),
        };

    private static IResult NotFound(Guid id) => Problems.NotFound($"There is no subscription '{id}'.");

    private static IResult NotYours(WebhookSubscription subscription) => KeyScopes.Forbidden(
        $"Subscription '{subscription.Id}' belongs to the key '{subscription.CreatedBy}'; only that key or a key with the admin scope may see or change it.");
}

public sealed record ReplayInput(long? FromPosition);

/// <summary>What a replay queued: the deliveries from <paramref name="FromPosition"/> through <paramref name="ThroughPosition"/> (null when none).</summary>
public sealed record ReplayView(long FromPosition, int Deliveries, long? ThroughPosition);

public sealed record DeliveryView(
    string Id,
    string Saga,
    long Position,
    long Version,
    DeliveryStatus Status,
    int Attempts,
    int? LastStatusCode,
    string? LastError,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? DeliveredAt,
    IReadOnlyList<DeliveryAttempt> History)
{
    public static DeliveryView From(WebhookDelivery d) =>
        new(d.Id, d.Saga, d.Position, d.Version, d.Status, d.Attempts.Count, d.Attempts.LastOrDefault()?.StatusCode,
            d.Attempts.LastOrDefault()?.Error, d.NextAttemptAt, d.DeliveredAt, d.Attempts);
}
