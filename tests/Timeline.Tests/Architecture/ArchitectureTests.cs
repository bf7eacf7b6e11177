using Timeline.Api;

namespace Timeline.Tests.Architecture;

public class ArchitectureTests
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Service =
        CapabilityDependencies.Of(typeof(TimelineApp).Assembly, "Timeline.Api");

    [Fact]
    public void has_no_dependency_cycle_between_capability_folders()
    {
        Service.Keys.ShouldContain("ChangeFeed");
        Service.Keys.ShouldContain("Live");
        Service.Keys.ShouldContain("Webhooks");
        CapabilityDependencies.Cycles(Service).ShouldBeEmpty(
            "capability folders depend on each other: " + string.Join("; ", Service.Select(d => $"{d.Key} -> {string.Join(", ", d.Value)}")));
    }

    [Fact]
    public void lets_live_updates_and_webhooks_plug_into_the_change_feed_which_knows_neither()
    {
        Service["Live"].ShouldContain("ChangeFeed");
        Service["Webhooks"].ShouldContain("ChangeFeed");
        Service["ChangeFeed"].ShouldNotContain("Live");
        Service["ChangeFeed"].ShouldNotContain("Webhooks");
        Service["Infrastructure"].ShouldBeEmpty("infrastructure serves the capabilities and uses none");
        Service["Web"].ShouldBeEmpty("the page's routes use no capability (and Webhooks is not Web)");
    }

    [Fact]
    public void keeps_system_text_json_out_of_the_domain() =>
        CapabilityDependencies.UsingJson(typeof(SagaFold).Assembly).ShouldBeEmpty();

    [Fact]
    public void would_find_a_cycle_between_folders_even_one_hidden_in_an_async_method()
    {
        var fixture = CapabilityDependencies.Of(typeof(ArchitectureTests).Assembly, "Timeline.Tests.Architecture.Fixtures.Cyclic");

        fixture["Alpha"].ShouldBe(["Beta"]);
        fixture["Beta"].ShouldBe(["Alpha"]);
        CapabilityDependencies.Cycles(fixture).ShouldBe(["Alpha -> Beta -> Alpha"]);
        CapabilityDependencies.Cycles(new Dictionary<string, IReadOnlyList<string>>
        {
            ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A"], ["D"] = ["A"],
        }).ShouldBe(["A -> B -> C -> A"]);
    }

    [Fact]
    public void would_find_system_text_json_in_a_domain_that_used_it() =>
        CapabilityDependencies.UsingJson(typeof(ArchitectureTests).Assembly, "Timeline.Tests.Architecture.Fixtures.JsonDomain")
            .ShouldBe(["Timeline.Tests.Architecture.Fixtures.JsonDomain.WiredClaim"]);
}
