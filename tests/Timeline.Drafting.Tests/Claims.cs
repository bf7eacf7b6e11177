using static Timeline.Drafting.Tests.Drafting;

namespace Timeline.Drafting.Tests;

/// <summary>Each claim type from its cues, several clubs in a sentence, each club with its own relation.</summary>
public sealed class Claims
{
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
    [InlineData("Konate has been sounded out by Real Madrid.", "ibrahima-konate interest Real Madrid interested")]
    [InlineData("Konate is being closely monitored by Bayern.", "ibrahima-konate interest Bayern Munich monitoring")]
    [InlineData("Liverpool will not sanction a January exit for Konate.", "ibrahima-konate club-stance Liverpool wants-to-keep")]
    [InlineData("Liverpool are happy to keep Konate.", "ibrahima-konate club-stance Liverpool wants-to-keep")]
    [InlineData("Konate has told friends that Real Madrid is his preferred destination.", "ibrahima-konate player-stance wants-move Real Madrid")]
    [InlineData("Konate's preferred destination is Real Madrid.", "ibrahima-konate player-stance wants-move Real Madrid")]
    [InlineData("Real Madrid are no longer involved in the race for Konate.", "ibrahima-konate interest Real Madrid withdrawn")]
    [InlineData("Real Madrid have now given up on the deal for Konate.", "ibrahima-konate interest Real Madrid withdrawn")]
    [InlineData("Konate, 26, has not ruled out a move abroad.", "ibrahima-konate player-stance exploring-options")]
    [InlineData("Konate will weigh up proposals from abroad.", "ibrahima-konate player-stance exploring-options")]
    [InlineData("Konate has signed a two-year contract extension.", "ibrahima-konate outcome renewed")]
    [InlineData("Liverpool have released defender Ibrahima Konate.", "ibrahima-konate outcome released")]
    [InlineData("Konate said: 'I have never wanted to be anywhere else.'", "ibrahima-konate player-stance wants-to-stay")]
    [InlineData("Konate is 29. Liverpool have offered the 29-year-old a one-year extension.", "ibrahima-konate offer Liverpool contract-extension made")]
    [InlineData("A final agreement with Real Madrid could be reached this week for Konate.", "ibrahima-konate expectation transfer Real Madrid 0.3")]
    [InlineData("Konate is in talks. 'My feeling is he joins Real Madrid next summer.'", "ibrahima-konate expectation transfer Real Madrid 0.6")]
    [InlineData("Real Madrid have identified Liverpool defender Ibrahima Konate as a target.", "ibrahima-konate interest Real Madrid interested")]
    [InlineData("Liverpool are prepared to let French defender Ibrahima Konate leave.", "ibrahima-konate club-stance Liverpool open-to-sale")]
    [InlineData("Konate wants to go in January.", "ibrahima-konate player-stance wants-move from 2026-01")]
    [InlineData("Real Madrid have reached full agreement with Liverpool for Konate.", "ibrahima-konate interest Real Madrid agreed")]
    [InlineData("Real Madrid are making contact with Konate's agent.", "ibrahima-konate interest Real Madrid interested")]
    [InlineData("Konate is on Chelsea's radar.", "ibrahima-konate interest Chelsea monitoring")]
    [InlineData("Chelsea have put Konate on their shortlist.", "ibrahima-konate interest Chelsea interested")]
    [InlineData("Chelsea are in the race for Konate.", "ibrahima-konate interest Chelsea interested")]
    [InlineData("Chelsea have contacted Liverpool about Konate.", "ibrahima-konate interest Chelsea interested")]
    [InlineData("Negotiations are ongoing between Chelsea and Liverpool for Konate.", "ibrahima-konate interest Chelsea advanced")]
    [InlineData("Konate's representatives are in talks with Chelsea.", "ibrahima-konate interest Chelsea advanced")]
    [InlineData("Konate is 26. He is in talks with Championship side Stoke City.", "ibrahima-konate interest Stoke City advanced")]
    [InlineData("Chelsea have struck a deal to sign Konate from Liverpool.", "ibrahima-konate interest Chelsea agreed")]
    [InlineData("A fee has been agreed between Chelsea and Liverpool for Konate.", "ibrahima-konate interest Chelsea agreed")]
    [InlineData("Chelsea have agreed terms with Liverpool for Konate.", "ibrahima-konate interest Chelsea agreed")]
    [InlineData("Chelsea have a deal in place with Liverpool for Konate.", "ibrahima-konate interest Chelsea agreed")]
    [InlineData("Chelsea have pulled the plug on a move for Konate.", "ibrahima-konate interest Chelsea withdrawn")]
    [InlineData("Chelsea are no longer as keen on Konate.", "ibrahima-konate interest Chelsea cooling")]
    [InlineData("Chelsea have denied any interest in Konate.", "ibrahima-konate club-stance Chelsea not-pursuing")]
    [InlineData("Chelsea have dismissed reports linking them with Konate.", "ibrahima-konate club-stance Chelsea not-pursuing")]
    [InlineData("Chelsea denied reports they had made an offer for Konate.", "ibrahima-konate club-stance Chelsea not-pursuing")]
    [InlineData("Chelsea have no intention of signing Konate.", "ibrahima-konate club-stance Chelsea not-pursuing")]
    [InlineData("Liverpool are refusing to sell Konate.", "ibrahima-konate club-stance Liverpool wants-to-keep")]
    [InlineData("Liverpool will resist any approach for Konate.", "ibrahima-konate club-stance Liverpool wants-to-keep")]
    [InlineData("Liverpool view Konate as a key part of their plans.", "ibrahima-konate club-stance Liverpool wants-to-keep")]
    [InlineData("Liverpool have made Konate available for transfer.", "ibrahima-konate club-stance Liverpool open-to-sale")]
    [InlineData("Liverpool are prepared to sanction Konate's sale.", "ibrahima-konate club-stance Liverpool open-to-sale")]
    [InlineData("Liverpool have begun searching for Konate's successor.", "ibrahima-konate club-stance Liverpool seeking-replacement")]
    [InlineData("Konate is committed to Liverpool.", "ibrahima-konate player-stance wants-to-stay")]
    [InlineData("Konate has set his heart on a move to Chelsea.", "ibrahima-konate player-stance wants-move Chelsea")]
    [InlineData("Konate favours a move to Chelsea.", "ibrahima-konate player-stance wants-move Chelsea")]
    [InlineData("Konate has reached an agreement with Chelsea on personal terms.", "ibrahima-konate player-stance agreed-terms Chelsea")]
    [InlineData("Konate is yet to decide on his future.", "ibrahima-konate player-stance exploring-options")]
    [InlineData("Chelsea are confident of signing Konate.", "ibrahima-konate expectation transfer Chelsea 0.8")]
    [InlineData("Chelsea are on the verge of signing Konate.", "ibrahima-konate expectation transfer Chelsea 0.8")]
    [InlineData("Konate could be heading to Chelsea.", "ibrahima-konate expectation transfer Chelsea 0.3")]
    [InlineData("An announcement on Konate's move to Chelsea is expected soon.", "ibrahima-konate expectation transfer Chelsea 0.8")]
    [InlineData("Chelsea have signed Konate from Liverpool.", "ibrahima-konate outcome transferred Chelsea")]
    [InlineData("Konate has been unveiled as a Chelsea player.", "ibrahima-konate outcome transferred Chelsea")]
    [InlineData("Liverpool have tied Konate down to a new long-term contract.", "ibrahima-konate outcome renewed")]
    [InlineData("Liverpool have terminated Konate's contract.", "ibrahima-konate outcome released")]
    [InlineData("The Chelsea hierarchy are keen on Konate.", "ibrahima-konate interest Chelsea interested")]
    [InlineData("Konate is a target for Chelsea. The 26-year-old is also wanted by Arsenal.", "ibrahima-konate interest Chelsea interested|ibrahima-konate interest Arsenal interested")]
    public void a_cue_gives_its_claim(string text, string claim) => Of(text).ShouldBe(claim.Split('|'));

    [Theory]
    [InlineData("Chelsea have made a formal approach worth £40m for Konate.")]
    [InlineData("Chelsea have bid £40m for Konate.")]
    [InlineData("Chelsea have offered £40m for Konate.")]
    public void a_figure_offered_is_a_bid(string text) =>
        Of(text).ShouldBe(["ibrahima-konate interest Chelsea bid", "ibrahima-konate offer Chelsea transfer-fee made 40000000 GBP"]);

    [Fact]
    public void a_replacement_is_for_the_player_it_names_or_the_one_spoken_of_before()
    {
        var koumba = new KnownSaga("bastien-koumba", "Bastien Koumba", "Lens");
        var garreau = new KnownSaga("mathis-garreau", "Mathis Garreau", "Lorient");
        Draft("Lens have opened talks with Lorient over winger Mathis Garreau as Koumba's replacement.", sagas: [koumba, garreau]).Claims().ShouldBe([
            "mathis-garreau interest Lens advanced",
            "bastien-koumba club-stance Lens seeking-replacement",
        ]);
        Draft("Bastien Koumba wants to leave.\n\nLens have made contact with Lorient about winger Mathis Garreau as a possible replacement.", sagas: [koumba, garreau]).Claims().ShouldBe([
            "bastien-koumba player-stance wants-move",
            "mathis-garreau interest Lens interested",
            "bastien-koumba club-stance Lens seeking-replacement",
        ]);
        Draft("Lens have identified Lorient winger Mathis Garreau as their preferred replacement for Bastien Koumba.", sagas: [koumba, garreau]).Claims().ShouldBe([
            "mathis-garreau interest Lens interested",
            "bastien-koumba club-stance Lens seeking-replacement",
        ]);
        Of("Bayern see Konate as the ideal replacement for their captain.").ShouldBe(["ibrahima-konate interest Bayern Munich interested"]);
    }

    [Theory]
    [InlineData("The window closed on Monday.\n\nKonate remains a Liverpool player despite a summer of speculation.", "ibrahima-konate outcome stayed")]
    [InlineData("Deadline day live\n\nConfirmed: Konate stays at Liverpool.", "ibrahima-konate outcome stayed")]
    [InlineData("Konate remains a Liverpool player despite interest from Chelsea.", "ibrahima-konate interest Chelsea interested")]
    [InlineData("The window closed on Monday. Chelsea remain in talks over Konate.", "ibrahima-konate interest Chelsea advanced")]
    public void staying_put_is_an_outcome_only_once_the_window_has_shut(string text, params string[] claims) => Of(text).ShouldBe(claims);

    [Theory]
    [InlineData("Liverpool have rejected a £40m bid for Konate from Chelsea.", "ibrahima-konate interest Chelsea bid", "ibrahima-konate offer Chelsea transfer-fee rejected 40000000 GBP")]
    [InlineData("Konate earns £200,000 a week. Chelsea have offered £200,000 a week.")]
    [InlineData("Liverpool have rejected an offer worth $80 million from Saudi Arabian club Al Hilal for Konate.", "ibrahima-konate interest Al Hilal bid", "ibrahima-konate offer Al Hilal transfer-fee rejected 80000000 USD")]
    [InlineData("Liverpool rejected a £38m deadline-day offer from Newcastle for Konate.", "ibrahima-konate interest Newcastle United bid", "ibrahima-konate offer Newcastle United transfer-fee rejected 38000000 GBP")]
    [InlineData("Konate was the subject of interest. Newcastle's late £25m bid for the defender was turned down by Liverpool.", "ibrahima-konate interest Newcastle United bid", "ibrahima-konate offer Newcastle United transfer-fee rejected 25000000 GBP")]
    public void the_bidder_is_the_club_the_bid_for_the_player_comes_from_named_after_the_player_or_described_before_its_name(string text, params string[] claims) =>
        Of(text).ShouldBe(claims);

    [Theory]
    [InlineData("Konate has not ruled out a move to Spain.", "ibrahima-konate player-stance exploring-options")]
    [InlineData("Real Madrid have ruled out a move for Konate.", "ibrahima-konate club-stance Real Madrid not-pursuing")]
    public void a_cue_inside_a_longer_one_is_part_of_it(string text, params string[] claims) => Of(text).ShouldBe(claims);

    [Theory]
    [InlineData("Real Madrid have made an improved offer of £45m for Konate after an opening bid of £38m was rejected.", "ibrahima-konate interest Real Madrid bid", "ibrahima-konate offer Real Madrid transfer-fee improved 45000000 GBP", "ibrahima-konate offer Real Madrid transfer-fee rejected 38000000 GBP")]
    [InlineData("Liverpool have accepted a €60 million offer from Real Madrid for Konate.", "ibrahima-konate interest Real Madrid agreed", "ibrahima-konate offer Real Madrid transfer-fee accepted 60000000 EUR")]
    public void a_bid_is_an_interest_and_an_offer_an_opening_bid_rejected_is_kept_beside_an_improved_one_and_an_accepted_bid_is_an_agreement(string text, params string[] claims) =>
        Of(text).ShouldBe(claims);

    [Theory]
    [InlineData("Chelsea, Arsenal and Bayern are all monitoring Konate.", "ibrahima-konate interest Chelsea monitoring", "ibrahima-konate interest Arsenal monitoring", "ibrahima-konate interest Bayern Munich monitoring")]
    [InlineData("Konate is wanted by Real Madrid and Bayern.", "ibrahima-konate interest Real Madrid interested", "ibrahima-konate interest Bayern Munich interested")]
    [InlineData("Chelsea are in advanced talks over Konate while Arsenal have dropped out.", "ibrahima-konate interest Chelsea advanced", "ibrahima-konate interest Arsenal withdrawn")]
    [InlineData("Real Madrid have been interested in Konate, but that interest is subsiding.", "ibrahima-konate interest Real Madrid cooling")]
    [InlineData("Chelsea held talks with Konate's camp this week. Chelsea have now walked away.", "ibrahima-konate interest Chelsea withdrawn")]
    public void several_clubs_give_one_claim_each_and_each_keeps_its_own_relation_as_the_text_leaves_it(string text, params string[] claims) =>
        Of(text).ShouldBe(claims);

    [Theory]
    [InlineData("Chelsea, meanwhile, remain in talks with Real Madrid and are confident of reaching an agreement for Konate.", "ibrahima-konate interest Chelsea advanced", "ibrahima-konate expectation transfer Chelsea 0.8")]
    [InlineData("Liverpool are in talks with Konate over a new deal.")]
    public void a_club_after_with_is_the_other_party_not_the_one_acting_and_the_players_own_club_is_never_his_suitor(string text, params string[] claims) =>
        Of(text).ShouldBe(claims);

    [Fact]
    public void a_sentence_the_drafter_does_not_understand_is_listed_as_unparsed()
    {
        var result = Draft("Chelsea have been linked with a move for Konate. Arsenal are keen on him.", sagas: Konate);
        result.Unparsed.Single().Text.ShouldBe("Chelsea have been linked with a move for Konate.");
        result.Claims().ShouldBe(["ibrahima-konate interest Arsenal interested"]);
    }
}
