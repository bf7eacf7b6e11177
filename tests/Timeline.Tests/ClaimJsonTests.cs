using System.Text.Json;
using Timeline.Api.Infrastructure;

namespace Timeline.Tests;

/// <summary>Claims are stored as JSON; what is read back must be what was written, whatever order the keys come in.</summary>
public class ClaimJsonTests
{
    private static readonly JsonSerializerOptions Stored = StoredOptions();

    /// <summary>What the store's serializer is given: the domain's vocabulary, read with its discriminator anywhere.</summary>
    private static JsonSerializerOptions StoredOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { AllowOutOfOrderMetadataProperties = true };
        TimelineJson.Vocabulary(options);
        return options;
    }

    public static TheoryData<Claim> EveryKind() =>
    [
        new InterestClaim("ibrahima-konate", "Real Madrid", InterestLevel.Withdrawn),
        new OfferClaim("ibrahima-konate", "Liverpool", OfferKind.ContractExtension, OfferStatus.Made, 180_000m, "GBP"),
        new PlayerStanceClaim("ibrahima-konate", PlayerStance.ExploringOptions, null, "2026-01"),
        new ClubStanceClaim("dayot-upamecano", "Bayern Munich", ClubStance.WantsToKeep),
        new ExpectationClaim("ibrahima-konate", ExpectedOutcome.Renewal, "Liverpool", 0.7),
        new OutcomeClaim("marc-guehi", OutcomeResult.Transferred, "Liverpool", 35_000_000m),
    ];

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void a_claim_round_trips_with_its_type_and_kebab_case_values(Claim claim)
    {
        var json = JsonSerializer.Serialize<Claim>(claim, Stored);
        using var document = JsonDocument.Parse(json);
        document.RootElement.GetProperty("type").GetString().ShouldBe(claim.Type);

        JsonSerializer.Deserialize<Claim>(json, Stored).ShouldBe(claim);
    }

    [Fact]
    public void the_type_need_not_come_first_as_jsonb_reorders_keys()
    {
        const string reordered = """{"club":"Real Madrid","saga":"ibrahima-konate","type":"interest","level":"cooling"}""";
        JsonSerializer.Deserialize<Claim>(reordered, Stored)
            .ShouldBe(new InterestClaim("ibrahima-konate", "Real Madrid", InterestLevel.Cooling));
    }

    [Fact]
    public void enum_values_are_written_with_their_contract_names()
    {
        JsonSerializer.Serialize<Claim>(new PlayerStanceClaim("s", PlayerStance.WantsToStay), Stored)
            .ShouldContain("\"stance\":\"wants-to-stay\"");
        Vocabulary<InterestLevel>.Names.ShouldBe(["monitoring", "interested", "advanced", "bid", "agreed", "cooling", "withdrawn"]);
    }
}
