namespace Timeline.Api.ChangeFeed;

/// <summary>
/// A saga change as clients receive it, the <c>data</c> of a <c>state</c> event and the body of a
/// webhook: <c>{position, saga, version, state, changed, cause}</c>. The first event of a stream carries
/// the current state with an empty <c>changed</c> and no <c>cause</c>.
/// </summary>
public sealed record LiveMessage(
    long Position, string Saga, long Version, SagaView State, IReadOnlyList<string> Changed, UpdateCause? Cause)
{
    public static LiveMessage From(SagaUpdate update) =>
        new(update.Id, update.Saga, update.Version, update.State, update.Changed, update.Cause);

    public static LiveMessage Current(long position, SagaView state) =>
        new(position, state.Slug, state.Version, state, [], null);

    public static string Serialize(SagaUpdate update) => Serialize(From(update));

    public static string Serialize(LiveMessage message) => JsonSerializer.Serialize(message, TimelineJson.Api);
}
