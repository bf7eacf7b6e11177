using Timeline.Api.Demo;

namespace Timeline.Api.Tests;

public sealed class when_the_demo_data_is_loaded(TimelineFixture fixture) : IntegrationTest(fixture)
{
    private Task<SeedSummary> Seed() => DemoSeeder.SeedAsync(Fixture.Store, TimeProvider.System, CancellationToken.None);

    private static JsonElement Suitor(JsonElement state, string club) =>
        state.GetProperty("suitors").EnumerateArray().Single(x => x.GetProperty("club").GetString() == club);

    [Fact]
    public async Task konate_on_29_november_2025_is_the_article()
    {
        await Seed();
        var state = await GetJson("/api/sagas/ibrahima-konate?asOf=2025-11-29");

        var madrid = Suitor(state, "Real Madrid");
        madrid.GetProperty("interest").GetString().ShouldBe("withdrawn");
        state.GetProperty("playerStance").GetProperty("stance").GetString().ShouldBe("exploring-options");
        state.GetProperty("playerStance").GetProperty("from").GetString().ShouldBe("2026-01");
        state.GetProperty("playerStance").GetProperty("reporter").GetString().ShouldBe("Vinny O'Connor");
        state.GetProperty("clubStances").EnumerateArray()
            .Single(x => x.GetProperty("club").GetString() == "Liverpool").GetProperty("stance").GetString()
            .ShouldBe("wants-to-keep");
        var expectation = state.GetProperty("expectations").EnumerateArray().Single();
        expectation.GetProperty("reporter").GetString().ShouldBe("Dean Jones");
        expectation.GetProperty("outlet").GetString().ShouldBe("TEAMtalk");
        expectation.GetProperty("outcome").GetString().ShouldBe("renewal");
    }

    [Fact]
    public async Task the_athletic_broke_the_withdrawal_on_friday_28_november()
    {
        await Seed();
        var friday = await GetJson("/api/sagas/ibrahima-konate?asOf=2025-11-28");
        Suitor(friday, "Real Madrid").GetProperty("outlet").GetString().ShouldBe("The Athletic");
        Suitor(friday, "Real Madrid").GetProperty("interest").GetString().ShouldBe("withdrawn");
        var before = await GetJson("/api/sagas/ibrahima-konate?asOf=2025-11-27");
        Suitor(before, "Real Madrid").GetProperty("interest").GetString().ShouldBe("advanced");
    }

    [Fact]
    public async Task guehi_and_upamecano_carry_the_sky_sports_claims()
    {
        await Seed();
        var guehi = await GetJson("/api/sagas/marc-guehi");
        Suitor(guehi, "Liverpool").GetProperty("interest").GetString().ShouldBe("interested");
        Suitor(guehi, "Bayern Munich").GetProperty("reporter").GetString().ShouldBe("Vinny O'Connor");
        var upamecano = await GetJson("/api/sagas/dayot-upamecano");
        upamecano.GetProperty("clubStances")[0].GetProperty("club").GetString().ShouldBe("Bayern Munich");
        upamecano.GetProperty("clubStances")[0].GetProperty("stance").GetString().ShouldBe("wants-to-keep");
    }

    [Fact]
    public async Task replaying_konate_across_2025_shows_real_madrid_rising_then_ending()
    {
        await Seed();
        var steps = await GetJson("/api/sagas/ibrahima-konate/replay?from=2025-01-01&to=2025-12-31");
        var madrid = steps.EnumerateArray()
            .Where(x => x.GetProperty("claim").GetProperty("type").GetString() == "interest")
            .Select(x => x.GetProperty("claim").GetProperty("level").GetString())
            .ToList();
        madrid.ShouldBe(["monitoring", "interested", "advanced", "withdrawn", "cooling", "withdrawn"]);
    }

    [Fact]
    public void illustrative_reports_are_labelled_and_carry_no_quotes()
    {
        var data = DemoDataSet.Load();
        var illustrative = data.Reports.Where(r => r.Outlet == "Timeline demo").ToList();
        illustrative.Count.ShouldBeInRange(3, 8);
        illustrative.ShouldAllBe(r => r.Quote == null && r.Url == null && r.Reporter == "Timeline demo desk");
        data.Reports.Select(r => r.Outlet).Distinct().Order()
            .ShouldBe(["Sky Sports", "TEAMtalk", "The Athletic", "Timeline demo"]);
    }

    [Fact]
    public async Task loading_twice_stores_nothing_new()
    {
        var first = await Seed();
        first.SagasOpened.ShouldBe(3);
        var stored = await Fixture.EventCountAsync();
        var second = await Seed();
        second.ShouldBe(new SeedSummary(0, 0, first.ReportsRecorded));
        (await Fixture.EventCountAsync()).ShouldBe(stored);
    }
}
