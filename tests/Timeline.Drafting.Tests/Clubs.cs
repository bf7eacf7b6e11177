using static Timeline.Drafting.Tests.Drafting;

namespace Timeline.Drafting.Tests;

public sealed class Clubs
{
    private static readonly KnownSaga Konate = new("ibrahima-konate", "Ibrahima Konaté", "Liverpool");

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

    [Fact]
    public void a_sagas_current_club_written_another_way_is_still_his_club_and_a_club_the_drafter_knows()
    {
        var demirel = new KnownSaga("yasin-demirel", "Yasin Demirel", "Brighton and Hove Albion");
        Draft("Liverpool are keen on Yasin Demirel, but Brighton are adamant he is not for sale.", sagas: demirel).Claims().ShouldBe([
            "yasin-demirel interest Liverpool interested",
            "yasin-demirel club-stance Brighton & Hove Albion wants-to-keep",
        ]);
        var nyberg = new KnownSaga("oskar-nyberg", "Oskar Nyberg", "Tromsø IL");
        Draft("Celtic have opened talks with Tromsø IL over Oskar Nyberg.", sagas: nyberg).Claims().ShouldBe(["oskar-nyberg interest Celtic advanced"]);
        Draft("Tromsø IL want to keep Oskar Nyberg.", sagas: nyberg).Claims().ShouldBe(["oskar-nyberg club-stance Tromsø IL wants-to-keep"]);
    }

    [Fact]
    public void a_described_club_is_the_last_club_named_that_answers_to_the_description()
    {
        var okonkwo = new KnownSaga("tobi-okonkwo", "Tobi Okonkwo", "Lille");
        Draft("Chelsea have made contact with Lille over Tobi Okonkwo, but the French club want to keep him.", sagas: okonkwo).Claims().ShouldBe([
            "tobi-okonkwo interest Chelsea interested",
            "tobi-okonkwo club-stance Lille wants-to-keep",
        ]);
        var asante = new KnownSaga("dominic-asante", "Dominic Asante", "Crystal Palace");
        Draft("Dominic Asante wants to join Spurs, after the north London side made it clear they are keen on him.", sagas: asante).Claims().ShouldBe([
            "dominic-asante player-stance wants-move Tottenham Hotspur",
            "dominic-asante interest Tottenham Hotspur interested",
        ]);
        Draft("Chelsea are keen on Konate. The Serie A giants have made an enquiry.", sagas: Konate).Claims().ShouldBe(["ibrahima-konate interest Chelsea interested"]);
    }

    [Fact]
    public void clubs_after_with_act_when_the_cue_follows_them_and_a_club_a_clause_ends_on_is_no_subject()
    {
        Draft("Chelsea are leading the race for Konate, with Tottenham and Brighton also keen.", sagas: Konate).Claims().ShouldBe([
            "ibrahima-konate interest Chelsea interested",
            "ibrahima-konate interest Tottenham Hotspur interested",
            "ibrahima-konate interest Brighton & Hove Albion interested",
        ]);
        var achterberg = new KnownSaga("reuben-achterberg", "Reuben Achterberg", "Everton");
        Draft("Newcastle, who scouted Reuben Achterberg extensively while he was at AZ Alkmaar, are not pursuing a deal.", sagas: achterberg).Claims()
            .ShouldBe(["reuben-achterberg club-stance Newcastle United not-pursuing"]);
    }

    [Fact]
    public void a_sellers_stance_spoken_of_by_reference_is_the_players_club()
    {
        Draft("Arsenal are keen on Konate. 'He wants to go, and if the right offer comes, we will listen,' the manager said.", sagas: Konate).Claims().ShouldBe([
            "ibrahima-konate interest Arsenal interested",
            "ibrahima-konate player-stance wants-move",
            "ibrahima-konate club-stance Liverpool open-to-sale",
        ]);
    }
}
