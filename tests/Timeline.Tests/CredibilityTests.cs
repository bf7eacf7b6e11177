using static Timeline.Tests.SagaStream;

namespace Timeline.Tests;

public class SlugTests
{
    [Theory]
    [InlineData("Vinny O'Connor", "vinny-oconnor")]
    [InlineData("Vinny O’Connor", "vinny-oconnor")]
    [InlineData("Sky Sports", "sky-sports")]
    [InlineData("TEAMtalk", "teamtalk")]
    [InlineData("The Athletic", "the-athletic")]
    [InlineData("  Ibrahima Konaté ", "ibrahima-konate")]
    [InlineData("liverpoolfc.com", "liverpoolfc-com")]
    [InlineData("A. Reporter -- (freelance)", "a-reporter-freelance")]
    [InlineData("Guillem Balagué", "guillem-balague")]
    [InlineData("Ødegaard ÆSTHETIC Straße", "odegaard-aesthetic-strasse")]
    public void names_become_lower_case_words_joined_by_dashes(string name, string slug) => Slugs.Of(name).ShouldBe(slug);

    [Fact]
    public void a_name_without_letters_still_gets_a_stable_key_of_its_own()
    {
        Slugs.Of("???").ShouldStartWith("source-");
        Slugs.Of("???").ShouldBe(Slugs.Of("???"));
        Slugs.Of("???").ShouldNotBe(Slugs.Of("!!!"));
    }
}

public class CredibilityTests
{
    private const string Konate = "ibrahima-konate";
    private static readonly DateTimeOffset Now = Day(2026, 6, 1);

    private static ClaimSource Source(string reportId, DateTimeOffset publishedAt, string reporter = "Dean Jones", string outlet = "TEAMtalk") =>
        new(reportId, reporter, outlet, publishedAt);

    private static readonly SourceRecord Jones = Record(SourceKind.Reporter, "Dean Jones");

    private static SourceRecord Record(SourceKind kind, string name) =>
        SourceRecord.For(SourceRecord.KeyOf(kind, Slugs.Of(name)), new ClaimSource("first", name, name, Now));

    /// <summary>Dean Jones's standing claims, as the projection writes them.</summary>
    private static SourceClaim[] Reporter(params (IClaimReported Claim, long Version)[] claims) =>
        claims.Select(c => SourceClaim.Of(c.Claim, Guid.NewGuid(), c.Version)).ToArray();

    /// <summary>What the projection leaves when a report is retracted.</summary>
    private static SourceClaim[] Without(SourceClaim[] claims, string reportId) => claims.Where(c => c.ReportId != reportId).ToArray();

    private static IClaimReported Expectation(string reportId, DateTimeOffset at, ExpectedOutcome outcome, string? club = null,
        double? confidence = null, string saga = Konate) =>
        ClaimReported.For(Source(reportId, at), new ExpectationClaim(saga, outcome, club, confidence));

    /// <summary>The saga's evidence as read: its standing claims, those of retracted reports deleted.</summary>
    private static SagaEvidence Evidence(SagaStream stream)
    {
        var retracted = stream.Entries.Select(e => e.Event).OfType<ClaimsRetracted>().Select(r => r.ReportId).ToHashSet();
        var claims = stream.Entries
            .Where(e => e.Event is IClaimReported c && !retracted.Contains(c.Source.ReportId))
            .Select(e => SourceClaim.Of((IClaimReported)e.Event, Guid.NewGuid(), e.Version));
        return SagaEvidence.Of(claims).SingleOrDefault() ?? new SagaEvidence { Slug = stream.Slug };
    }

    private static Standing Assess(SourceClaim[] claims, DateTimeOffset? asOf = null, params SagaEvidence[] evidence) =>
        Credibility.Assess(Jones, claims, evidence.ToDictionary(e => e.Slug), Credibility.FirstReports(evidence, asOf ?? Now), asOf ?? Now);

    private static SagaStream Renewed(DateTimeOffset at, string club = "Liverpool") => new SagaStream().Opened()
        .Claim(new OutcomeClaim(Konate, OutcomeResult.Renewed, club), at, "liverpool", "Liverpool FC", "liverpoolfc.com");

    [Theory]
    [InlineData(ExpectedOutcome.Renewal, null, OutcomeResult.Renewed, "Liverpool", true)]
    [InlineData(ExpectedOutcome.Renewal, "Liverpool", OutcomeResult.Stayed, null, false)]
    [InlineData(ExpectedOutcome.Renewal, null, OutcomeResult.Transferred, "Real Madrid", false)]
    [InlineData(ExpectedOutcome.Renewal, null, OutcomeResult.Released, null, false)]
    [InlineData(ExpectedOutcome.Stay, null, OutcomeResult.Stayed, null, true)]
    [InlineData(ExpectedOutcome.Stay, null, OutcomeResult.Renewed, "Liverpool", true)]
    [InlineData(ExpectedOutcome.Stay, null, OutcomeResult.Released, null, false)]
    [InlineData(ExpectedOutcome.Transfer, null, OutcomeResult.Transferred, "Real Madrid", true)]
    [InlineData(ExpectedOutcome.Transfer, "Real Madrid", OutcomeResult.Transferred, "real madrid", true)]
    [InlineData(ExpectedOutcome.Transfer, "Real Madrid", OutcomeResult.Transferred, "Paris Saint-Germain", false)]
    [InlineData(ExpectedOutcome.Transfer, "Real Madrid", OutcomeResult.Transferred, null, false)]
    [InlineData(ExpectedOutcome.Transfer, null, OutcomeResult.Released, null, false)]
    [InlineData(ExpectedOutcome.Transfer, null, OutcomeResult.Renewed, "Liverpool", false)]
    public void an_outcome_bears_a_prediction_out_or_not(
        ExpectedOutcome predicted, string? predictedClub, OutcomeResult result, string? resultClub, bool correct) =>
        Credibility.IsCorrect(predicted, predictedClub, result, resultClub).ShouldBe(correct);

    [Fact]
    public void a_resolved_prediction_scores_accuracy_and_brier()
    {
        var record = Reporter(
            (Expectation("teamtalk", Day(2025, 11, 29), ExpectedOutcome.Renewal, "Liverpool"), 15),
            (Expectation("teamtalk-2", Day(2025, 12, 10), ExpectedOutcome.Transfer, "Real Madrid", 0.9), 16));

        var standing = Assess(record, evidence: Evidence(Renewed(Day(2026, 3, 2))));

        standing.Predictions.Count.ShouldBe(2);
        standing.Resolved.ShouldBe(2);
        standing.Correct.ShouldBe(1);
        standing.Accuracy.ShouldBe(0.5);
        // ((0.5 - 1)² + (0.9 - 0)²) / 2
        standing.Brier!.Value.ShouldBe((0.25 + 0.81) / 2, 1e-12);
        standing.Predictions[0].Confidence.ShouldBe(Credibility.DefaultConfidence);
        standing.Predictions[0].ConfidenceStated.ShouldBeFalse();
        standing.Predictions[0].Resolution.ShouldBe(
            new Resolution(OutcomeResult.Renewed, "Liverpool", Day(2026, 3, 2), "liverpool", true));
    }

    [Fact]
    public void nothing_published_after_asOf_is_seen()
    {
        var record = Reporter(
            (Expectation("teamtalk", Day(2025, 11, 29), ExpectedOutcome.Renewal), 15),
            (Expectation("later", Day(2026, 4, 1), ExpectedOutcome.Renewal), 16));
        var evidence = Evidence(Renewed(Day(2026, 3, 2)));

        var beforeTheOutcome = Assess(record, Day(2026, 3, 1), evidence);
        beforeTheOutcome.Predictions.ShouldHaveSingleItem().Resolution.ShouldBeNull();
        beforeTheOutcome.Reports.ShouldBe(1);
        beforeTheOutcome.Resolved.ShouldBe(0);
        beforeTheOutcome.Accuracy.ShouldBeNull();
        beforeTheOutcome.Brier.ShouldBeNull();

        var afterIt = Assess(record, Day(2026, 3, 3), evidence);
        afterIt.Predictions.ShouldHaveSingleItem().Resolution.ShouldNotBeNull().Correct.ShouldBeTrue();

        Assess(record, evidence: evidence).Predictions.Count.ShouldBe(2);
    }

    [Fact]
    public void the_latest_outcome_published_by_asOf_resolves()
    {
        var stream = Renewed(Day(2026, 3, 2))
            .Claim(new OutcomeClaim(Konate, OutcomeResult.Transferred, "Real Madrid"), Day(2026, 2, 1), "rumour", "A. Reporter", "Example Daily");
        var evidence = Evidence(stream);

        Credibility.OutcomeAsOf(evidence, Now).ShouldNotBeNull().ReportId.ShouldBe("liverpool");
        Credibility.OutcomeAsOf(evidence, Day(2026, 2, 15)).ShouldNotBeNull().ReportId.ShouldBe("rumour");
        Credibility.OutcomeAsOf(evidence, Day(2026, 1, 1)).ShouldBeNull();
    }

    [Fact]
    public void a_retracted_outcome_resolves_nothing()
    {
        var record = Reporter((Expectation("teamtalk", Day(2025, 11, 29), ExpectedOutcome.Renewal), 15));
        var stream = Renewed(Day(2026, 3, 2));
        Assess(record, evidence: Evidence(stream)).Resolved.ShouldBe(1);

        stream.Retracted("liverpool");

        Assess(record, evidence: Evidence(stream)).Predictions.ShouldHaveSingleItem().Resolution.ShouldBeNull();
    }

    [Fact]
    public void a_retracted_report_leaves_no_trace_in_the_record()
    {
        var record = Reporter(
            (ClaimReported.For(Source("teamtalk", Day(2025, 11, 29)), new InterestClaim(Konate, "Real Madrid", InterestLevel.Withdrawn)), 14),
            (Expectation("teamtalk", Day(2025, 11, 29), ExpectedOutcome.Renewal), 15),
            (Expectation("other", Day(2025, 12, 1), ExpectedOutcome.Stay, saga: "marc-guehi"), 3));

        var standing = Assess(record);
        standing.Reports.ShouldBe(2);
        standing.Sagas.ShouldBe(2);
        standing.Claims[ClaimTypes.Expectation].ShouldBe(2);
        standing.Claims[ClaimTypes.Interest].ShouldBe(1);
        standing.Claims[ClaimTypes.Outcome].ShouldBe(0);

        var after = Assess(Without(record, "teamtalk"));
        after.Reports.ShouldBe(1);
        after.Sagas.ShouldBe(1);
        after.Claims[ClaimTypes.Interest].ShouldBe(0);
        after.Predictions.ShouldHaveSingleItem().Saga.ShouldBe("marc-guehi");
    }

    [Fact]
    public void a_claim_keeps_its_reporter_and_outlet_by_slug_and_its_prediction()
    {
        var claim = SourceClaim.Of(ClaimReported.For(Source("sky", Day(2025, 11, 29), "Vinny O’Connor", "Sky Sports"),
            new ExpectationClaim(Konate, ExpectedOutcome.Renewal, "Liverpool", 0.7)), Guid.Empty, 9);

        claim.Saga.ShouldBe(Konate);
        claim.Version.ShouldBe(9);
        claim.SlugOf(SourceKind.Reporter).ShouldBe("vinny-oconnor");
        claim.SlugOf(SourceKind.Outlet).ShouldBe("sky-sports");
        claim.Reporter.ShouldBe("Vinny O’Connor");
        claim.Claim.ShouldBe(new ExpectationClaim(Konate, ExpectedOutcome.Renewal, "Liverpool", 0.7));
    }

    [Fact]
    public void a_record_takes_the_latest_spelling_of_its_name()
    {
        var record = Record(SourceKind.Reporter, "Vinny O'Connor");
        var same = ClaimReported.For(Source("a", Day(2025, 1, 1), "Vinny O'Connor"), new InterestClaim(Konate, "Real Madrid", InterestLevel.Interested));
        var curly = ClaimReported.For(Source("b", Day(2025, 1, 2), "Vinny O’Connor"), new InterestClaim(Konate, "Real Madrid", InterestLevel.Interested));

        record.Slug.ShouldBe("vinny-oconnor");
        record.Kind.ShouldBe(SourceKind.Reporter);
        record.Named(same.Source).ShouldBeSameAs(record);
        record.Named(curly.Source).Name.ShouldBe("Vinny O’Connor");
    }

    [Fact]
    public void the_first_to_report_is_the_earliest_published_even_when_recorded_last()
    {
        var stream = new SagaStream().Opened()
            .Interest("Real Madrid", InterestLevel.Interested, Day(2025, 4, 14), "sky", "Vinny O'Connor", "Sky Sports")
            .Interest("Bayern Munich", InterestLevel.Monitoring, Day(2025, 5, 1), "sky-2", "Vinny O'Connor", "Sky Sports")
            .Interest("real madrid", InterestLevel.Monitoring, Day(2025, 1, 20), "backdated", "Dean Jones", "TEAMtalk");
        var evidence = Evidence(stream);

        var firsts = Credibility.FirstReports([evidence], Now);
        firsts.Select(f => (f.Club, f.ReportId)).OrderBy(f => f.ReportId)
            .ShouldBe([("real madrid", "backdated"), ("Bayern Munich", "sky-2")]);

        var jones = Reporter((ClaimReported.For(Source("backdated", Day(2025, 1, 20)), new InterestClaim(Konate, "real madrid", InterestLevel.Monitoring)), 4));
        Assess(jones, evidence: evidence).FirstToReport.ShouldBe(1);
        var teamtalk = Record(SourceKind.Outlet, "TEAMtalk");
        Credibility.Assess(teamtalk, [], new Dictionary<string, SagaEvidence>(), firsts, Now).FirstToReport.ShouldBe(1);

        // Retracting the backdated report gives the first place back.
        stream.Retracted("backdated");
        Credibility.FirstReports([Evidence(stream)], Now).Single(f => f.Club == "Real Madrid").ReportId.ShouldBe("sky");
    }

    [Fact]
    public void equal_publication_times_go_to_the_first_recorded()
    {
        var stream = new SagaStream().Opened()
            .Interest("Real Madrid", InterestLevel.Interested, Day(2025, 4, 14), "first-recorded", "A. Reporter", "Example Daily")
            .Interest("Real Madrid", InterestLevel.Interested, Day(2025, 4, 14), "second-recorded", "B. Reporter", "Example Daily");

        Credibility.FirstReports([Evidence(stream)], Now).ShouldHaveSingleItem().ReportId.ShouldBe("first-recorded");
    }
}
