namespace Timeline.Domain;

/// <summary>One claim event of a saga stream with its place in recorded order and time.</summary>
public readonly record struct ReportedClaim(long Version, DateTimeOffset RecordedAt, IClaimReported Reported)
{
    public ClaimSource Source => Reported.Source;

    public DateTimeOffset PublishedAt => Reported.Source.PublishedAt;
}

/// <summary>
/// Two claims from different sources that cannot both be true, published within the window of each
/// other. <see cref="Earlier"/> was published first (recorded order breaks ties).
/// </summary>
public sealed record Contradiction(string Rule, ReportedClaim Earlier, ReportedClaim Later)
{
    /// <summary>Days between the two publishedAt instants, to two decimals.</summary>
    public double DaysApart => Math.Round((Later.PublishedAt - Earlier.PublishedAt).TotalDays, 2);
}

/// <summary>The names of the contradiction rules, as the API shows them.</summary>
public static class ContradictionRules
{
    /// <summary>A club's interest reported withdrawn, and reported advanced, bid or agreed.</summary>
    public const string InterestWithdrawnVsActive = "interest-withdrawn-vs-active";

    /// <summary>A club (not the player's current one) said to be not pursuing him, and its interest advanced, bid or agreed.</summary>
    public const string NotPursuingVsActiveInterest = "not-pursuing-vs-active-interest";

    /// <summary>One source expects a renewal or a stay, another a transfer.</summary>
    public const string ExpectedStayVsTransfer = "expected-stay-vs-transfer";

    /// <summary>The player said to want to stay, and to want a move.</summary>
    public const string PlayerStayVsMove = "player-stay-vs-move";

    /// <summary>The same offer (club and kind) reported accepted, and rejected.</summary>
    public const string OfferAcceptedVsRejected = "offer-accepted-vs-rejected";

    public static readonly IReadOnlyList<string> All =
    [
        InterestWithdrawnVsActive, NotPursuingVsActiveInterest, ExpectedStayVsTransfer, PlayerStayVsMove,
        OfferAcceptedVsRejected,
    ];
}

/// <summary>
/// Finds claims of one saga that contradict each other. Pure: the caller says what was known (recorded
/// time) and how close in valid time two claims must be to count as saying opposite things about the
/// same moment; further apart, the story may simply have moved on.
/// </summary>
public static class Contradictions
{
    private static readonly StringComparer Names = StringComparer.OrdinalIgnoreCase;

    /// <summary>
    /// Every pair of unretracted claims, as known at <paramref name="knownAt"/>, from different sources,
    /// published at most <paramref name="window"/> apart, that one of <see cref="ContradictionRules"/> says
    /// cannot both be true; in valid-time order of the earlier claim, then of the later.
    /// </summary>
    public static IReadOnlyList<Contradiction> Find(IEnumerable<SagaEntry> entries, TimeSpan window, DateTimeOffset knownAt)
    {
        var known = entries.Where(e => e.RecordedAt <= knownAt).OrderBy(e => e.Version).ToList();
        string? currentClub = null;
        foreach (var e in known)
        {
            currentClub = e.Event switch
            {
                SagaOpened o => o.CurrentClub,
                SagaDetailsChanged d => d.CurrentClub,
                _ => currentClub,
            };
        }

        var retracted = known
            .Select(e => e.Event)
            .OfType<ClaimsRetracted>()
            .Select(r => r.ReportId)
            .ToHashSet(StringComparer.Ordinal);
        var claims = known
            .Where(e => e.Event is IClaimReported c && !retracted.Contains(c.Source.ReportId))
            .Select(e => new ReportedClaim(e.Version, e.RecordedAt, (IClaimReported)e.Event))
            .OrderBy(c => c.PublishedAt)
            .ThenBy(c => c.Version)
            .ToList();

        var found = new List<Contradiction>();
        for (var i = 0; i < claims.Count; i++)
        {
            // Sorted by publishedAt: the claims after j are further away still.
            for (var j = i + 1; j < claims.Count && claims[j].PublishedAt - claims[i].PublishedAt <= window; j++)
            {
                if (!SameSource(claims[i].Source, claims[j].Source)
                    && Rule(claims[i].Reported.Claim, claims[j].Reported.Claim, currentClub) is { } rule)
                {
                    found.Add(new Contradiction(rule, claims[i], claims[j]));
                }
            }
        }

        return found;
    }

    /// <summary>
    /// Whether two claims come from the same source: the same report, the same named reporter, or (when
    /// either names no reporter of its own, the reporter being the outlet itself) the same outlet.
    /// </summary>
    public static bool SameSource(ClaimSource a, ClaimSource b) =>
        a.ReportId == b.ReportId
        || (NamesReporter(a) && NamesReporter(b)
            ? Names.Equals(a.Reporter.Trim(), b.Reporter.Trim())
            : Names.Equals(a.Outlet.Trim(), b.Outlet.Trim()));

    private static bool NamesReporter(ClaimSource s) =>
        !string.IsNullOrWhiteSpace(s.Reporter) && !Names.Equals(s.Reporter.Trim(), s.Outlet.Trim());

    /// <summary>The rule that says the two claims cannot both be true, or null; symmetric in its claims.</summary>
    public static string? Rule(Claim a, Claim b, string? currentClub) => OneWay(a, b, currentClub) ?? OneWay(b, a, currentClub);

    private static string? OneWay(Claim a, Claim b, string? currentClub) => (a, b) switch
    {
        (InterestClaim { Level: InterestLevel.Withdrawn } x, InterestClaim y)
            when Active(y.Level) && Names.Equals(x.Club, y.Club) => ContradictionRules.InterestWithdrawnVsActive,
        (ClubStanceClaim { Stance: ClubStance.NotPursuing } x, InterestClaim y)
            when Active(y.Level) && Names.Equals(x.Club, y.Club) && !Names.Equals(x.Club, currentClub) =>
            ContradictionRules.NotPursuingVsActiveInterest,
        (ExpectationClaim { Outcome: ExpectedOutcome.Renewal or ExpectedOutcome.Stay },
            ExpectationClaim { Outcome: ExpectedOutcome.Transfer }) => ContradictionRules.ExpectedStayVsTransfer,
        (PlayerStanceClaim { Stance: PlayerStance.WantsToStay }, PlayerStanceClaim { Stance: PlayerStance.WantsMove }) =>
            ContradictionRules.PlayerStayVsMove,
        (OfferClaim { Status: OfferStatus.Accepted } x, OfferClaim { Status: OfferStatus.Rejected } y)
            when x.Kind == y.Kind && Names.Equals(x.Club, y.Club) => ContradictionRules.OfferAcceptedVsRejected,
        _ => null,
    };

    private static bool Active(InterestLevel level) =>
        level is InterestLevel.Advanced or InterestLevel.Bid or InterestLevel.Agreed;

    /// <summary>For each claim (by saga version), the report ids of the claims that contradict it.</summary>
    public static IReadOnlyDictionary<long, IReadOnlyList<string>> ByClaim(IEnumerable<Contradiction> contradictions) =>
        contradictions
            .SelectMany(c => new[] { (c.Earlier.Version, c.Later.Source.ReportId), (c.Later.Version, c.Earlier.Source.ReportId) })
            .GroupBy(x => x.Version)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<string>)g.Select(x => x.ReportId).Distinct(StringComparer.Ordinal).ToList());
}
