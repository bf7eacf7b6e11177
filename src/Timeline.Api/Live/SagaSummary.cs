using Timeline.Api.ChangeFeed;

namespace Timeline.Api.Live;

/// <summary>
/// What a list of sagas shows of each (the home page's cards): the state's identity, status and suitors,
/// with the state's own field names. <c>GET /api/live?view=summary</c> carries it instead of the whole
/// state, a tenth of the bytes for a busy saga.
/// </summary>
public sealed record SagaSummary(
    string Slug,
    string? Player,
    string? CurrentClub,
    DateOnly? ContractExpires,
    SagaStatus Status,
    OutcomeView? Outcome,
    IReadOnlyList<SuitorView> Suitors,
    int Claims,
    DateTimeOffset? LastReportAt,
    long Version)
{
    public static SagaSummary Of(SagaView state) =>
        new(state.Slug, state.Player, state.CurrentClub, state.ContractExpires, state.Status, state.Outcome, state.Suitors,
            state.Claims, state.LastReportAt, state.Version);
}

/// <summary>A <see cref="LiveMessage"/> with the <see cref="SagaSummary"/> in place of the state.</summary>
public sealed record LiveSummaryMessage(
    long Position, string Saga, long Version, SagaSummary State, IReadOnlyList<string> Changed, UpdateCause? Cause)
{
    public static LiveSummaryMessage Of(LiveMessage message) =>
        new(message.Position, message.Saga, message.Version, SagaSummary.Of(message.State), message.Changed, message.Cause);
}
