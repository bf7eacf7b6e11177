using static Timeline.Tests.SagaStream;

namespace Timeline.Tests.Writing;

/// <summary>The decision behind a retraction, without a database.</summary>
public class RetractingReportsTests
{
    private static readonly ReportRecorded Recorded = new(
        "sky-1", "Vinny O'Connor", "Sky Sports", Day(2025, 11, 29), null, null, "ingest-bot",
        [
            new InterestClaim("marc-guehi", "Liverpool", InterestLevel.Interested),
            new InterestClaim("ibrahima-konate", "Real Madrid", InterestLevel.Cooling),
            new ClubStanceClaim("ibrahima-konate", "Liverpool", ClubStance.WantsToKeep),
        ],
        [new("marc-guehi", 2), new("ibrahima-konate", 5), new("ibrahima-konate", 6)],
        "hash-1");

    private static readonly Dictionary<string, long> Versions = new() { ["ibrahima-konate"] = 9, ["marc-guehi"] = 3 };

    [Fact]
    public void a_retraction_appends_to_each_saga_once_in_lock_order_and_to_the_reports_stream_after_its_version()
    {
        var decision = RetractingReports.Retract("sky-1", "Withdrawn", "ingest-bot", anyRecorder: false,
            new ReportStream(Recorded, null, 1), Versions);

        var receipt = decision.Result.ShouldBeOfType<RetractionResult.Retracted>().Receipt;
        receipt.Events.ShouldBe([new("ibrahima-konate", 10), new("marc-guehi", 4)]);
        decision.Plan.Sagas.ShouldAllBe(a => a.Event.Equals(new ClaimsRetracted("sky-1", "Withdrawn", "ingest-bot")));
        decision.Plan.Sagas.ShouldAllBe(a => a.RecordedBy == "ingest-bot" && a.CorrelationId == "sky-1");
        var own = decision.Plan.Report.ShouldNotBeNull();
        own.After.ShouldBe(1L, "a concurrent second retraction is a conflict on the report's stream");
        own.Event.ShouldBe(new ReportRetracted("sky-1", "Withdrawn", "ingest-bot", receipt.Events));
    }

    [Fact]
    public void no_report_is_not_found()
    {
        var decision = RetractingReports.Retract("nope", "Withdrawn", "ingest-bot", false, null, Versions);

        decision.Result.ShouldBeOfType<RetractionResult.NotFound>();
        decision.Plan.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void another_keys_report_is_not_yours_unless_any_recorder_may()
    {
        var stream = new ReportStream(Recorded, null, 1);

        RetractingReports.Retract("sky-1", "Withdrawn", "other-bot", false, stream, Versions).Result
            .ShouldBe(new RetractionResult.NotYours("ingest-bot"));
        RetractingReports.Retract("sky-1", "Withdrawn", "editor", anyRecorder: true, stream, Versions).Result
            .ShouldBeOfType<RetractionResult.Retracted>().Receipt.RetractedBy.ShouldBe("editor");
    }

    [Fact]
    public void retracting_again_repeats_the_first_retraction_and_stores_nothing()
    {
        var first = new ReportRetracted("sky-1", "First reason", "editor", [new("ibrahima-konate", 10)]);

        var again = RetractingReports.Retract("sky-1", "Another reason", "ingest-bot", false, new ReportStream(Recorded, first, 2), Versions);

        again.Result.ShouldBe(new RetractionResult.Repeated(new RetractionReceipt("sky-1", "First reason", "editor", first.Events)));
        again.Plan.IsEmpty.ShouldBeTrue();
    }
}
