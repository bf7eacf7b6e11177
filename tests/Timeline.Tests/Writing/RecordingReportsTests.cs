using Timeline.Domain.Names;
using static Timeline.Tests.SagaStream;

namespace Timeline.Tests.Writing;

/// <summary>The decision behind every recorded report, without a database: what the store held in, events out.</summary>
public class RecordingReportsTests
{
    private static readonly ValidReport Konate = new(
        "sky-1", "Vinny O'Connor", "Sky Sports", Day(2025, 11, 29), null, null,
        [
            new InterestClaim("ibrahima-konate", "Real Madrid", InterestLevel.Cooling),
            new ClubStanceClaim("ibrahima-konate", "Liverpool", ClubStance.WantsToKeep),
            new InterestClaim("marc-guehi", "Liverpool", InterestLevel.Interested),
        ]);

    private static readonly Dictionary<string, long> Opened = new() { ["ibrahima-konate"] = 4, ["marc-guehi"] = 1 };

    private static RecordingReports Desk(
        Dictionary<string, ReportRecorded>? recorded = null, Dictionary<string, long>? versions = null,
        Dictionary<string, KnownName>? names = null) =>
        new(recorded ?? [], versions ?? Opened, names ?? []);

    private static ReportToRecord ToRecord(ValidReport report, string hash = "hash-1", string by = "ingest-bot") =>
        new(report.Id!, report, hash, by);

    [Fact]
    public void a_new_report_appends_each_claim_after_its_sagas_version_and_starts_its_own_stream()
    {
        var decision = Desk().Record(ToRecord(Konate));

        var receipt = decision.Result.ShouldBeOfType<RecordResult.Recorded>().Receipt;
        receipt.Events.ShouldBe([new("ibrahima-konate", 5), new("ibrahima-konate", 6), new("marc-guehi", 2)]);
        decision.Plan.Sagas.Select(a => (a.Saga, a.Version, a.RecordedBy, a.CorrelationId)).ShouldBe(
        [
            ("ibrahima-konate", 5L, "ingest-bot", "sky-1"),
            ("ibrahima-konate", 6L, "ingest-bot", "sky-1"),
            ("marc-guehi", 2L, "ingest-bot", "sky-1"),
        ]);
        decision.Plan.Sagas[0].Event.ShouldBeOfType<InterestReported>().Source.ReportId.ShouldBe("sky-1");
        var own = decision.Plan.Report.ShouldNotBeNull();
        own.After.ShouldBeNull("the report's stream is started");
        var recorded = own.Event.ShouldBeOfType<ReportRecorded>();
        recorded.ContentHash.ShouldBe("hash-1");
        recorded.RecordedBy.ShouldBe("ingest-bot");
        recorded.Events.ShouldBe(receipt.Events);
        decision.Plan.Names.Select(n => n.Name).ShouldBe(["Vinny O'Connor", "Sky Sports"]);
    }

    [Fact]
    public void the_same_id_with_the_same_content_is_a_repeat_with_the_first_receipt_and_stores_nothing()
    {
        var first = Desk().Record(ToRecord(Konate)).Plan.Report!.Event.ShouldBeOfType<ReportRecorded>();

        var again = Desk(recorded: new() { ["sky-1"] = first }).Record(ToRecord(Konate));

        again.Result.ShouldBeOfType<RecordResult.Repeated>().Receipt.Events.ShouldBe(first.Events);
        again.Plan.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void the_same_id_with_other_content_is_a_conflict_and_stores_nothing()
    {
        var first = Desk().Record(ToRecord(Konate)).Plan.Report!.Event.ShouldBeOfType<ReportRecorded>();

        var other = Desk(recorded: new() { ["sky-1"] = first }).Record(ToRecord(Konate, hash: "hash-2"));

        other.Result.ShouldBe(new RecordResult.Conflict("sky-1"));
        other.Plan.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void a_claim_about_a_saga_nobody_opened_refuses_the_whole_report_naming_the_claim()
    {
        var decision = Desk(versions: new() { ["ibrahima-konate"] = 4 }).Record(ToRecord(Konate));

        var errors = decision.Result.ShouldBeOfType<RecordResult.Invalid>().Errors.ToDictionary();
        errors.Keys.ShouldBe(["claims[2].saga"]);
        errors["claims[2].saga"].ShouldHaveSingleItem().ShouldContain("PUT /api/sagas/marc-guehi");
        decision.Plan.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void a_name_that_looks_like_a_recorded_one_is_refused_naming_the_original()
    {
        var original = new NameUse(NameUse.Reporter, NameUse.Reporter, "Vinny O'Connor");
        var lookalike = Konate with { Reporter = "Vinny 0'Connor" };

        var decision = Desk(names: new() { [original.Id] = new KnownName(original.Id, original.Kind, original.Name) })
            .Record(ToRecord(lookalike));

        decision.Result.ShouldBeOfType<RecordResult.Invalid>().Errors.ToDictionary()["reporter"]
            .ShouldHaveSingleItem().ShouldContain("'Vinny O'Connor'");
    }

    [Fact]
    public void a_later_report_of_a_batch_follows_the_earlier_ones_and_repeats_their_ids()
    {
        var desk = Desk();
        desk.Record(ToRecord(Konate));
        var next = Konate with { Id = "sky-2", Claims = [new InterestClaim("marc-guehi", "Chelsea", InterestLevel.Bid)] };

        desk.Record(ToRecord(next)).Result.ShouldBeOfType<RecordResult.Recorded>().Receipt.Events
            .ShouldBe([new("marc-guehi", 3)]);
        desk.Record(ToRecord(Konate)).Result.ShouldBeOfType<RecordResult.Repeated>();
        desk.Record(ToRecord(Konate with { Reporter = "Vinny 0'Connor", Id = "sky-3" })).Result
            .ShouldBeOfType<RecordResult.Invalid>("the first report's names count as recorded");
    }
}
