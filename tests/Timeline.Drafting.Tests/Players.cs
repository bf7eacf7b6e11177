using static Timeline.Drafting.Tests.Drafting;

namespace Timeline.Drafting.Tests;

public sealed class Players
{
    private static readonly KnownSaga Guehi = new("marc-guehi", "Marc Guéhi", "Crystal Palace");

    [Fact]
    public void a_saga_is_found_by_full_name_surname_without_accents_and_possessive()
    {
        Draft("Chelsea are keen on Ibrahima Konaté.", sagas: Konate).Claims().ShouldBe(["ibrahima-konate interest Chelsea interested"]);
        Draft("Chelsea are keen on Konate.", sagas: Konate).Claims().ShouldBe(["ibrahima-konate interest Chelsea interested"]);
        Draft("Chelsea have held talks with Konate's camp.", sagas: Konate).Claims().ShouldBe(["ibrahima-konate interest Chelsea advanced"]);
    }

    [Fact]
    public void a_surname_shared_by_two_sagas_is_not_resolved_alone()
    {
        var jones = new KnownSaga("curtis-jones", "Curtis Jones", "Liverpool");
        var other = new KnownSaga("harvey-jones", "Harvey Jones", "Everton");
        Draft("Chelsea are keen on Jones.", sagas: [jones, other]).Claims().ShouldBeEmpty();
    }

    [Fact]
    public void he_the_defender_and_the_26_year_old_refer_to_the_player_named_last()
    {
        var result = Draft("Crystal Palace centre-back Marc Guehi is wanted by many. Chelsea are keen on the 26-year-old. Arsenal have also asked about him.", sagas: [Konate, Guehi]);
        result.Claims().ShouldBe(["marc-guehi interest Chelsea interested", "marc-guehi interest Arsenal interested"]);
    }

    [Fact]
    public void a_player_with_no_saga_is_listed_with_a_suggested_slug_and_the_club_the_text_gives_him_and_his_claims_use_it()
    {
        var result = Draft("Tottenham are keeping tabs on Lyon midfielder Mathis Delorme, 23.");
        result.Players.ShouldBe([new NamedPlayer("Mathis Delorme", null, "mathis-delorme", "Lyon")]);
        result.Claims().ShouldBe(["mathis-delorme interest Tottenham Hotspur monitoring"]);
    }

    [Fact]
    public void a_name_that_starts_like_a_club_is_a_name()
    {
        var result = Draft("Sevilla have released forward Milan Horvat. Galatasaray have made contact with Horvat's representatives.");
        result.Players.Single().SuggestedSlug.ShouldBe("milan-horvat");
        result.Claims().ShouldContain("milan-horvat interest Galatasaray interested");
        result.Claims().ShouldNotContain(c => c.Contains("AC Milan", StringComparison.Ordinal));
    }

    [Fact]
    public void journalists_and_managers_are_not_players()
    {
        var result = Draft("Sportwelt's Florian Ebner says Bayern have held talks with Lyon defender Maxime Lacombe. Manager Pierre Sage is calm.");
        result.Players.Select(p => p.Name).ShouldBe(["Maxime Lacombe"]);
    }
}
