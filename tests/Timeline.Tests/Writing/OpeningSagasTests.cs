using Timeline.Domain.Names;
using static Timeline.Tests.SagaStream;

namespace Timeline.Tests.Writing;

/// <summary>The decision behind opening a saga or changing its details, without a database.</summary>
public class OpeningSagasTests
{
    private static readonly DateTimeOffset Now = Day(2025, 12, 1);
    private static readonly SagaDetails Konate = new("Ibrahima Konaté", "Liverpool", new DateOnly(2026, 6, 30));
    private static readonly Dictionary<string, KnownName> NoNames = [];

    private static SagaState Open(long version = 3) =>
        SagaFold.Evolve(null, new SagaEntry(1, Now, new SagaOpened("ibrahima-konate", Konate.Player, Konate.CurrentClub, Konate.ContractExpires)))!
        with { Version = version };

    [Fact]
    public void a_missing_saga_is_opened_at_version_one()
    {
        var decision = OpeningSagas.Decide("ibrahima-konate", Konate, null, "ingest-bot", mayChange: false, NoNames, Now);

        decision.Result.ShouldBeOfType<SagaDetailsResult.Opened>().State.Player.ShouldBe("Ibrahima Konaté");
        var append = decision.Plan.Sagas.ShouldHaveSingleItem();
        (append.Saga, append.Version, append.RecordedBy).ShouldBe(("ibrahima-konate", 1L, "ingest-bot"));
        append.Event.ShouldBeOfType<SagaOpened>();
        decision.Plan.Names.ShouldHaveSingleItem().Name.ShouldBe("Ibrahima Konaté");
    }

    [Fact]
    public void the_same_details_again_store_nothing()
    {
        var decision = OpeningSagas.Decide("ibrahima-konate", Konate, Open(), "ingest-bot", false, NoNames, Now);

        decision.Result.ShouldBeOfType<SagaDetailsResult.Unchanged>();
        decision.Plan.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void other_details_need_a_writer_that_may_change_them_and_then_follow_the_current_version()
    {
        var moved = Konate with { CurrentClub = "Real Madrid" };

        OpeningSagas.Decide("ibrahima-konate", moved, Open(), "ingest-bot", mayChange: false, NoNames, Now).Result
            .ShouldBeOfType<SagaDetailsResult.NotAllowed>();
        var decision = OpeningSagas.Decide("ibrahima-konate", moved, Open(), "editor", mayChange: true, NoNames, Now);
        decision.Result.ShouldBeOfType<SagaDetailsResult.Changed>().State.CurrentClub.ShouldBe("Real Madrid");
        decision.Plan.Sagas.ShouldHaveSingleItem().Version.ShouldBe(4);
    }

    [Fact]
    public void an_archive_line_the_saga_has_passed_changes_nothing()
    {
        OpeningSagas.Decide("ibrahima-konate", Konate with { CurrentClub = "Real Madrid" }, Open(3), "import", true, NoNames, Now, unlessAt: 2)
            .Result.ShouldBeOfType<SagaDetailsResult.Unchanged>();
    }

    [Fact]
    public void a_player_that_looks_like_a_recorded_one_is_refused()
    {
        var original = NameUse.PlayerOf("Ibrahima Konaté");
        var known = new Dictionary<string, KnownName> { [original.Id] = new(original.Id, original.Kind, original.Name) };

        OpeningSagas.Decide("konate-2", Konate with { Player = "Ibrahima Kоnaté" }, null, "ingest-bot", false, known, Now)
            .Result.ShouldBeOfType<SagaDetailsResult.Invalid>().Errors.Has("player").ShouldBeTrue();
    }
}
