using static Timeline.Drafting.Tests.Drafting;

namespace Timeline.Drafting.Tests;

public sealed class Clubs
{
    [Theory]
    [InlineData("Man Utd", "Manchester United")]
    [InlineData("Spurs", "Tottenham Hotspur")]
    [InlineData("PSG", "Paris Saint-Germain")]
    [InlineData("Bayern", "Bayern Munich")]
    [InlineData("Inter", "Inter Milan")]
    [InlineData("Barca", "Barcelona")]
    [InlineData("Barça", "Barcelona")]
    [InlineData("the Gunners", "Arsenal")]
    [InlineData("the Magpies", "Newcastle United")]
    [InlineData("Atlético", "Atletico Madrid")]
    [InlineData("Al-Hilal", "Al Hilal")]
    [InlineData("Inter Miami", "Inter Miami")]
    [InlineData("Wolves", "Wolverhampton Wanderers")]
    public void an_alias_or_nickname_is_recorded_under_the_canonical_name(string written, string canonical) =>
        Draft($"{Capital(written)} are keeping tabs on Konate.", sagas: Konate).Claims().ShouldBe([$"ibrahima-konate interest {canonical} monitoring"]);

    private static string Capital(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    [Fact]
    public void every_alias_in_the_gazetteer_names_one_club()
    {
        Gazetteer.Default.Canonical("Man City").ShouldBe("Manchester City");
        Gazetteer.Default.Canonical("Manchester United").ShouldBe("Manchester United");
        Gazetteer.Default.Canonical("Sporting Lisbon").ShouldBe("Sporting CP");
        Gazetteer.Default.Canonical("The Athletic").ShouldBeNull();
    }

    [Fact]
    public void united_is_the_united_the_article_names_in_full()
    {
        Draft("Newcastle United are keen on Konate. United have also asked about him.", sagas: Konate).Claims()
            .ShouldBe(["ibrahima-konate interest Newcastle United interested"]);
        Draft("United are keen on Konate.", sagas: Konate).Claims().ShouldBe(["ibrahima-konate interest Manchester United interested"]);
    }

    [Fact]
    public void a_club_only_the_store_names_is_recognised()
    {
        var result = Drafter.Draft(new Article("Hashtag United are keeping tabs on Konate.", November30, "Test Daily", "Ann Writer"),
            new StoreKnowledge([Konate], ["Hashtag United"]));
        result.Claims().ShouldBe(["ibrahima-konate interest Hashtag United monitoring"]);
    }

    [Fact]
    public void the_players_own_club_describing_him_is_no_suitor()
    {
        Draft("Tottenham are keeping tabs on Lyon midfielder Mathis Delorme.").Claims().ShouldBe(["mathis-delorme interest Tottenham Hotspur monitoring"]);
    }

    [Theory]
    [InlineData("Yasin Demirel", "Brighton and Hove Albion", "Liverpool are keen on Yasin Demirel, but Brighton are adamant he is not for sale.", "yasin-demirel interest Liverpool interested", "yasin-demirel club-stance Brighton & Hove Albion wants-to-keep")]
    [InlineData("Oskar Nyberg", "Tromsø IL", "Celtic have opened talks with Tromsø IL over Oskar Nyberg.", "oskar-nyberg interest Celtic advanced")]
    [InlineData("Oskar Nyberg", "Tromsø IL", "Tromsø IL want to keep Oskar Nyberg.", "oskar-nyberg club-stance Tromsø IL wants-to-keep")]
    public void a_sagas_current_club_written_another_way_is_still_his_club_and_a_club_the_drafter_knows(string player, string club, string text, params string[] claims) =>
        ClaimsAbout(player, club, text).ShouldBe(claims);

    [Theory]
    [InlineData("Tobi Okonkwo", "Lille", "Chelsea have made contact with Lille over Tobi Okonkwo, but the French club want to keep him.", "tobi-okonkwo interest Chelsea interested", "tobi-okonkwo club-stance Lille wants-to-keep")]
    [InlineData("Dominic Asante", "Crystal Palace", "Dominic Asante wants to join Spurs, after the north London side made it clear they are keen on him.", "dominic-asante player-stance wants-move Tottenham Hotspur", "dominic-asante interest Tottenham Hotspur interested")]
    [InlineData("Ibrahima Konaté", "Liverpool", "Chelsea are keen on Konate. The Serie A giants have made an enquiry.", "ibrahima-konate interest Chelsea interested")]
    // A seller's stance spoken of by reference is the player's club's.
    [InlineData("Ibrahima Konaté", "Liverpool", "Arsenal are keen on Konate. 'He wants to go, and if the right offer comes, we will listen,' the manager said.", "ibrahima-konate interest Arsenal interested", "ibrahima-konate player-stance wants-move", "ibrahima-konate club-stance Liverpool open-to-sale")]
    public void a_described_club_is_the_last_club_named_that_answers_to_the_description(string player, string club, string text, params string[] claims) =>
        ClaimsAbout(player, club, text).ShouldBe(claims);

    [Theory]
    [InlineData("Ibrahima Konaté", "Liverpool", "Chelsea are leading the race for Konate, with Tottenham and Brighton also keen.", "ibrahima-konate interest Chelsea interested", "ibrahima-konate interest Tottenham Hotspur interested", "ibrahima-konate interest Brighton & Hove Albion interested")]
    [InlineData("Reuben Achterberg", "Everton", "Newcastle, who scouted Reuben Achterberg extensively while he was at AZ Alkmaar, are not pursuing a deal.", "reuben-achterberg club-stance Newcastle United not-pursuing")]
    public void clubs_after_with_act_when_the_cue_follows_them_and_a_club_a_clause_ends_on_is_no_subject(string player, string club, string text, params string[] claims) =>
        ClaimsAbout(player, club, text).ShouldBe(claims);
}
