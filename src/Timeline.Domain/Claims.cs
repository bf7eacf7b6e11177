using System.Text.Json.Serialization;

namespace Timeline.Domain;

// Wire names are part of the public contract (product.md, "Claim vocabulary") and of the
// stored events: a C# member may be renamed, its JsonStringEnumMemberName may not.

[JsonConverter(typeof(JsonStringEnumConverter<InterestLevel>))]
public enum InterestLevel
{
    [JsonStringEnumMemberName("monitoring")] Monitoring,
    [JsonStringEnumMemberName("interested")] Interested,
    [JsonStringEnumMemberName("advanced")] Advanced,
    [JsonStringEnumMemberName("bid")] Bid,
    [JsonStringEnumMemberName("agreed")] Agreed,
    [JsonStringEnumMemberName("cooling")] Cooling,
    [JsonStringEnumMemberName("withdrawn")] Withdrawn,
}

[JsonConverter(typeof(JsonStringEnumConverter<OfferKind>))]
public enum OfferKind
{
    [JsonStringEnumMemberName("contract-extension")] ContractExtension,
    [JsonStringEnumMemberName("transfer-fee")] TransferFee,
}

[JsonConverter(typeof(JsonStringEnumConverter<OfferStatus>))]
public enum OfferStatus
{
    [JsonStringEnumMemberName("made")] Made,
    [JsonStringEnumMemberName("improved")] Improved,
    [JsonStringEnumMemberName("rejected")] Rejected,
    [JsonStringEnumMemberName("accepted")] Accepted,
    [JsonStringEnumMemberName("withdrawn")] Withdrawn,
}

[JsonConverter(typeof(JsonStringEnumConverter<PlayerStance>))]
public enum PlayerStance
{
    [JsonStringEnumMemberName("wants-to-stay")] WantsToStay,
    [JsonStringEnumMemberName("open-to-renewal")] OpenToRenewal,
    [JsonStringEnumMemberName("exploring-options")] ExploringOptions,
    [JsonStringEnumMemberName("wants-move")] WantsMove,
    [JsonStringEnumMemberName("agreed-terms")] AgreedTerms,
}

[JsonConverter(typeof(JsonStringEnumConverter<ClubStance>))]
public enum ClubStance
{
    [JsonStringEnumMemberName("wants-to-keep")] WantsToKeep,
    [JsonStringEnumMemberName("open-to-sale")] OpenToSale,
    [JsonStringEnumMemberName("seeking-replacement")] SeekingReplacement,
    [JsonStringEnumMemberName("not-pursuing")] NotPursuing,
}

[JsonConverter(typeof(JsonStringEnumConverter<ExpectedOutcome>))]
public enum ExpectedOutcome
{
    [JsonStringEnumMemberName("renewal")] Renewal,
    [JsonStringEnumMemberName("transfer")] Transfer,
    [JsonStringEnumMemberName("stay")] Stay,
}

[JsonConverter(typeof(JsonStringEnumConverter<OutcomeResult>))]
public enum OutcomeResult
{
    [JsonStringEnumMemberName("renewed")] Renewed,
    [JsonStringEnumMemberName("transferred")] Transferred,
    [JsonStringEnumMemberName("stayed")] Stayed,
    [JsonStringEnumMemberName("released")] Released,
}

[JsonConverter(typeof(JsonStringEnumConverter<SagaStatus>))]
public enum SagaStatus
{
    [JsonStringEnumMemberName("open")] Open,
    [JsonStringEnumMemberName("resolved")] Resolved,
}

/// <summary>One typed statement of a report about one saga. The JSON <c>type</c> names the kind.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(InterestClaim), ClaimTypes.Interest)]
[JsonDerivedType(typeof(OfferClaim), ClaimTypes.Offer)]
[JsonDerivedType(typeof(PlayerStanceClaim), ClaimTypes.PlayerStance)]
[JsonDerivedType(typeof(ClubStanceClaim), ClaimTypes.ClubStance)]
[JsonDerivedType(typeof(ExpectationClaim), ClaimTypes.Expectation)]
[JsonDerivedType(typeof(OutcomeClaim), ClaimTypes.Outcome)]
public abstract record Claim(string Saga)
{
    /// <summary>The JSON <c>type</c> of this claim.</summary>
    [JsonIgnore]
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
}
