using System.Diagnostics.CodeAnalysis;

namespace Timeline.Domain;

/// <summary>
/// A saga as a client reads it: <c>GET /api/sagas/{slug}</c>, each live update's <c>state</c> and each webhook's
/// body (the README's walk-through shows it). The state's registers, where it was read in both clocks, and the
/// chain head at its version. Built in one place, <see cref="Of"/>; the stored <see cref="SagaState"/> knows none
/// of the read-time fields.
/// </summary>
public sealed record SagaView : SagaRegisters
{
    public SagaView()
    {
    }

    [SetsRequiredMembers]
    private SagaView(SagaRegisters registers) : base(registers)
    {
    }

    /// <summary>Valid time: claims published after this instant are not in the state.</summary>
    public DateTimeOffset AsOf { get; init; }

    /// <summary>Recorded time: claims recorded after this instant are not in the state.</summary>
    public DateTimeOffset KnownAt { get; init; }

    /// <summary>The saga stream version this state was folded from.</summary>
    public long Version { get; init; }

    /// <summary>
    /// The hash chain's value at <see cref="Version"/> (README, "Auditing a saga"): pin it, and a later
    /// verification shows whether anything recorded up to that version was changed since.
    /// </summary>
    public string? Head { get; init; }

    /// <summary>The view of <paramref name="state"/> read as of <paramref name="asOf"/>, as known at <paramref name="knownAt"/>.</summary>
    public static SagaView Of(SagaState state, DateTimeOffset asOf, DateTimeOffset knownAt, string? head = null) =>
        new(state) { AsOf = asOf, KnownAt = knownAt, Version = state.Version, Head = head };
}
