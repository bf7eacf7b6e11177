using static Timeline.Tests.SagaStream;

namespace Timeline.Tests;

public class ContradictionsTests
{
    private const string Saga = "ibrahima-konate";
    private static readonly TimeSpan Month = TimeSpan.FromDays(30);
    private static readonly DateTimeOffset Now = Day(2026, 1, 1);

    private static IReadOnlyList<Contradiction> Find(SagaStream stream, TimeSpan? window = null, DateTimeOffset? knownAt = null) =>
        Contradictions.Find(stream.Entries, window ?? Month, knownAt ?? Now);

    private static SagaStream Athletic(SagaStream stream) => stream
        .Claim(new ClubStanceClaim(Saga, "Real Madrid", ClubStance.NotPursuing), Day(2025, 11, 28), "athletic",
            "The Athletic", "The Athletic");

    [Fact]
    public void not_pursuing_contradicts_an_earlier_bid_from_another_source()
    {
        var stream = Athletic(new SagaStream().Opened()
            .Interest("Real Madrid", InterestLevel.Bid, Day(2025, 11, 10), "bid-report", "A. Reporter", "Example Daily"));

        var found = Find(stream).ShouldHaveSingleItem();

        found.Rule.ShouldBe(ContradictionRules.NotPursuingVsActiveInterest);
        found.Earlier.Source.ReportId.ShouldBe("bid-report");
        found.Later.Source.ReportId.ShouldBe("athletic");
        found.Later.Source.Outlet.ShouldBe("The Athletic");
        found.DaysApart.ShouldBe(18);
    }

    [Fact]
    public void recording_order_does_not_change_which_claim_is_earlier()
    {
        var stream = Athletic(new SagaStream().Opened())
            .Interest("Real Madrid", InterestLevel.Bid, Day(2025, 11, 10), "bid-report", "A. Reporter", "Example Daily");

        var found = Find(stream).ShouldHaveSingleItem();

        found.Earlier.Source.ReportId.ShouldBe("bid-report");
        found.Earlier.Version.ShouldBe(3);
    }

    [Fact]
    public void claims_further_apart_than_the_window_do_not_contradict()
    {
        var stream = Athletic(new SagaStream().Opened()
            .Interest("Real Madrid", InterestLevel.Advanced, Day(2025, 9, 22), "september", "Timeline demo desk", "Timeline demo"));

        Find(stream).ShouldBeEmpty();
        Find(stream, TimeSpan.FromDays(67)).ShouldHaveSingleItem().DaysApart.ShouldBe(67);
    }

    [Fact]
    public void the_window_is_inclusive()
    {
        var stream = Athletic(new SagaStream().Opened()
            .Interest("Real Madrid", InterestLevel.Agreed, Day(2025, 10, 29), "october", "A. Reporter", "Example Daily"));

        Find(stream).ShouldHaveSingleItem().DaysApart.ShouldBe(30);
        Find(stream, TimeSpan.FromDays(30).Subtract(TimeSpan.FromTicks(1))).ShouldBeEmpty();
    }

    [Fact]
    public void the_same_source_does_not_contradict_itself()
    {
        var sameReporterElsewhere = new SagaStream().Opened()
            .Interest("Real Madrid", InterestLevel.Bid, Day(2025, 11, 10), "first")
            .Interest("Real Madrid", InterestLevel.Withdrawn, Day(2025, 11, 20), "second", outlet: "Another Outlet");
        Find(sameReporterElsewhere).ShouldBeEmpty();

        var outletWithoutReporter = new SagaStream().Opened()
            .Interest("Real Madrid", InterestLevel.Bid, Day(2025, 11, 10), "first", "The Athletic", "The Athletic")
            .Interest("Real Madrid", InterestLevel.Withdrawn, Day(2025, 11, 20), "second", "David Ornstein", "The Athletic");
        Find(outletWithoutReporter).ShouldBeEmpty();

        var sameReport = new SagaStream().Opened()
            .Interest("Real Madrid", InterestLevel.Bid, Day(2025, 11, 10), "one")
            .Interest("real madrid", InterestLevel.Withdrawn, Day(2025, 11, 10), "one");
        Find(sameReport).ShouldBeEmpty();
    }

    [Fact]
    public void different_reporters_at_one_outlet_are_different_sources()
    {
        var stream = new SagaStream().Opened()
            .Interest("Real Madrid", InterestLevel.Bid, Day(2025, 11, 10), "first", "Vinny O'Connor", "Sky Sports")
            .Interest("real madrid", InterestLevel.Withdrawn, Day(2025, 11, 20), "second", "Kaveh Solhekol", "Sky Sports");

        Find(stream).ShouldHaveSingleItem().Rule.ShouldBe(ContradictionRules.InterestWithdrawnVsActive);
    }

    [Fact]
    public void withdrawn_contradicts_only_advanced_bid_and_agreed_of_the_same_club()
    {
        var stream = new SagaStream().Opened()
            .Interest("Real Madrid", InterestLevel.Withdrawn, Day(2025, 11, 28), "athletic", "The Athletic", "The Athletic");
        foreach (var (level, i) in Enum.GetValues<InterestLevel>().Where(l => l != InterestLevel.Withdrawn).Select((l, i) => (l, i)))
        {
            stream.Interest("Real Madrid", level, Day(2025, 11, 1 + i), $"r-{i}", $"Reporter {i}", $"Outlet {i}");
        }

        stream.Interest("Paris Saint-Germain", InterestLevel.Bid, Day(2025, 11, 20), "psg", "A. Reporter", "Example Daily");

        Find(stream).Select(c => c.Earlier.Source.ReportId).ShouldBe(["r-2", "r-3", "r-4"]);
        Find(stream).ShouldAllBe(c => c.Rule == ContradictionRules.InterestWithdrawnVsActive);
    }

    [Fact]
    public void the_current_club_saying_it_is_not_pursuing_is_no_contradiction()
    {
        var stream = new SagaStream().Opened(club: "Liverpool")
            .Interest("Liverpool", InterestLevel.Advanced, Day(2025, 11, 10), "a", "A. Reporter", "Example Daily")
            .Claim(new ClubStanceClaim(Saga, "Liverpool", ClubStance.NotPursuing), Day(2025, 11, 12), "b");
        Find(stream).ShouldBeEmpty();

        // The player moved on: his former club is now a club like any other.
        stream.Add(new SagaDetailsChanged(Saga, "Ibrahima Konaté", "Real Madrid", null));
        Find(stream).ShouldHaveSingleItem().Rule.ShouldBe(ContradictionRules.NotPursuingVsActiveInterest);
    }

    [Theory]
    [InlineData(ExpectedOutcome.Renewal, ExpectedOutcome.Transfer, true)]
    [InlineData(ExpectedOutcome.Stay, ExpectedOutcome.Transfer, true)]
    [InlineData(ExpectedOutcome.Transfer, ExpectedOutcome.Renewal, true)]
    [InlineData(ExpectedOutcome.Renewal, ExpectedOutcome.Stay, false)]
    [InlineData(ExpectedOutcome.Transfer, ExpectedOutcome.Transfer, false)]
    public void expectations_of_staying_and_of_leaving_contradict(ExpectedOutcome first, ExpectedOutcome second, bool contradict)
    {
        var stream = new SagaStream().Opened()
            .Claim(new ExpectationClaim(Saga, first, "Liverpool"), Day(2025, 11, 29), "teamtalk", "Dean Jones", "TEAMtalk")
            .Claim(new ExpectationClaim(Saga, second, "Real Madrid", 0.8), Day(2025, 12, 5), "other");

        Find(stream).Select(c => c.Rule).ShouldBe(contradict ? [ContradictionRules.ExpectedStayVsTransfer] : []);
    }

    [Fact]
    public void wanting_to_stay_contradicts_wanting_a_move()
    {
        var stream = new SagaStream().Opened()
            .Claim(new PlayerStanceClaim(Saga, PlayerStance.WantsMove, "Real Madrid"), Day(2025, 11, 1), "a", "A. Reporter", "Example Daily")
            .Claim(new PlayerStanceClaim(Saga, PlayerStance.ExploringOptions), Day(2025, 11, 2), "b")
            .Claim(new PlayerStanceClaim(Saga, PlayerStance.WantsToStay), Day(2025, 11, 3), "c");

        var found = Find(stream).ShouldHaveSingleItem();
        found.Rule.ShouldBe(ContradictionRules.PlayerStayVsMove);
        (found.Earlier.Source.ReportId, found.Later.Source.ReportId).ShouldBe(("a", "c"));
    }

    [Fact]
    public void an_offer_accepted_contradicts_the_same_offer_rejected()
    {
        var stream = new SagaStream().Opened()
            .Claim(new OfferClaim(Saga, "Liverpool", OfferKind.ContractExtension, OfferStatus.Rejected), Day(2025, 11, 1), "a", "A. Reporter", "Example Daily")
            .Claim(new OfferClaim(Saga, "Liverpool", OfferKind.ContractExtension, OfferStatus.Accepted), Day(2025, 11, 5), "b")
            .Claim(new OfferClaim(Saga, "Liverpool", OfferKind.TransferFee, OfferStatus.Accepted), Day(2025, 11, 5), "c")
            .Claim(new OfferClaim(Saga, "Real Madrid", OfferKind.ContractExtension, OfferStatus.Accepted), Day(2025, 11, 5), "d", "B. Reporter");

        var found = Find(stream).ShouldHaveSingleItem();
        found.Rule.ShouldBe(ContradictionRules.OfferAcceptedVsRejected);
        found.Later.Source.ReportId.ShouldBe("b");
    }

    [Fact]
    public void retracted_claims_drop_out_from_the_retraction_on()
    {
        var stream = Athletic(new SagaStream().Opened()
            .Interest("Real Madrid", InterestLevel.Bid, Day(2025, 11, 10), "bid-report", "A. Reporter", "Example Daily"));
        var beforeRetraction = stream.LastRecordedAt;
        stream.Retracted("bid-report");

        Find(stream).ShouldBeEmpty();
        Find(stream, knownAt: beforeRetraction).ShouldHaveSingleItem();
    }

    [Fact]
    public void claims_recorded_after_knownAt_are_not_seen()
    {
        var stream = new SagaStream().Opened()
            .Interest("Real Madrid", InterestLevel.Bid, Day(2025, 11, 10), "bid-report", "A. Reporter", "Example Daily");
        var before = stream.LastRecordedAt;
        Athletic(stream);

        Find(stream, knownAt: before).ShouldBeEmpty();
        Find(stream).ShouldHaveSingleItem();
    }

    [Fact]
    public void each_claim_lists_the_reports_that_contradict_it()
    {
        var stream = Athletic(new SagaStream().Opened()
                .Interest("Real Madrid", InterestLevel.Bid, Day(2025, 11, 10), "bid-report", "A. Reporter", "Example Daily"))
            .Interest("Real Madrid", InterestLevel.Withdrawn, Day(2025, 11, 29), "teamtalk", "Dean Jones", "TEAMtalk");

        var byClaim = Contradictions.ByClaim(Find(stream));

        byClaim[2].ShouldBe(["athletic", "teamtalk"]);
        byClaim[3].ShouldBe(["bid-report"]);
        byClaim[4].ShouldBe(["bid-report"]);
    }
}
