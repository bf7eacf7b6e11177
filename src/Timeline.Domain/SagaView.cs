namespace Timeline.Domain;

/// <summary>
/// A saga as a client reads it: <c>GET /api/sagas/{slug}</c>, each live update's <c>state</c> and each webhook's
/// body (the README's walk-through shows it). The state's registers, where it was read in both clocks, and the
/// chain head at its version. Built in one place, <see cref="Of"/>; the stored <see cref="SagaState"/> knows none
/// of the read-time fields.
/// </summary>
public sealed record SagaView : ISagaRegisters
{
    public required string Slug { get; init; }
    public string? Player { get; init; }
    public string? CurrentClub { get; init; }
    public DateOnly? ContractExpires { get; init; }
    public SagaStatus Status { get; init; } = SagaStatus.Open;
    public OutcomeView? Outcome { get; init; }
    public IReadOnlyList<SuitorView> Suitors { get; init; } = [];
    public PlayerStanceView? PlayerStance { get; init; }
    public IReadOnlyList<ClubStanceView> ClubStances { get; init; } = [];
    public IReadOnlyList<OfferView> Offers { get; init; } = [];
    public IReadOnlyList<ExpectationView> Expectations { get; init; } = [];

    /// <summary>How many claims were folded into this state.</summary>
    public int Claims { get; init; }

    /// <summary>The latest publishedAt among the folded claims.</summary>
    public DateTimeOffset? LastReportAt { get; init; }

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
    public static SagaView Of(SagaState state, DateTimeOffset asOf, DateTimeOffset knownAt, string? head = null) => new()
    {
        Slug = state.Slug,
        Player = state.Player,
        CurrentClub = state.CurrentClub,
        ContractExpires = state.ContractExpires,
        Status = state.Status,
        Outcome = state.Outcome,
        Suitors = state.Suitors,
        PlayerStance = state.PlayerStance,
        ClubStances = state.ClubStances,
        Offers = state.Offers,
        Expectations = state.Expectations,
        Claims = state.Claims,
        LastReportAt = state.LastReportAt,
        AsOf = asOf,
        KnownAt = knownAt,
        Version = state.Version,
        Head = head,
    };
}

/// <summary>The registers a state and its view share: whom the saga concerns (<see cref="SagaChanges.Involves"/>).</summary>
public interface ISagaRegisters
{
    string? CurrentClub { get; }
    OutcomeView? Outcome { get; }
    IReadOnlyList<SuitorView> Suitors { get; }
    PlayerStanceView? PlayerStance { get; }
    IReadOnlyList<ClubStanceView> ClubStances { get; }
    IReadOnlyList<OfferView> Offers { get; }
    IReadOnlyList<ExpectationView> Expectations { get; }
}
