using static Timeline.Tests.SagaStream;

namespace Timeline.Tests;

public class SagaFoldTests
{
    private static readonly DateTimeOffset Now = Day(2026, 1, 1);

    /// <summary>The saga as read as of <paramref name="asOf"/>, as known at <paramref name="knownAt"/>.</summary>
    private static SagaView Fold(SagaStream stream, DateTimeOffset? asOf = null, DateTimeOffset? knownAt = null) =>
        SagaView.Of(SagaFold.Fold(stream.Entries, asOf ?? Now, knownAt ?? Now).ShouldNotBeNull(), asOf ?? Now, knownAt ?? Now);

    [Fact]
    public void a_saga_not_opened_by_knownAt_has_no_state()
    {
        var stream = new SagaStream().Opened();
        SagaFold.Fold(stream.Entries, Now, stream.Entries[0].RecordedAt.AddTicks(-1)).ShouldBeNull();
    }

    [Fact]
    public void claims_fold_into_registers_with_their_provenance()
    {
        var stream = new SagaStream().Opened()
            .Interest("Real Madrid", InterestLevel.Interested, Day(2025, 3, 1), "r1", "Demo desk", "Timeline demo")
            .Claim(new PlayerStanceClaim("ibrahima-konate", PlayerStance.ExploringOptions, From: "2026-01"), Day(2025, 11, 30), "r2")
            .Claim(new ClubStanceClaim("ibrahima-konate", "Liverpool", ClubStance.WantsToKeep), Day(2025, 11, 30), "r2")
            .Claim(new OfferClaim("ibrahima-konate", "Liverpool", OfferKind.ContractExtension, OfferStatus.Made), Day(2025, 6, 1), "r3")
            .Claim(new ExpectationClaim("ibrahima-konate", ExpectedOutcome.Renewal, "Liverpool", 0.7), Day(2025, 11, 29), "r4", "Dean Jones", "TEAMtalk");

        var state = Fold(stream);

        state.Player.ShouldBe("Ibrahima Konaté");
        state.CurrentClub.ShouldBe("Liverpool");
        state.Status.ShouldBe(SagaStatus.Open);
        state.Claims.ShouldBe(5);
        state.LastReportAt.ShouldBe(Day(2025, 11, 30));
        state.Suitors.ShouldHaveSingleItem().ShouldBe(
            new SuitorView("Real Madrid", InterestLevel.Interested, Day(2025, 3, 1), "Demo desk", "Timeline demo", "r1"));
        state.PlayerStance.ShouldNotBeNull().Stance.ShouldBe(PlayerStance.ExploringOptions);
        state.PlayerStance.From.ShouldBe("2026-01");
        state.ClubStances.ShouldHaveSingleItem().Stance.ShouldBe(ClubStance.WantsToKeep);
        state.Offers.ShouldHaveSingleItem().Status.ShouldBe(OfferStatus.Made);
        state.Expectations.ShouldHaveSingleItem().ShouldBe(
            new ExpectationView("Dean Jones", "TEAMtalk", ExpectedOutcome.Renewal, "Liverpool", 0.7, Day(2025, 11, 29), "r4"));
        state.Version.ShouldBe(6);
    }

    [Fact]
    public void a_backdated_claim_recorded_later_never_overrides_a_newer_fact()
    {
        var stream = new SagaStream().Opened()
            .Interest("Real Madrid", InterestLevel.Withdrawn, Day(2025, 11, 28), "athletic")
            .Interest("Real Madrid", InterestLevel.Advanced, Day(2025, 7, 1), "october-import");

        var state = Fold(stream);

        var suitor = state.Suitors.ShouldHaveSingleItem();
        suitor.Interest.ShouldBe(InterestLevel.Withdrawn);
        suitor.Since.ShouldBe(Day(2025, 11, 28));
        state.Claims.ShouldBe(2);
    }

    [Fact]
    public void asOf_keeps_only_claims_published_by_then()
    {
        var stream = new SagaStream().Opened()
            .Interest("Real Madrid", InterestLevel.Advanced, Day(2025, 7, 1), "july")
            .Interest("Real Madrid", InterestLevel.Withdrawn, Day(2025, 11, 28), "athletic");

        Fold(stream, asOf: Day(2025, 11, 27)).Suitors.ShouldHaveSingleItem().Interest.ShouldBe(InterestLevel.Advanced);
        Fold(stream, asOf: Day(2025, 11, 28)).Suitors.ShouldHaveSingleItem().Interest.ShouldBe(InterestLevel.Withdrawn);
        var before = Fold(stream, asOf: Day(2025, 1, 1));
        before.Suitors.ShouldBeEmpty();
        before.Claims.ShouldBe(0);
        before.LastReportAt.ShouldBeNull();
        before.AsOf.ShouldBe(Day(2025, 1, 1));
    }

    [Fact]
    public void knownAt_before_a_late_report_was_recorded_does_not_see_it()
    {
        var stream = new SagaStream().Opened()
            .Interest("Real Madrid", InterestLevel.Withdrawn, Day(2025, 11, 28), "athletic");
        var beforeImport = stream.LastRecordedAt;
        stream.Interest("Bayern Munich", InterestLevel.Monitoring, Day(2025, 10, 1), "october-article");

        Fold(stream, knownAt: beforeImport).Suitors.Select(s => s.Club).ShouldBe(["Real Madrid"]);
        Fold(stream).Suitors.Select(s => s.Club).ShouldBe(["Bayern Munich", "Real Madrid"]);
        Fold(stream, knownAt: beforeImport).KnownAt.ShouldBe(beforeImport);
    }

    [Fact]
    public void equal_publishedAt_is_broken_by_recorded_order()
    {
        var at = Day(2025, 11, 30);
        var stream = new SagaStream().Opened()
            .Interest("Real Madrid", InterestLevel.Interested, at, "first")
            .Interest("Real Madrid", InterestLevel.Cooling, at, "second");

        Fold(stream).Suitors.ShouldHaveSingleItem().Interest.ShouldBe(InterestLevel.Cooling);
    }

    [Fact]
    public void a_retracted_report_drops_out_from_the_retraction_on()
    {
        var stream = new SagaStream().Opened()
            .Interest("Real Madrid", InterestLevel.Advanced, Day(2025, 7, 1), "july")
            .Interest("Real Madrid", InterestLevel.Withdrawn, Day(2025, 11, 28), "rumour");
        var beforeRetraction = stream.LastRecordedAt;
        stream.Retracted("rumour");

        var after = Fold(stream);
        after.Suitors.ShouldHaveSingleItem().Interest.ShouldBe(InterestLevel.Advanced);
        after.Claims.ShouldBe(1);
        after.LastReportAt.ShouldBe(Day(2025, 7, 1));

        Fold(stream, knownAt: beforeRetraction).Suitors.ShouldHaveSingleItem().Interest.ShouldBe(InterestLevel.Withdrawn);
    }

    [Fact]
    public void an_outcome_resolves_the_saga_and_its_retraction_reopens_it()
    {
        var stream = new SagaStream().Opened()
            .Claim(new OutcomeClaim("ibrahima-konate", OutcomeResult.Renewed, "Liverpool"), Day(2026, 2, 1), "done");

        var resolved = Fold(stream, asOf: Day(2026, 3, 1), knownAt: Day(2027, 1, 1));
        resolved.Status.ShouldBe(SagaStatus.Resolved);
        resolved.Outcome.ShouldNotBeNull().Result.ShouldBe(OutcomeResult.Renewed);
        resolved.Outcome.At.ShouldBe(Day(2026, 2, 1));

        stream.Retracted("done");
        var reopened = Fold(stream, asOf: Day(2026, 3, 1), knownAt: Day(2027, 1, 1));
        reopened.Status.ShouldBe(SagaStatus.Open);
        reopened.Outcome.ShouldBeNull();
    }

    [Fact]
    public void expectations_keep_the_latest_per_reporter()
    {
        var stream = new SagaStream().Opened()
            .Claim(new ExpectationClaim("ibrahima-konate", ExpectedOutcome.Transfer, "Real Madrid"), Day(2025, 6, 1), "j1", "Dean Jones", "TEAMtalk")
            .Claim(new ExpectationClaim("ibrahima-konate", ExpectedOutcome.Renewal, "Liverpool"), Day(2025, 11, 29), "j2", "Dean Jones", "TEAMtalk")
            .Claim(new ExpectationClaim("ibrahima-konate", ExpectedOutcome.Stay), Day(2025, 10, 1), "o1");

        var expectations = Fold(stream).Expectations;
        expectations.Select(e => (e.Reporter, e.Outcome)).ShouldBe(
            [("Dean Jones", ExpectedOutcome.Renewal), ("Vinny O'Connor", ExpectedOutcome.Stay)]);
    }

    [Fact]
    public void offers_are_registers_per_club_and_kind()
    {
        var stream = new SagaStream().Opened()
            .Claim(new OfferClaim("ibrahima-konate", "Liverpool", OfferKind.ContractExtension, OfferStatus.Made), Day(2025, 5, 1), "a")
            .Claim(new OfferClaim("ibrahima-konate", "Liverpool", OfferKind.ContractExtension, OfferStatus.Improved, 200000, "GBP"), Day(2025, 9, 1), "b")
            .Claim(new OfferClaim("ibrahima-konate", "PSG", OfferKind.TransferFee, OfferStatus.Rejected, 30000000, "EUR"), Day(2025, 8, 1), "c");

        var offers = Fold(stream).Offers;
        offers.Count.ShouldBe(2);
        offers[0].ShouldBe(new OfferView("Liverpool", OfferKind.ContractExtension, OfferStatus.Improved, 200000, "GBP", Day(2025, 9, 1), "Vinny O'Connor", "Sky Sports", "b"));
        offers[1].Club.ShouldBe("PSG");
    }

    [Fact]
    public void details_changes_follow_recorded_time()
    {
        var stream = new SagaStream().Opened(club: "Liverpool");
        var first = stream.LastRecordedAt;
        stream.Add(new SagaDetailsChanged("ibrahima-konate", "Ibrahima Konaté", "Real Madrid", null));

        Fold(stream, knownAt: first).CurrentClub.ShouldBe("Liverpool");
        Fold(stream).CurrentClub.ShouldBe("Real Madrid");
        Fold(stream).ContractExpires.ShouldBeNull();
    }

    [Fact]
    public void evolving_one_event_at_a_time_matches_the_fold()
    {
        var stream = new SagaStream().Opened()
            .Interest("Real Madrid", InterestLevel.Withdrawn, Day(2025, 11, 28), "a")
            .Interest("Real Madrid", InterestLevel.Advanced, Day(2025, 7, 1), "b")
            .Interest("Bayern Munich", InterestLevel.Monitoring, Day(2025, 10, 1), "c")
            .Claim(new PlayerStanceClaim("ibrahima-konate", PlayerStance.WantsMove), Day(2025, 8, 1), "d")
            .Claim(new PlayerStanceClaim("ibrahima-konate", PlayerStance.OpenToRenewal), Day(2025, 5, 1), "e");

        SagaState? evolved = null;
        foreach (var entry in stream.Entries)
        {
            evolved = SagaFold.Evolve(evolved, entry);
        }

        var folded = Fold(stream, DateTimeOffset.MaxValue, DateTimeOffset.MaxValue);
        Canonical(evolved.ShouldNotBeNull()).ShouldBe(Canonical(folded));
    }

    [Fact]
    public void replay_lists_the_state_after_each_claim_in_valid_time_order()
    {
        var stream = new SagaStream().Opened()
            .Interest("Real Madrid", InterestLevel.Withdrawn, Day(2025, 11, 28), "athletic")
            .Interest("Real Madrid", InterestLevel.Monitoring, Day(2025, 2, 1), "feb")
            .Interest("Real Madrid", InterestLevel.Advanced, Day(2025, 7, 1), "july");

        var steps = SagaFold.Replay(stream.Entries, from: Day(2025, 6, 1), to: null, knownAt: Now);

        steps.Select(s => s.Reported.Source.ReportId).ShouldBe(["july", "athletic"]);
        steps[0].State.Suitors.ShouldHaveSingleItem().Interest.ShouldBe(InterestLevel.Advanced);
        steps[0].State.Claims.ShouldBe(2);
        steps[0].State.AsOf.ShouldBe(Day(2025, 7, 1));
        steps[1].State.Suitors.ShouldHaveSingleItem().Interest.ShouldBe(InterestLevel.Withdrawn);
    }

    // Records the same reports in many seeded random orders: the state must not depend on the order.
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    [InlineData(2025)]
    public void recording_order_does_not_change_the_result(int seed)
    {
        var random = new Random(seed);
        var reports = GenerateReports(random, count: 40);
        var expected = Canonical(FoldInOrder(reports));

        for (var permutation = 0; permutation < 25; permutation++)
        {
            var shuffled = reports.OrderBy(_ => random.Next()).ToList();
            Canonical(FoldInOrder(shuffled)).ShouldBe(expected, $"seed {seed}, permutation {permutation}");
        }
    }

    private static SagaView FoldInOrder(IEnumerable<(DateTimeOffset At, string Id, Claim[] Claims)> reports)
    {
        var stream = new SagaStream().Opened();
        foreach (var (at, id, claims) in reports)
        {
            foreach (var claim in claims)
            {
                stream.Claim(claim, at, id, reporter: $"reporter-{id[^1]}");
            }
        }

        // Versions and recorded times differ by construction between orders; everything else must not.
        return Fold(stream, Now, DateTimeOffset.MaxValue) with { Version = 0, KnownAt = default };
    }

    private static List<(DateTimeOffset At, string Id, Claim[] Claims)> GenerateReports(Random random, int count)
    {
        string[] clubs = ["Real Madrid", "Bayern Munich", "Liverpool", "PSG"];
        const string saga = "ibrahima-konate";
        var used = new HashSet<DateTimeOffset>();
        var reports = new List<(DateTimeOffset, string, Claim[])>();
        for (var i = 0; i < count; i++)
        {
            DateTimeOffset at;
            do
            {
                at = Day(2025, 1, 1).AddMinutes(random.Next(0, 60 * 24 * 330));
            }
            while (!used.Add(at));

            var claims = Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.Next(6) switch
            {
                0 => (Claim)new InterestClaim(saga, Pick(random, clubs), Pick(random, Enum.GetValues<InterestLevel>())),
                1 => new OfferClaim(saga, Pick(random, clubs), Pick(random, Enum.GetValues<OfferKind>()), Pick(random, Enum.GetValues<OfferStatus>()), random.Next(1, 100) * 1000m, "EUR"),
                2 => new PlayerStanceClaim(saga, Pick(random, Enum.GetValues<PlayerStance>()), Pick(random, clubs)),
                3 => new ClubStanceClaim(saga, Pick(random, clubs), Pick(random, Enum.GetValues<ClubStance>())),
                4 => new ExpectationClaim(saga, Pick(random, Enum.GetValues<ExpectedOutcome>()), Pick(random, clubs), Math.Round(random.NextDouble(), 2)),
                _ => new OutcomeClaim(saga, Pick(random, Enum.GetValues<OutcomeResult>()), Pick(random, clubs)),
            })
            // One report never sets the same register twice, so no tie is left to recorded order.
            .DistinctBy(c => c.Type)
            .ToArray();
            reports.Add((at, $"report-{i}", claims));
        }

        return reports;
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> values) => values[random.Next(values.Count)];

    private static string Canonical(SagaView state) =>
        System.Text.Json.JsonSerializer.Serialize(state with { Version = 0, AsOf = default, KnownAt = default });

    private static string Canonical(SagaState state) => Canonical(SagaView.Of(state, default, default));
}
