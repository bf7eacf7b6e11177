using static Timeline.Drafting.Tests.Drafting;

namespace Timeline.Drafting.Tests;

/// <summary>Each claim type from its cues, several clubs in a sentence, each club with its own relation.</summary>
public sealed class Claims
{
    private static readonly KnownSaga Konate = new("ibrahima-konate", "Ibrahima Konaté", "Liverpool");

    private static List<string> Of(string text) => Draft(text, sagas: Konate).Claims();

    [Theory]
    [InlineData("Chelsea are keeping tabs on Konate.", "ibrahima-konate interest Chelsea monitoring")]
    [InlineData("Chelsea have asked about Konate.", "ibrahima-konate interest Chelsea interested")]
    [InlineData("Chelsea have opened talks with Liverpool over Konate.", "ibrahima-konate interest Chelsea advanced")]
    [InlineData("Chelsea have cooled their interest in Konate.", "ibrahima-konate interest Chelsea cooling")]
    [InlineData("Chelsea have pulled out of the race for Konate.", "ibrahima-konate interest Chelsea withdrawn")]
    [InlineData("Chelsea are not pursuing Konate.", "ibrahima-konate club-stance Chelsea not-pursuing")]
    [InlineData("Liverpool want to keep Konate.", "ibrahima-konate club-stance Liverpool wants-to-keep")]
    [InlineData("Liverpool have no interest in selling Konate.", "ibrahima-konate club-stance Liverpool wants-to-keep")]
    [InlineData("Liverpool are prepared to cash in on Konate.", "ibrahima-konate club-stance Liverpool open-to-sale")]
    [InlineData("Liverpool have drawn up a shortlist of replacements for Konate.", "ibrahima-konate club-stance Liverpool seeking-replacement")]
    [InlineData("Konate is weighing up his future.", "ibrahima-konate player-stance exploring-options")]
    [InlineData("Konate is open to a new deal.", "ibrahima-konate player-stance open-to-renewal")]
    [InlineData("Konate wants to stay at Anfield.", "ibrahima-konate player-stance wants-to-stay")]
    [InlineData("Konate wants to join Real Madrid.", "ibrahima-konate player-stance wants-move Real Madrid")]
    [InlineData("Konate has agreed personal terms with Real Madrid.", "ibrahima-konate player-stance agreed-terms Real Madrid")]
    [InlineData("Konate is expected to renew his contract.", "ibrahima-konate expectation renewal Liverpool 0.8")]
    [InlineData("Konate is expected to join Real Madrid.", "ibrahima-konate expectation transfer Real Madrid 0.8")]
    [InlineData("Konate could yet be tempted by a move to Madrid.", "ibrahima-konate expectation transfer Real Madrid 0.3")]
    [InlineData("Konate has completed his move to Real Madrid.", "ibrahima-konate outcome transferred Real Madrid")]
    [InlineData("Konate has signed a new contract with Liverpool.", "ibrahima-konate outcome renewed")]
    [InlineData("Konate is now a free agent after Liverpool terminated his contract.", "ibrahima-konate outcome released")]
    [InlineData("Liverpool have offered Konate a new contract.", "ibrahima-konate offer Liverpool contract-extension made")]
    [InlineData("Liverpool have agreed to sell Konate to Real Madrid.", "ibrahima-konate interest Real Madrid agreed")]
    [InlineData("Liverpool have no plans to let Konate leave.", "ibrahima-konate club-stance Liverpool wants-to-keep")]
    [InlineData("Liverpool will not stand in Konate's way.", "ibrahima-konate club-stance Liverpool open-to-sale")]
    [InlineData("Konate is wanted by Real Madrid.", "ibrahima-konate interest Real Madrid interested")]
    public void a_cue_gives_its_claim(string text, string claim) => Of(text).ShouldBe([claim]);

    [Fact]
    public void a_bid_is_an_interest_and_an_offer_and_an_opening_bid_rejected_is_kept_beside_an_improved_one()
    {
        Of("Real Madrid have made an improved offer of £45m for Konate after an opening bid of £38m was rejected.").ShouldBe([
            "ibrahima-konate interest Real Madrid bid",
            "ibrahima-konate offer Real Madrid transfer-fee improved 45000000 GBP",
            "ibrahima-konate offer Real Madrid transfer-fee rejected 38000000 GBP",
        ]);
    }

    [Fact]
    public void an_accepted_bid_is_an_agreement_not_a_bid()
    {
        Of("Liverpool have accepted a €60 million offer from Real Madrid for Konate.").ShouldBe([
            "ibrahima-konate interest Real Madrid agreed",
            "ibrahima-konate offer Real Madrid transfer-fee accepted 60000000 EUR",
        ]);
    }

    [Fact]
    public void a_club_after_with_is_the_other_party_not_the_one_acting()
    {
        Of("Chelsea, meanwhile, remain in talks with Real Madrid and are confident of reaching an agreement for Konate.").ShouldBe([
            "ibrahima-konate interest Chelsea advanced",
            "ibrahima-konate expectation transfer Chelsea 0.8",
        ]);
    }

    [Fact]
    public void several_clubs_in_one_sentence_give_one_claim_each()
    {
        Of("Chelsea, Arsenal and Bayern are all monitoring Konate.").ShouldBe([
            "ibrahima-konate interest Chelsea monitoring",
            "ibrahima-konate interest Arsenal monitoring",
            "ibrahima-konate interest Bayern Munich monitoring",
        ]);
        Of("Konate is wanted by Real Madrid and Bayern.").ShouldBe([
            "ibrahima-konate interest Real Madrid interested",
            "ibrahima-konate interest Bayern Munich interested",
        ]);
    }

    [Fact]
    public void each_club_keeps_its_own_relation()
    {
        Of("Chelsea are in advanced talks over Konate while Arsenal have dropped out.").ShouldBe([
            "ibrahima-konate interest Chelsea advanced",
            "ibrahima-konate interest Arsenal withdrawn",
        ]);
    }

    [Fact]
    public void the_report_keeps_each_clubs_position_as_the_text_leaves_it()
    {
        Of("Real Madrid have been interested in Konate, but that interest is subsiding.").ShouldBe(["ibrahima-konate interest Real Madrid cooling"]);
        Of("Chelsea held talks with Konate's camp this week. Chelsea have now walked away.").ShouldBe(["ibrahima-konate interest Chelsea withdrawn"]);
    }

    [Fact]
    public void the_players_own_club_is_never_his_suitor()
    {
        Of("Liverpool are in talks with Konate over a new deal.").ShouldBeEmpty();
    }

    [Fact]
    public void a_sentence_the_drafter_does_not_understand_is_listed_as_unparsed()
    {
        var result = Draft("Chelsea have been linked with a move for Konate. Arsenal are keen on him.", sagas: Konate);
        result.Unparsed.Single().Text.ShouldBe("Chelsea have been linked with a move for Konate.");
        result.Claims().ShouldBe(["ibrahima-konate interest Arsenal interested"]);
    }
}
