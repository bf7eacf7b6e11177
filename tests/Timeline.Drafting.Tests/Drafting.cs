using System.Text.Json;
using System.Text.Json.Nodes;
using Timeline.Domain;

namespace Timeline.Drafting.Tests;

/// <summary>Helpers: draft a text, and read claims back as the scorer's JSON or as short strings.</summary>
public static class Drafting
{
    public static readonly DateTimeOffset November30 = new(2025, 11, 30, 10, 0, 0, TimeSpan.Zero);

    /// <summary>The player most examples are about.</summary>
    public static readonly KnownSaga Konate = new("ibrahima-konate", "Ibrahima Konaté", "Liverpool");

    private static readonly JsonSerializerOptions Json = Timeline.Domain.Json.DomainJson.Web;

    public static DraftResult Draft(string text, string? outlet = "Test Daily", string? reporter = "Ann Writer", DateTimeOffset? publishedAt = null, params KnownSaga[] sagas) =>
        Drafter.Draft(new Article(text, publishedAt ?? November30, outlet, reporter), new StoreKnowledge(sagas, []));

    /// <summary>A saga in the store for <paramref name="player"/> at <paramref name="club"/>, under the slug the drafter suggests for his name.</summary>
    private static KnownSaga Saga(string player, string club) => new(Slugs.Of(player), player, club);

    /// <summary>The claims drafted from <paramref name="text"/> with the saga of <paramref name="player"/> at <paramref name="club"/> in the store.</summary>
    public static List<string> ClaimsAbout(string player, string club, string text) => Draft(text, sagas: Saga(player, club)).Claims();

    public static JsonObject ToJson(Claim claim) => LabelledArticle.ToJson(claim);

    /// <summary>"saga type club value" per claim, e.g. "x interest Chelsea monitoring".</summary>
    public static List<string> Claims(this DraftResult result) =>
        result.Drafts.SelectMany(d => d.Report.Claims).Select(Short).ToList();

    public static string Short(Claim claim) => claim switch
    {
        InterestClaim c => $"{c.Saga} interest {c.Club} {Vocabulary<InterestLevel>.Name(c.Level)}",
        OfferClaim c => $"{c.Saga} offer {c.Club} {Vocabulary<OfferKind>.Name(c.Kind)} {Vocabulary<OfferStatus>.Name(c.Status)}{(c.Amount is { } a ? $" {a:0} {c.Currency}" : "")}",
        PlayerStanceClaim c => $"{c.Saga} player-stance {Vocabulary<PlayerStance>.Name(c.Stance)}{(c.Club is null ? "" : $" {c.Club}")}{(c.From is null ? "" : $" from {c.From}")}",
        ClubStanceClaim c => $"{c.Saga} club-stance {c.Club} {Vocabulary<ClubStance>.Name(c.Stance)}",
        ExpectationClaim c => $"{c.Saga} expectation {Vocabulary<ExpectedOutcome>.Name(c.Outcome)}{(c.Club is null ? "" : $" {c.Club}")}{(c.Confidence is { } x ? $" {x:0.0}" : "")}",
        OutcomeClaim c => $"{c.Saga} outcome {Vocabulary<OutcomeResult>.Name(c.Result)}{(c.Club is null ? "" : $" {c.Club}")}{(c.Fee is { } f ? $" {f:0}" : "")}",
        _ => claim.ToString()!,
    };

    public static string FileNear(string relative) => Path.Combine(AppContext.BaseDirectory, relative);
}
