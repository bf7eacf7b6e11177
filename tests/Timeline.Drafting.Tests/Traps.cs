using static Timeline.Drafting.Tests.Drafting;

namespace Timeline.Drafting.Tests;

/// <summary>What an editor does not record: negated, background, conditional or future, reported then denied, prices.</summary>
public sealed class Traps
{
    private static readonly KnownSaga Adjei = new("samuel-adjei", "Samuel Adjei", "Wolverhampton Wanderers");

    private static List<string> Of(string text) => Draft(text, sagas: Adjei).Claims();

    [Theory]
    [InlineData("Napoli have not made a formal offer for Adjei.")]
    [InlineData("Napoli are yet to make an offer for Adjei.")]
    [InlineData("There has been no contact between Napoli and Adjei's camp.")]
    [InlineData("Napoli have not held talks over Adjei.")]
    public void negation_gives_nothing(string text)
    {
        Of(text).ShouldBeEmpty();
        Draft(text, sagas: Adjei).Unparsed.ShouldNotBeEmpty();
    }

    [Theory]
    [InlineData("AC Milan had been interested in Adjei last summer.")]
    [InlineData("Leeds United had made an approach for Adjei earlier in the window.")]
    [InlineData("Liverpool enquired about Adjei in 2024.")]
    [InlineData("Adjei signed a new contract last year.")]
    [InlineData("Napoli had held talks over Adjei in August but walked away.")]
    [InlineData("Chelsea were interested in Adjei last summer.")]
    [InlineData("Adjei was a target for Chelsea last season.")]
    // A participle after a pluperfect, and a past verb set in the player's earlier days, are background too.
    [InlineData("Tottenham had seen two bids for Adjei rejected in July, the second worth £45m, before turning their attention elsewhere.")]
    [InlineData("Newcastle, who scouted Adjei extensively while he was at AZ Alkmaar, have other priorities.")]
    public void background_gives_nothing(string text) => Of(text).ShouldBeEmpty();

    [Theory]
    [InlineData("Napoli would only move for Adjei if Wolves lowered their price.")]
    [InlineData("Leeds are preparing a bid for Adjei.")]
    [InlineData("Napoli could return with an improved offer for Adjei.")]
    [InlineData("If Wolves lower their demands, Napoli will make an offer for Adjei.")]
    public void conditional_and_future_actions_give_nothing(string text) => Of(text).ShouldBeEmpty();

    [Theory]
    [InlineData("Reports in Turkey claim Galatasaray have lodged a €25m bid for Adjei, but Wolves say nothing has arrived.")]
    [InlineData("Reports in Turkey suggested Galatasaray had lodged a €25m bid for Adjei. Wolves say nothing has arrived.")]
    public void a_bid_reported_then_denied_gives_nothing(string text) => Of(text).ShouldBeEmpty();

    [Theory]
    [InlineData("Adjei has a release clause of €80m.")]
    [InlineData("Wolves value Adjei at £35m.")]
    [InlineData("Adjei is a £40m-rated striker.")]
    public void price_tags_and_release_clauses_are_not_offers(string text) => Of(text).ShouldBeEmpty();

    [Theory]
    [InlineData("AC Milan are not pursuing Adjei.", "samuel-adjei club-stance AC Milan not-pursuing")]
    [InlineData("Wolves have no intention of selling Adjei.", "samuel-adjei club-stance Wolverhampton Wanderers wants-to-keep")]
    public void a_flat_denial_is_a_claim_of_its_own_but_no_positive_one(string text, string claim) => Of(text).ShouldBe([claim]);

    [Fact]
    public void a_headline_is_not_a_claim()
    {
        Of("Napoli bid for Adjei?\n\nNapoli have not made an offer for Adjei.").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Manchester United had been keen during the summer, but their interest in Adjei has since cooled.", "samuel-adjei interest Manchester United cooling")]
    [InlineData("United are long-term admirers of Adjei, but they have no plans to make an offer before the summer.", "samuel-adjei interest Manchester United interested")]
    [InlineData("West Ham have no plans to move for Adjei.", "samuel-adjei club-stance West Ham United not-pursuing")]
    public void a_clause_with_a_tense_of_its_own_after_a_pluperfect_is_no_background_and_a_refusal_of_a_step_beside_the_same_clubs_interest_no_denial_of_the_pursuit(string text, string claim) =>
        Of(text).ShouldBe([claim]);
}
