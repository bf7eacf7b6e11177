namespace Timeline.Domain;

/// <summary>The saga's outcome that settles a prediction, and whether the prediction got it right.</summary>
public sealed record Resolution(OutcomeResult Result, string? Club, DateTimeOffset PublishedAt, string ReportId, bool Correct);

/// <summary>A prediction with the confidence it is scored at and, once its saga resolved, how it ended.</summary>
public sealed record ScoredPrediction(
    string Saga, ExpectedOutcome Outcome, string? Club, double Confidence, bool ConfidenceStated,
    DateTimeOffset PublishedAt, string ReportId, Resolution? Resolution);

/// <summary>The first claim (by publishedAt, then recorded order) that a club was interested in a saga's player.</summary>
public sealed record FirstReport(string Saga, string Club, DateTimeOffset PublishedAt, string ReportId, string Reporter, string Outlet);

/// <summary>A reporter's or an outlet's record as of a point in valid time, scored.</summary>
public sealed record Standing(
    string Slug,
    string Name,
    SourceKind Kind,
    int Reports,
    int Sagas,
    IReadOnlyDictionary<string, int> Claims,
    IReadOnlyList<FirstReport> FirstReports,
    IReadOnlyList<ScoredPrediction> Predictions,
    DateTimeOffset AsOf)
{
    public int FirstToReport => FirstReports.Count;

    public int Resolved => Predictions.Count(p => p.Resolution is not null);

    public int Correct => Predictions.Count(p => p.Resolution is { Correct: true });

    /// <summary>Correct over resolved; null while nothing is resolved.</summary>
    public double? Accuracy => Resolved == 0 ? null : (double)Correct / Resolved;

    /// <summary>
    /// The mean over resolved predictions of (confidence - hit)², hit being 1 when correct and 0 when not:
    /// 0 is perfect, 0.25 is what always saying "50%" earns, 1 is confidently wrong every time.
    /// </summary>
    public double? Brier => Resolved == 0
        ? null
        : Predictions.Where(p => p.Resolution is not null)
            .Average(p => Math.Pow(p.Confidence - (p.Resolution!.Correct ? 1 : 0), 2));
}

/// <summary>
/// Scores reporters and outlets. Pure: the records, the sagas' evidence and the asOf come in, a
/// standing goes out. Nothing published after asOf is seen, neither predictions nor the outcomes that
/// resolve them, so a standing as of a past date is what could have been said then.
/// </summary>
public static class Credibility
{
    /// <summary>The confidence of an expectation that states none.</summary>
    public const double DefaultConfidence = 0.5;

    private static readonly StringComparer Names = StringComparer.OrdinalIgnoreCase;

    /// <summary>
    /// Whether the outcome bears the prediction out. A renewal is a way of staying, so <c>stay</c> is right
    /// when the player <c>stayed</c> or <c>renewed</c>, while <c>renewal</c> needs <c>renewed</c>. A
    /// <c>transfer</c> needs <c>transferred</c>, and to the club the prediction named, if it named one (an
    /// outcome naming no club does not confirm a named club). <c>released</c> leaves on a free without a
    /// renewal, a stay or a transfer fee: it proves every prediction wrong.
    /// </summary>
    public static bool IsCorrect(ExpectedOutcome predicted, string? predictedClub, OutcomeResult result, string? resultClub) =>
        (predicted, result) switch
        {
            (ExpectedOutcome.Renewal, OutcomeResult.Renewed) => true,
            (ExpectedOutcome.Stay, OutcomeResult.Stayed or OutcomeResult.Renewed) => true,
            (ExpectedOutcome.Transfer, OutcomeResult.Transferred) =>
                predictedClub is null || Names.Equals(predictedClub.Trim(), resultClub?.Trim()),
            _ => false,
        };

    /// <summary>
    /// The saga's outcome as of <paramref name="asOf"/>: the latest outcome claim published by then (recorded
    /// order breaking ties), as the saga's state has it.
    /// </summary>
    public static OutcomeSighting? OutcomeAsOf(SagaEvidence? evidence, DateTimeOffset asOf) =>
        evidence?.Outcomes
            .Where(o => o.PublishedAt <= asOf)
            .OrderBy(o => o.PublishedAt)
            .ThenBy(o => o.Version)
            .LastOrDefault();

    /// <summary>
    /// For each saga and club (names compared case-insensitively), the earliest published interest claim
    /// published by <paramref name="asOf"/>. Published, not recorded: a report imported late that was out
    /// first takes the first place.
    /// </summary>
    public static IReadOnlyList<FirstReport> FirstReports(IEnumerable<SagaEvidence> evidence, DateTimeOffset asOf) =>
        evidence
            .SelectMany(saga => saga.Interests
                .Where(i => i.PublishedAt <= asOf)
                .GroupBy(i => i.Club.Trim(), Names)
                .Select(club => club.OrderBy(i => i.PublishedAt).ThenBy(i => i.Version).First())
                .Select(i => new FirstReport(saga.Slug, i.Club, i.PublishedAt, i.ReportId, i.Reporter, i.Outlet)))
            .ToList();

    /// <summary>
    /// The record of one source as of <paramref name="asOf"/>. <paramref name="claims"/> are the source's
    /// standing claims; <paramref name="evidence"/> must hold the sagas they concern (others are ignored);
    /// <paramref name="firsts"/> are every source's first reports (<see cref="FirstReports"/>), of which
    /// this source's are kept.
    /// </summary>
    public static Standing Assess(
        SourceRecord record, IEnumerable<SourceClaim> claims, IReadOnlyDictionary<string, SagaEvidence> evidence,
        IEnumerable<FirstReport> firsts, DateTimeOffset asOf)
    {
        var published = claims.Where(c => c.PublishedAt <= asOf).ToList();
        var predictions = published
            .Where(c => c.Claim is ExpectationClaim)
            .OrderBy(c => c.PublishedAt)
            .ThenBy(c => c.Saga, StringComparer.Ordinal)
            .ThenBy(c => c.Version)
            .Select(c => Score(c, OutcomeAsOf(evidence.GetValueOrDefault(c.Saga), asOf)))
            .ToList();
        return new Standing(
            record.Slug,
            record.Name,
            record.Kind,
            published.Select(c => c.ReportId).Distinct(StringComparer.Ordinal).Count(),
            published.Select(c => c.Saga).Distinct(StringComparer.Ordinal).Count(),
            ClaimTypes.All.ToDictionary(t => t, t => published.Count(c => c.Claim.Type == t)),
            firsts
                .Where(f => Sources.KeyOf(record.Kind, f.Reporter, f.Outlet) == record.Slug)
                .OrderBy(f => f.PublishedAt)
                .ThenBy(f => f.Saga, StringComparer.Ordinal)
                .ToList(),
            predictions,
            asOf);
    }

    /// <summary>Scores an <c>expectation</c> claim against its saga's outcome.</summary>
    public static ScoredPrediction Score(SourceClaim claim, OutcomeSighting? outcome)
    {
        var prediction = claim.Claim as ExpectationClaim
            ?? throw new ArgumentException($"Claim {claim.Id} is a {claim.Claim.Type} claim, not an expectation.", nameof(claim));
        return new ScoredPrediction(
            claim.Saga,
            prediction.Outcome,
            prediction.Club,
            prediction.Confidence ?? DefaultConfidence,
            prediction.Confidence is not null,
            claim.PublishedAt,
            claim.ReportId,
            outcome is null
                ? null
                : new Resolution(outcome.Result, outcome.Club, outcome.PublishedAt, outcome.ReportId,
                    IsCorrect(prediction.Outcome, prediction.Club, outcome.Result, outcome.Club)));
    }
}
