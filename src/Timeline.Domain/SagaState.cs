namespace Timeline.Domain;

/// <summary>
/// What is believed about one transfer saga: the fold's registers, the write model and the stored document.
/// What a client reads is a <see cref="SagaView"/> of it, which adds where it was read.
/// </summary>
public sealed record SagaState : SagaRegisters
{
    /// <summary>The saga stream version this state was folded from.</summary>
    public long Version { get; init; }

    /// <summary>When the event at <see cref="Version"/> was recorded: with the version, what tells one history from another.</summary>
    public DateTimeOffset RecordedAt { get; init; }
}

/// <summary>
/// The registers of a saga, shared by its state and its view; in their JSON they come first, then what each
/// adds (the JSON at the edge orders them so). Every register remembers the claim that set it: <c>since</c> is
/// that claim's publishedAt.
/// </summary>
public abstract record SagaRegisters
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
