using static Timeline.Drafting.Tests.Drafting;

namespace Timeline.Drafting.Tests;

public sealed class Attribution
{
    private static List<(string Outlet, string Reporter, string Claim)> Sources(DraftResult result) =>
        result.Drafts.SelectMany(d => d.Report.Claims.Select(c => (d.Report.Outlet, d.Report.Reporter, Short(c)))).ToList();

    /// <summary>A claim credited to the article's own outlet and reporter (the ones <see cref="Drafting.Draft"/> gives it).</summary>
    private static (string Outlet, string Reporter, string Claim) Own(string claim) => ("Test Daily", "Ann Writer", claim);

    [Theory]
    // A plural verb credits an outlet, and a verb before the outlet reads past its article.
    [InlineData("The Sun report Chelsea are monitoring Konate.", "The Sun")]
    [InlineData("RMC Sport add that Chelsea are monitoring Konate.", "RMC Sport")]
    [InlineData("Chelsea are monitoring Konate, the Daily Mail say.", "Daily Mail")]
    [InlineData("Chelsea are monitoring Konate, says the Telegraph.", "Telegraph")]
    [InlineData("Chelsea are monitoring Konate, reports the Express.", "Express")]
    [InlineData("Chelsea are monitoring Konate, writes The Times.", "The Times")]
    [InlineData("Chelsea are monitoring Konate, as reported by Sky Sports.", "Sky Sports")]
    [InlineData("As revealed by The Athletic, Chelsea are monitoring Konate.", "The Athletic")]
    [InlineData("Chelsea are monitoring Konate, according to a report from Marca.", "Marca")]
    [InlineData("Marca are reporting that Chelsea are monitoring Konate.", "Marca")]
    // "According to" an outlet credits it with the outlet as reporter.
    [InlineData("Chelsea are monitoring Konate, according to The Athletic.", "The Athletic")]
    // A journalist's job between outlet and name is read past.
    [InlineData("BBC Sport's chief football writer Phil McNulty says Chelsea are monitoring Konate.", "BBC Sport", "Phil McNulty")]
    [InlineData("Sky Sports chief reporter Kaveh Solhekol says Chelsea are monitoring Konate.", "Sky Sports", "Kaveh Solhekol")]
    [InlineData("According to BBC Sport's chief football writer Phil McNulty, Chelsea are monitoring Konate.", "BBC Sport", "Phil McNulty")]
    [InlineData("Portuguese outlet A Bola reports that Chelsea are monitoring Konate.", "A Bola")]
    public void an_outlet_crediting_the_claim_is_its_outlet_and_its_reporter_unless_it_names_its_journalist(string text, string outlet, string? journalist = null) =>
        Sources(Draft(text, sagas: Konate)).ShouldBe([(outlet, journalist ?? outlet, "ibrahima-konate interest Chelsea monitoring")]);

    [Fact]
    public void an_outlets_journalist_says_and_he_adds()
    {
        Sources(Draft("Sky Sports' Vinny O’Connor says Chelsea are monitoring Konate. 'They have also opened talks,' he added.", sagas: Konate)).ShouldBe([
            ("Sky Sports", "Vinny O'Connor", "ibrahima-konate interest Chelsea monitoring"),
            ("Sky Sports", "Vinny O'Connor", "ibrahima-konate interest Chelsea advanced"),
        ]);
    }

    [Fact]
    public void per_an_independent_journalist_makes_him_outlet_and_reporter()
    {
        Sources(Draft("Per journalist Matteo Ricci, Galatasaray have made contact with Konate's representatives.", sagas: Konate))
            .ShouldBe([("Matteo Ricci", "Matteo Ricci", "ibrahima-konate interest Galatasaray interested")]);
    }

    [Fact]
    public void the_articles_own_outlet_understands_and_unattributed_claims_are_its_own()
    {
        var s = Sources(Draft("Test Daily understands Arsenal are keen on Konate. Chelsea are also monitoring him.", sagas: Konate));
        s.ShouldAllBe(x => x.Outlet == "Test Daily" && x.Reporter == "Ann Writer");
        s.Count.ShouldBe(2);
    }

    [Fact]
    public void a_bracketed_outlet_credits_the_whole_round_up_item()
    {
        var result = Draft("Round-up\n\nArsenal are keen on Konate. Chelsea are also monitoring him. (Mirror)\n\nBayern have no interest in Konate.", sagas: Konate);
        Sources(result).ShouldBe([
            ("Mirror", "Mirror", "ibrahima-konate interest Arsenal interested"),
            ("Mirror", "Mirror", "ibrahima-konate interest Chelsea monitoring"),
            Own("ibrahima-konate club-stance Bayern Munich not-pursuing"),
        ]);
    }

    [Fact]
    public void a_leading_credit_carries_through_its_paragraph_a_trailing_one_does_not()
    {
        var leading = Sources(Draft("According to Marca, Arsenal are keen on Konate. Chelsea are also monitoring him.", sagas: Konate));
        leading.ShouldAllBe(x => x.Outlet == "Marca");
        var trailing = Sources(Draft("Arsenal are keen on Konate, according to Marca. Chelsea, meanwhile, are monitoring him.", sagas: Konate));
        trailing.Select(x => x.Outlet).ShouldBe(["Marca", "Test Daily"]);
    }

    [Fact]
    public void the_paper_adds_continues_the_last_outlet_and_a_quote_continues_its_speaker()
    {
        var paper = Sources(Draft("Arsenal have opened talks for Konate, Diario Balón reports. The Spanish paper adds that Chelsea are monitoring him.", sagas: Konate));
        paper.ShouldAllBe(x => x.Outlet == "Diario Balón");
        var quote = Sources(Draft("'Liverpool want to keep him,' reported O'Connor of Sky Sports.\n\n'Real Madrid have cooled their interest.'", "Sky Sports", "Vinny O'Connor", sagas: Konate));
        quote.ShouldAllBe(x => x.Outlet == "Sky Sports");
    }

    [Fact]
    public void a_player_or_a_manager_speaking_is_not_a_source()
    {
        var s = Sources(Draft("'I'm happy here,' Konate said. Arne Slot says Liverpool want to keep him. Konate says he wants to stay.", sagas: Konate));
        s.ShouldAllBe(x => x.Outlet == "Test Daily");
        s.Count.ShouldBe(2);
    }

    [Fact]
    public void a_passive_reporting_verb_a_club_saying_or_a_capitalised_name_ending_like_a_verb_credits_no_one()
    {
        Sources(Draft("Bayern say Chelsea are monitoring Konate.", sagas: Konate)).Single().Outlet.ShouldBe("Test Daily");
        Sources(Draft("Konate is understood to be weighing up his future.", sagas: Konate)).ShouldBe([Own("ibrahima-konate player-stance exploring-options")]);
        Sources(Draft("Konate is weighing up offers from Australia and the United States.", sagas: Konate)).Single().Outlet.ShouldBe("Test Daily");
        Sources(Draft("AS adds that Sevilla are monitoring Konate.", sagas: Konate)).Single().Outlet.ShouldBe("AS");
    }

    [Fact]
    public void one_draft_per_source_and_the_own_journalist_named_in_the_text_signs_the_articles_own_claims()
    {
        var result = Draft("Our own insider, Dean Jones, has been told Arsenal are keen on Konate.\n\nChelsea are monitoring him, according to Sky Sports.", "TEAMtalk", null, sagas: Konate);
        result.Drafts.Select(d => $"{d.Report.Outlet}/{d.Report.Reporter}").ShouldBe(["TEAMtalk/Dean Jones", "Sky Sports/Sky Sports"]);
        result.Drafts[0].Attribution!.Source.ShouldBe("Our own insider, Dean Jones");
    }

    [Fact]
    public void we_understand_credits_the_article_and_leaves_the_club_after_it_the_subject()
    {
        var result = Draft("Newcastle are keen on Konate.\n\nWe understand Fulham have made contact with Liverpool about Konate.", sagas: Konate);
        Sources(result).ShouldBe([Own("ibrahima-konate interest Newcastle United interested"), Own("ibrahima-konate interest Fulham interested")]);
        result.Drafts[0].Attribution!.Source.ShouldBe("We understand");
    }
}
