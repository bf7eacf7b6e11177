namespace Timeline.Api.ChangeFeed;

/// <summary>
/// What a capability does with each batch of saga updates (webhooks queue their deliveries), inside the change
/// feed's transaction: what it stores and the messages it sends commit with the feed's checkpoint, so a crash
/// repeats the batch whole or not at all. Registered as a singleton service.
/// </summary>
public interface ISagaUpdateConsumer
{
    Task ConsumeAsync(IReadOnlyList<SagaUpdate> updates, IDocumentOperations operations, IMessageBus bus, CancellationToken ct);
}
