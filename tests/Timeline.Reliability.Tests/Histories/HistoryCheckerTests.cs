using Timeline.Api.Infrastructure;
using Timeline.Domain;

namespace Timeline.Reliability.Tests.Histories;

/// <summary>
/// The checker on hand-made histories, no service and no database: a clean history passes, and each kind of
/// anomaly, put into an otherwise clean history, is found and is the only kind found. Every hand-made event is
/// recorded a second after <see cref="Start"/> times its version.
/// </summary>
public sealed class HistoryCheckerTests
{
    private static DateTimeOffset Start => new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Saga "a": opened, then Chelsea monitoring (r1, July), Arsenal bid (r2, August), Chelsea advanced (r3,
    /// September), one event a second. Saga "b": opened, r5 published 20 July, then r6 backdated to 5 July.
    /// </summary>
    private static readonly IReadOnlyList<SagaEntry> A =
    [
        new(1, Start.AddSeconds(1), new SagaOpened("a", "Ibrahima Konaté", "Liverpool", null)),
        Claim(2, "r1", "a", "Chelsea", InterestLevel.Monitoring, "2025-07-01"),
        Claim(3, "r2", "a", "Arsenal", InterestLevel.Bid, "2025-08-01"),
        Claim(4, "r3", "a", "Chelsea", InterestLevel.Advanced, "2025-09-01"),
    ];

    private static readonly IReadOnlyList<SagaEntry> B =
    [
        new(1, Start.AddSeconds(1), new SagaOpened("b", "Marc Guéhi", "Crystal Palace", null)),
        Claim(2, "r5", "b", "Liverpool", InterestLevel.Interested, "2025-07-20"),
        Claim(3, "r6", "b", "Liverpool", InterestLevel.Withdrawn, "2025-07-05"),
    ];

    private static readonly DateTimeOffset July15 = DateTimeOffset.Parse("2025-07-15T00:00:00Z");

    private static SagaEntry Claim(long version, string report, string saga, string club, InterestLevel level, string published) =>
        new(version, Start.AddSeconds(version), new InterestReported(
            new ClaimSource(report, "Vinny O'Connor", "Sky Sports", DateTimeOffset.Parse(published + "T09:00:00Z")),
            new InterestClaim(saga, club, level)));

    private static StoreSnapshot Store(IReadOnlyList<SagaEntry>? a = null, IReadOnlyList<long>? versionsOfA = null, SagaState? projectedA = null)
    {
        a ??= A;
        var events = new Dictionary<string, IReadOnlyList<SagaEntry>> { ["a"] = a, ["b"] = B };
        return new StoreSnapshot(
            new Dictionary<string, IReadOnlyList<long>> { ["a"] = versionsOfA ?? [.. a.Select(e => e.Version)], ["b"] = [1, 2, 3] },
            events,
            events.ToDictionary(e => e.Key, e => e.Key == "a" && projectedA is not null ? projectedA : Fold(e.Value, 99)),
            [new(11, "a", 1), new(12, "a", 2), new(13, "a", 3), new(14, "a", 4), new(15, "b", 1), new(16, "b", 2), new(17, "b", 3)]);
    }

    private static SagaState Fold(IEnumerable<SagaEntry> entries, long upTo, DateTimeOffset? asOf = null) =>
        SagaFold.Fold(entries.Where(e => e.Version <= upTo), asOf ?? DateTimeOffset.MaxValue, DateTimeOffset.MaxValue)!;

    /// <summary>What a node serves for saga "a" (or <paramref name="entries"/>) at <paramref name="version"/>.</summary>
    private static string Served(long version, DateTimeOffset? asOf = null, IReadOnlyList<SagaEntry>? entries = null) =>
        JsonSerializer.Serialize(SagaView.Of(Fold(entries ?? A, version, asOf), asOf ?? Start.AddMinutes(1), Start.AddMinutes(1), "head"), TimelineJson.Api);

    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);

    private static WriteOperation Write(string report, int complete, Outcome outcome, params (string Saga, long Version)[] receipt) =>
        new(1, "n1", Ms(complete - 20), Ms(complete), outcome, report, [.. receipt.Select(r => r.Saga)],
            outcome == Outcome.Ok ? [.. receipt.Select(r => new ClaimPlacement(r.Saga, r.Version))] : []);

    private static ReadOperation Read(int invoke, string answer, string saga = "a", DateTimeOffset? asOf = null, DateTimeOffset? knownAt = null) =>
        new(2, "n2", Ms(invoke), Ms(invoke + 5), Outcome.Ok, saga, asOf, knownAt, answer);

    private static StreamFrame Change(long position, long version) => new(Ms(0), position, version, false, Served(version));

    /// <summary>A stream on "a": the current state at version 1, a change, a disconnect, then a resume from 12.</summary>
    private static StreamHistory Stream(params StreamFrame[] resumed) => new(3, "a",
    [
        new("n1", Ms(0), null, [new StreamFrame(Ms(1), 11, 1, true, Served(1)), Change(12, 2)], "disconnected"),
        new("n2", Ms(50), 12, resumed, "end of run"),
    ]);

    /// <summary>
    /// r1, r2 and r3 acknowledged at 100, 200 and 300 ms; r9 got no answer and is not stored. Reads after each,
    /// one concurrent with r2 that sees the version before it, a historical read on each saga; a stream that
    /// resumes and gets the rest.
    /// </summary>
    private static History Clean(
        IEnumerable<WriteOperation>? writes = null, IEnumerable<ReadOperation>? reads = null, StreamHistory? stream = null) => new(
        [
            Write("r1", 100, Outcome.Ok, ("a", 2)), Write("r2", 200, Outcome.Ok, ("a", 3)), Write("r3", 300, Outcome.Ok, ("a", 4)),
            Write("r9", 250, Outcome.Info, ("a", 0), ("b", 0)), .. writes ?? [],
        ],
        [
            Read(150, Served(2)), Read(190, Served(2)), Read(350, Served(4)), Read(360, Served(4, July15), asOf: July15),
            Read(370, Served(3, July15, B), "b", July15), .. reads ?? [],
        ],
        [stream ?? Stream(Change(13, 3), Change(14, 4))]);

    private static void ShouldFindOnly(Verdict verdict, params AnomalyKind[] kinds) =>
        verdict.Anomalies.Select(a => a.Kind).Distinct().Order().ShouldBe(kinds.Order(), string.Join(Environment.NewLine, verdict.Anomalies));

    [Fact]
    public void a_clean_history_has_no_anomaly()
    {
        var verdict = HistoryChecker.Check(Clean(), Store());

        verdict.Anomalies.ShouldBeEmpty(string.Join(Environment.NewLine, verdict.Anomalies));
        verdict.Checked["writes acknowledged"].ShouldBe(3);
        verdict.Checked["writes indeterminate"].ShouldBe(1);
        verdict.Checked["current reads"].ShouldBe(3);
        verdict.Checked["historical reads"].ShouldBe(2);
        verdict.Checked["stream resumes"].ShouldBe(1);
        verdict.Checked["live frames"].ShouldBe(4);
    }

    [Fact]
    public void a_read_begun_after_an_acknowledgement_that_misses_it_is_stale()
    {
        var verdict = HistoryChecker.Check(Clean(reads: [Read(320, Served(3))]), Store());

        ShouldFindOnly(verdict, AnomalyKind.StaleRead);
        verdict.Anomalies.ShouldHaveSingleItem().Detail.ShouldContain("report r3");
    }

    [Fact]
    public void an_acknowledged_report_missing_from_the_store_is_lost()
    {
        ShouldFindOnly(HistoryChecker.Check(Clean(writes: [Write("r4", 500, Outcome.Ok, ("b", 4))]), Store()), AnomalyKind.LostWrite);
    }

    [Fact]
    public void an_unanswered_report_stored_in_part_is_half_written()
    {
        var history = Clean();
        history = history with { Writes = [.. history.Writes.Where(w => w.ReportId != "r2"), Write("r2", 200, Outcome.Info, ("a", 3), ("b", 4))] };

        ShouldFindOnly(HistoryChecker.Check(history, Store()), AnomalyKind.HalfWrite);
    }

    [Fact]
    public void a_refused_report_found_in_the_store_is_reported()
    {
        var history = Clean();
        history = history with { Writes = [.. history.Writes.Where(w => w.ReportId != "r3"), Write("r3", 300, Outcome.Fail, ("a", 4))] };

        ShouldFindOnly(HistoryChecker.Check(history, Store()), AnomalyKind.RefusedButStored);
    }

    [Fact]
    public void a_stream_with_a_missing_version_has_a_gap()
    {
        ShouldFindOnly(HistoryChecker.Check(Clean(), Store(versionsOfA: [1, 2, 4])), AnomalyKind.VersionGap);
    }

    [Fact]
    public void a_projected_state_unlike_a_fresh_fold_is_reported()
    {
        var projected = Fold(A, 4) with { Suitors = [.. Fold(A, 4).Suitors.Select(s => s with { Interest = InterestLevel.Agreed })] };

        ShouldFindOnly(HistoryChecker.Check(Clean(), Store(projectedA: projected)), AnomalyKind.ProjectionDiffers);
    }

    [Fact]
    public void a_state_served_under_a_version_it_does_not_fold_from_is_reported()
    {
        // The state of version 3 served as version 4, as a cache keyed on the wrong thing would.
        var stale = JsonSerializer.Serialize(SagaView.Of(Fold(A, 3) with { Version = 4 }, Start, Start), TimelineJson.Api);

        ShouldFindOnly(HistoryChecker.Check(Clean(reads: [Read(400, stale)]), Store()), AnomalyKind.ServedStateDiffers);
    }

    [Fact]
    public void a_historical_read_whose_answer_changes_is_reported()
    {
        // r6, published 5 July, was recorded while the run asked about 15 July: the answer moved under the question.
        ShouldFindOnly(HistoryChecker.Check(Clean(reads: [Read(50, Served(2, July15, B), "b", July15)]), Store()), AnomalyKind.HistoricalChanged);
    }

    [Fact]
    public void a_change_delivered_twice_after_a_resume_is_a_duplicate()
    {
        ShouldFindOnly(HistoryChecker.Check(Clean(stream: Stream(Change(12, 2), Change(13, 3), Change(14, 4))), Store()), AnomalyKind.StreamDuplicate);
    }

    [Fact]
    public void a_change_skipped_by_a_resume_is_missed()
    {
        var verdict = HistoryChecker.Check(Clean(stream: Stream(Change(14, 4))), Store());

        ShouldFindOnly(verdict, AnomalyKind.StreamMissed);
        verdict.Anomalies.ShouldHaveSingleItem().Detail.ShouldContain("13 (v3)");
    }

    [Fact]
    public void changes_out_of_position_order_are_reported()
    {
        ShouldFindOnly(HistoryChecker.Check(Clean(stream: Stream(Change(14, 4), Change(13, 3))), Store()), AnomalyKind.StreamOutOfOrder);
    }

    [Fact]
    public void a_change_under_a_position_the_feed_never_published_is_a_phantom()
    {
        // Version 3 under position 15 (the feed published it at 13): a phantom, and 13 was never received.
        ShouldFindOnly(HistoryChecker.Check(Clean(stream: Stream(Change(15, 3), Change(16, 4))), Store()),
            AnomalyKind.StreamPhantom, AnomalyKind.StreamMissed);
    }

    [Fact]
    public void a_stream_that_ends_short_of_the_feed_missed_its_tail()
    {
        ShouldFindOnly(HistoryChecker.Check(Clean(stream: Stream(Change(13, 3))), Store()), AnomalyKind.StreamMissed);
    }
}
