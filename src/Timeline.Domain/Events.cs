namespace Timeline.Domain;

// Events are past-tense facts. Their stored type names are fixed in EventNames and mapped
// explicitly, so a C# rename never orphans stored data.

/// <summary>Marker for the events of a saga stream (stream key = saga slug).</summary>
public interface ISagaEvent;

public sealed record SagaOpened(string Slug, string Player, string? CurrentClub, DateOnly? ContractExpires)
    : ISagaEvent;

public sealed record SagaDetailsChanged(string Slug, string Player, string? CurrentClub, DateOnly? ContractExpires)
    : ISagaEvent;

/// <summary>Who said it, where and when (valid time): the provenance every claim event carries.</summary>
public sealed record ClaimSource(
    string ReportId,
    string Reporter,
    string Outlet,
    DateTimeOffset PublishedAt,
    string? Url = null,
    string? Quote = null);

/// <summary>A claim appended to a saga stream, with the provenance of the report that carried it.</summary>
public interface IClaimReported : ISagaEvent
{
    ClaimSource Source { get; }
    Claim Claim { get; }
}

/// <summary>A claim event of one claim type: its <see cref="Claim"/> is typed, and is the event's claim.</summary>
public interface IClaimReported<out TClaim> : IClaimReported
    where TClaim : Claim
{
    new TClaim Claim { get; }

    Claim IClaimReported.Claim => Claim;
}

public sealed record InterestReported(ClaimSource Source, InterestClaim Claim) : IClaimReported<InterestClaim>;
public sealed record OfferReported(ClaimSource Source, OfferClaim Claim) : IClaimReported<OfferClaim>;
public sealed record PlayerStanceReported(ClaimSource Source, PlayerStanceClaim Claim) : IClaimReported<PlayerStanceClaim>;
public sealed record ClubStanceReported(ClaimSource Source, ClubStanceClaim Claim) : IClaimReported<ClubStanceClaim>;
public sealed record ExpectationReported(ClaimSource Source, ExpectationClaim Claim) : IClaimReported<ExpectationClaim>;
public sealed record OutcomeReported(ClaimSource Source, OutcomeClaim Claim) : IClaimReported<OutcomeClaim>;

public static class ClaimReported
{
    public static IClaimReported For(ClaimSource source, Claim claim) => claim switch
    {
        InterestClaim c => new InterestReported(source, c),
        OfferClaim c => new OfferReported(source, c),
        PlayerStanceClaim c => new PlayerStanceReported(source, c),
        ClubStanceClaim c => new ClubStanceReported(source, c),
        ExpectationClaim c => new ExpectationReported(source, c),
        OutcomeClaim c => new OutcomeReported(source, c),
        _ => throw new ArgumentOutOfRangeException(nameof(claim), claim.GetType().Name, "Unknown claim type."),
    };
}

/// <summary>Where one claim of a report landed: the saga stream and the version it got there.</summary>
public sealed record ClaimPlacement(string Saga, long Version);

/// <summary>
/// The report as it was recorded, once, in its own stream (stream key = <see cref="ReportStreams.Key"/>).
/// <see cref="ContentHash"/> identifies the content for idempotent repeats.
/// </summary>
public sealed record ReportRecorded(
    string ReportId,
    string Reporter,
    string Outlet,
    DateTimeOffset PublishedAt,
    string? Url,
    string? Quote,
    string RecordedBy,
    IReadOnlyList<Claim> Claims,
    IReadOnlyList<ClaimPlacement> Events,
    string ContentHash,
    string? ArticleId = null)
{
    /// <summary>The provenance the report's claims carry.</summary>
    public ClaimSource Source() => new(ReportId, Reporter, Outlet, PublishedAt, Url, Quote);
}

/// <summary>
/// A report withdrawn, recorded in the report's own stream with the saga versions of its
/// <see cref="ClaimsRetracted"/> counterparts; nothing is deleted.
/// </summary>
public sealed record ReportRetracted(string ReportId, string Reason, string RetractedBy, IReadOnlyList<ClaimPlacement> Events);

/// <summary>
/// The saga-stream side of a retraction: appended to every saga the report touched, in the same
/// transaction as <see cref="ReportRetracted"/>, so each saga's fold sees it from its recorded time on.
/// </summary>
public sealed record ClaimsRetracted(string ReportId, string Reason, string RetractedBy) : ISagaEvent;

public static class ReportStreams
{
    // ':' never occurs in a saga slug, so report streams and saga streams cannot collide.
    public const string Prefix = "report:";

    public static string Key(string reportId) => Prefix + reportId;
}

/// <summary>The stored event type names. Changing one of these strings orphans stored events.</summary>
public static class EventNames
{
    public static readonly IReadOnlyDictionary<Type, string> All = new Dictionary<Type, string>
    {
        [typeof(SagaOpened)] = "saga_opened",
        [typeof(SagaDetailsChanged)] = "saga_details_changed",
        [typeof(InterestReported)] = "interest_reported",
        [typeof(OfferReported)] = "offer_reported",
        [typeof(PlayerStanceReported)] = "player_stance_reported",
        [typeof(ClubStanceReported)] = "club_stance_reported",
        [typeof(ExpectationReported)] = "expectation_reported",
        [typeof(OutcomeReported)] = "outcome_reported",
        [typeof(ReportRecorded)] = "report_recorded",
        [typeof(ReportRetracted)] = "report_retracted",
        [typeof(ClaimsRetracted)] = "claims_retracted",
        [typeof(ArticleReceived)] = "article_received",
        [typeof(ArticleDismissed)] = "article_dismissed",
        [typeof(ArticleRecorded)] = "article_recorded",
        [typeof(KeyCreated)] = "key_created",
        [typeof(KeyRevoked)] = "key_revoked",
    };

    /// <summary>The stored name of event type <typeparamref name="TEvent"/>.</summary>
    public static string Of<TEvent>() where TEvent : notnull => All[typeof(TEvent)];
}
