using static Timeline.Drafting.Tests.Drafting;

namespace Timeline.Drafting.Tests;

public sealed class Sentences
{
    private static List<string> Split(string text) =>
        Layout.Split(text, Folding.Fold(text)).Where(s => !s.IsHeading).Select(s => text[s.Start..s.End]).ToList();

    [Fact]
    public void abbreviations_initials_and_decimals_do_not_end_a_sentence()
    {
        Split("Mr. Smith says St. Pauli want R. Lewandowski for £2.5m. Chelsea are keen.")
            .ShouldBe(["Mr. Smith says St. Pauli want R. Lewandowski for £2.5m.", "Chelsea are keen."]);
    }

    [Fact]
    public void a_quote_ends_with_its_sentence_and_a_question_mark_ends_one_too()
    {
        Split("'I am happy here. I want to stay,' he said. Will he? Nobody knows.")
            .ShouldBe(["'I am happy here.", "I want to stay,' he said.", "Will he?", "Nobody knows."]);
    }

    [Fact]
    public void a_headline_and_a_cross_heading_are_not_sentences_of_the_body()
    {
        var text = "Arsenal close in on Ibanez\n\nArsenal are in talks with Villarreal.\n\nWhat happens next\n\nA fee is expected to be agreed.";
        Split(text).ShouldBe(["Arsenal are in talks with Villarreal.", "A fee is expected to be agreed."]);
        Draft(text).Claims().ShouldNotContain(c => c.Contains("Ibanez", StringComparison.Ordinal));
    }

    [Fact]
    public void a_round_up_item_ending_in_a_bracketed_credit_is_body_text()
    {
        var text = "Gossip\n\nCeltic have accepted a £9m offer from Brentford for centre-back Aidan McGarry, 22. (Glasgow Courier)";
        Split(text).Count.ShouldBe(2);
        Draft(text).Drafts.Single().Report.Outlet.ShouldBe("Glasgow Courier");
    }

    [Fact]
    public void offsets_are_utf16_positions_in_the_submitted_text_even_after_emoji()
    {
        var text = "🚨🚨 Deal news 🚨\n\nFull agreement reached between Napoli and Atalanta for Davide Morandi, here we go! 🤝";
        var result = Draft(text, "Marco Venturi", "Marco Venturi", sagas: new KnownSaga("davide-morandi", "Davide Morandi", "Atalanta"));
        var evidence = result.Drafts.Single().Evidence.First();
        text[evidence.CueStart..evidence.CueEnd].ShouldBe(evidence.Cue);
        text[evidence.Start..evidence.End].ShouldStartWith("Full agreement");
    }

    [Theory]
    [InlineData("Nikola Radanović", "Bologna", "Juventus have returned for Nikola Radanović after their opening proposal, worth €25m, was turned down on Monday.", "nikola-radanovic interest Juventus bid", "nikola-radanovic offer Juventus transfer-fee rejected 25000000 EUR")]
    [InlineData("Lucas Moreau", "Manchester City", "Lucas Moreau is wanted by Real Madrid. Real Madrid have been in negotiations for a fortnight.", "lucas-moreau interest Real Madrid interested", "lucas-moreau interest Real Madrid advanced")]
    [InlineData("Lucas Moreau", "Manchester City", "Lucas Moreau is wanted by Real Madrid. Chelsea are in talks for a replacement.", "lucas-moreau interest Real Madrid interested")]
    public void a_figure_between_commas_is_an_aside_and_negotiations_for_a_fortnight_are_about_the_player_but_talks_for_a_replacement_are_not(string player, string club, string text, params string[] claims) =>
        ClaimsAbout(player, club, text).ShouldBe(claims);
}
