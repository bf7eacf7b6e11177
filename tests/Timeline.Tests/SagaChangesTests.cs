using static Timeline.Tests.SagaStream;

namespace Timeline.Tests;

public class SagaChangesTests
{
    private static readonly DateTimeOffset Now = Day(2026, 1, 1);

    private static SagaState Fold(SagaStream stream) => SagaFold.Fold(stream.Entries, Now, Now).ShouldNotBeNull();

    [Fact]
    public void a_new_claim_changes_the_register_it_lands_in_the_count_and_the_last_report()
    {
        var stream = new SagaStream().Opened()
            .Interest("Real Madrid", InterestLevel.Interested, Day(2025, 3, 1), "r1");
        var before = Fold(stream);
        var after = Fold(stream.Interest("Real Madrid", InterestLevel.Cooling, Day(2025, 11, 29), "r2"));

        SagaChanges.Between(before, after).ShouldBe(["suitors", "claims", "lastReportAt"]);
    }

    [Fact]
    public void where_and_when_the_state_was_read_is_not_a_change()
    {
        var state = Fold(new SagaStream().Opened().Interest("Real Madrid", InterestLevel.Interested, Day(2025, 3, 1), "r1"));
        var reread = state with { Version = state.Version + 5, RecordedAt = Now.AddDays(4) };

        SagaChanges.Between(state, reread).ShouldBeEmpty();
    }

    [Fact]
    public void an_older_claim_that_loses_to_a_newer_one_changes_only_the_count()
    {
        var stream = new SagaStream().Opened()
            .Interest("Real Madrid", InterestLevel.Withdrawn, Day(2025, 11, 28), "r1");
        var before = Fold(stream);
        var after = Fold(stream.Interest("Real Madrid", InterestLevel.Advanced, Day(2025, 6, 1), "r0"));

        SagaChanges.Between(before, after).ShouldBe(["claims"], "the suitor register still holds the newer withdrawal");
    }

    [Fact]
    public void a_saga_seen_for_the_first_time_changed_every_field()
    {
        var state = Fold(new SagaStream().Opened());

        SagaChanges.Between(null, state).ShouldBe(
        [
            "player", "currentClub", "contractExpires", "status", "outcome", "suitors", "playerStance",
            "clubStances", "offers", "expectations", "claims", "lastReportAt",
        ]);
    }

    [Theory]
    [InlineData("Liverpool", true)]
    [InlineData("real madrid", true)]
    [InlineData("Bayern Munich", true)]
    [InlineData("Tottenham", true)]
    [InlineData("Chelsea", false)]
    public void a_state_involves_its_current_club_its_suitors_its_stances_and_its_expectations(string club, bool involved)
    {
        var state = Fold(new SagaStream().Opened()
            .Interest("Real Madrid", InterestLevel.Cooling, Day(2025, 11, 29), "r1")
            .Claim(new ClubStanceClaim("ibrahima-konate", "Bayern Munich", ClubStance.WantsToKeep), Day(2025, 11, 29), "r2")
            .Claim(new ExpectationClaim("ibrahima-konate", ExpectedOutcome.Transfer, "Tottenham", 0.2), Day(2025, 11, 29), "r3"));

        SagaChanges.Involves(state, club).ShouldBe(involved);
    }
}
