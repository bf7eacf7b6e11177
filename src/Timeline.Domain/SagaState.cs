namespace Timeline.Domain;

/// <summary>
/// What was believed about one transfer saga: the shape of <c>GET /api/sagas/{slug}</c> (the README's walk-through shows it).
/// Every register remembers the claim that set it: <c>since</c> is that claim's publishedAt.
/// </summary>
public sealed record SagaState
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
}

public sealed record SuitorView(
    string Club, InterestLevel Interest, DateTimeOffset Since, string Reporter, string Outlet, string ReportId);

public sealed record PlayerStanceView(
    PlayerStance Stance, string? Club, string? From, DateTimeOffset Since, string Reporter, string Outlet,
    string ReportId);

public sealed record ClubStanceView(
    string Club, ClubStance Stance, DateTimeOffset Since, string Reporter, string Outlet, string ReportId);

public sealed record OfferView(
    string Club, OfferKind Kind, OfferStatus Status, decimal? Amount, string? Currency, DateTimeOffset Since,
    string Reporter, string Outlet, string ReportId);

public sealed record ExpectationView(
    string Reporter, string Outlet, ExpectedOutcome Outcome, string? Club, double? Confidence, DateTimeOffset At,
    string ReportId);

public sealed record OutcomeView(
    OutcomeResult Result, string? Club, decimal? Fee, DateTimeOffset At, string Reporter, string Outlet,
    string ReportId);
