using Timeline.Api.ChangeFeed;

namespace Timeline.Api.Webhooks;

/// <summary>
/// Turns the change feed's updates into deliveries, inside the feed's transaction: the deliveries are
/// stored and the <see cref="DeliverWebhooks"/> messages ride Wolverine's durable outbox with the
/// checkpoint, so nothing is lost to a crash and nothing is queued twice.
/// </summary>
public sealed class WebhookFanOut : ISagaUpdateConsumer
{
    public async Task ConsumeAsync(
        IReadOnlyList<SagaUpdate> updates, IDocumentOperations operations, IMessageBus bus, CancellationToken ct)
    {
        var subscriptions = await ((IQuerySession)operations).Query<WebhookSubscription>().ToListAsync(ct);
        if (subscriptions.Count == 0)
        {
            return;
        }

        var bodies = new Dictionary<long, string>();
        foreach (var subscription in subscriptions)
        {
            var matching = updates.Where(subscription.Matches).ToList();
            if (matching.Count == 0)
            {
                continue;
            }

            operations.Store(matching.Select(update => new WebhookDelivery
            {
                Id = WebhookDelivery.IdFor(subscription.Id, update.Id),
                SubscriptionId = subscription.Id,
                Saga = update.Saga,
                Position = update.Id,
                Version = update.Version,
                Body = bodies.TryGetValue(update.Id, out var body) ? body : bodies[update.Id] = LiveMessage.Serialize(update),
                TraceParent = update.TraceParent,
            }).ToArray());

            if (subscription.Status == WebhookStatus.Active)
            {
                using var span = TimelineInstruments.StartFrom("queue webhook deliveries", matching[^1].TraceParent);
                await bus.PublishAsync(new DeliverWebhooks(subscription.Id));
            }
        }
    }
}
