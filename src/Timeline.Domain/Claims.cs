namespace Timeline.Domain;

// Wire names are part of the public contract (the claim vocabulary of the public contract the README names) and of the
// stored events: a C# member may be renamed, its WireName may not.

public enum InterestLevel
{
    [WireName("monitoring")] Monitoring,
    [WireName("interested")] Interested,
    [WireName("advanced")] Advanced,
    [WireName("bid")] Bid,
    [WireName("agreed")] Agreed,
    [WireName("cooling")] Cooling,
    [WireName("withdrawn")] Withdrawn,
}

public enum OfferKind
{
    [WireName("contract-extension")] ContractExtension,
    [WireName("transfer-fee")] TransferFee,
}

public enum OfferStatus
{
    [WireName("made")] Made,
    [WireName("improved")] Improved,
    [WireName("rejected")] Rejected,
    [WireName("accepted")] Accepted,
    [WireName("withdrawn")] Withdrawn,
}

public enum PlayerStance
{
    [WireName("wants-to-stay")] WantsToStay,
    [WireName("open-to-renewal")] OpenToRenewal,
    [WireName("exploring-options")] ExploringOptions,
    [WireName("wants-move")] WantsMove,
    [WireName("agreed-terms")] AgreedTerms,
}

public enum ClubStance
{
    [WireName("wants-to-keep")] WantsToKeep,
    [WireName("open-to-sale")] OpenToSale,
    [WireName("seeking-replacement")] SeekingReplacement,
    [WireName("not-pursuing")] NotPursuing,
}

public enum ExpectedOutcome
{
    [WireName("renewal")] Renewal,
    [WireName("transfer")] Transfer,
    [WireName("stay")] Stay,
}

public enum OutcomeResult
{
    [WireName("renewed")] Renewed,
    [WireName("transferred")] Transferred,
    [WireName("stayed")] Stayed,
    [WireName("released")] Released,
}

public enum SagaStatus
{
    [WireName("open")] Open,
    [WireName("resolved")] Resolved,
}

/// <summary>
/// One typed statement of a report about one saga. The JSON <c>type</c> names the kind (<see cref="ClaimTypes"/>;
/// the JSON at the edge reads the kinds from <see cref="ClaimTypes.Kinds"/>).
/// </summary>
public abstract record Claim(string Saga)
{
    /// <summary>The JSON <c>type</c> of this claim (written by the JSON as the kind, not as a field of its own).</summary>
    public string Type => this switch
    {
        InterestClaim => ClaimTypes.Interest,
        OfferClaim => ClaimTypes.Offer,
        PlayerStanceClaim => ClaimTypes.PlayerStance,
        ClubStanceClaim => ClaimTypes.ClubStance,
        ExpectationClaim => ClaimTypes.Expectation,
        OutcomeClaim => ClaimTypes.Outcome,
        _ => throw new InvalidOperationException($"{GetType().Name} is not a claim type."),
    };
}

public sealed record InterestClaim(string Saga, string Club, InterestLevel Level) : Claim(Saga);

public sealed record OfferClaim(
    string Saga, string Club, OfferKind Kind, OfferStatus Status, decimal? Amount = null, string? Currency = null)
    : Claim(Saga);

public sealed record PlayerStanceClaim(string Saga, PlayerStance Stance, string? Club = null, string? From = null)
    : Claim(Saga);

public sealed record ClubStanceClaim(string Saga, string Club, ClubStance Stance) : Claim(Saga);

public sealed record ExpectationClaim(
    string Saga, ExpectedOutcome Outcome, string? Club = null, double? Confidence = null) : Claim(Saga);

public sealed record OutcomeClaim(string Saga, OutcomeResult Result, string? Club = null, decimal? Fee = null)
    : Claim(Saga);

public static class ClaimTypes
{
    public const string Interest = "interest";
    public const string Offer = "offer";
    public const string PlayerStance = "player-stance";
    public const string ClubStance = "club-stance";
    public const string Expectation = "expectation";
    public const string Outcome = "outcome";

    public static readonly IReadOnlyList<string> All =
        [Interest, Offer, PlayerStance, ClubStance, Expectation, Outcome];

    /// <summary>Each kind of claim with its type name.</summary>
    public static readonly IReadOnlyList<(Type Kind, string Name)> Kinds =
    [
        (typeof(InterestClaim), Interest),
        (typeof(OfferClaim), Offer),
        (typeof(PlayerStanceClaim), PlayerStance),
        (typeof(ClubStanceClaim), ClubStance),
        (typeof(ExpectationClaim), Expectation),
        (typeof(OutcomeClaim), Outcome),
    ];
}
