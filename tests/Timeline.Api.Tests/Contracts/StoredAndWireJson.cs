using Marten;
using Timeline.Api.ChangeFeed;
using Timeline.Api.Infrastructure;
using Timeline.Api.Live;
using Timeline.Api.Reports;
using Timeline.Domain;

namespace Timeline.Api.Tests.Contracts;

/// <summary>
/// The JSON of every event as stored, of a saga's state as the API and the live feed send it, and the content
/// hash that tells a repeated report from a reused id, pinned byte for byte: stored events must read back
/// whatever the code becomes, and a client must get the same bytes.
/// </summary>
public sealed class the_stored_and_wire_json_stays_byte_for_byte
{
    private static readonly DateTimeOffset At = new(2025, 11, 29, 9, 30, 0, TimeSpan.Zero);
    private static readonly ClaimSource Source = new("sky-1", "Vinny O'Connor", "Sky Sports", At, "https://example.com/a", "He is \"exploring\" options.");

    private static readonly Claim[] EveryClaim =
    [
        new InterestClaim("ibrahima-konate", "Real Madrid", InterestLevel.Withdrawn),
        new OfferClaim("ibrahima-konate", "Liverpool", OfferKind.ContractExtension, OfferStatus.Made, 180_000.50m, "GBP"),
        new PlayerStanceClaim("ibrahima-konate", PlayerStance.ExploringOptions, "Real Madrid", "2026-01"),
        new ClubStanceClaim("ibrahima-konate", "Liverpool", ClubStance.NotPursuing),
        new ExpectationClaim("ibrahima-konate", ExpectedOutcome.Renewal, "Liverpool", 0.7),
        new OutcomeClaim("ibrahima-konate", OutcomeResult.Transferred, "Real Madrid", 35_000_000m),
    ];

    private static ISerializer Stored()
    {
        var options = new StoreOptions();
        TimelineApp.ConfigureStore(options);
        return options.Serializer();
    }

    private static SagaState State()
    {
        var entries = new List<SagaEntry> { new(1, At.AddDays(-30), new SagaOpened("ibrahima-konate", "Ibrahima Konaté", "Liverpool", new DateOnly(2026, 6, 30))) };
        entries.AddRange(EveryClaim.Select((c, i) => new SagaEntry(i + 2, At.AddMinutes(i), ClaimReported.For(Source with { PublishedAt = At.AddHours(i) }, c))));
        return SagaFold.Fold(entries, At.AddDays(1), At.AddDays(2))!;
    }

    /// <summary>The state read as of a day after, as known two days after, with its chain head.</summary>
    private static SagaView View() => SagaView.Of(State(), At.AddDays(1), At.AddDays(2), new string('a', 64));

    private static IEnumerable<object> EveryEvent()
    {
        yield return new SagaOpened("ibrahima-konate", "Ibrahima Konaté", "Liverpool", new DateOnly(2026, 6, 30));
        yield return new SagaDetailsChanged("ibrahima-konate", "Ibrahima Konaté", null, null);
        foreach (var claim in EveryClaim)
        {
            yield return ClaimReported.For(Source, claim);
        }

        yield return new ReportRecorded("sky-1", "Vinny O'Connor", "Sky Sports", At, null, "quote", "ingest-bot", EveryClaim,
            [new ClaimPlacement("ibrahima-konate", 2)], "abc");
        yield return new ReportRetracted("sky-1", "Withdrawn", "editor", [new ClaimPlacement("ibrahima-konate", 9)]);
        yield return new ClaimsRetracted("sky-1", "Withdrawn", "editor");
    }

    [Fact]
    public void every_event_is_stored_as_before_and_reads_back_as_written()
    {
        var serializer = Stored();
        var text = new StringBuilder();
        foreach (var e in EveryEvent())
        {
            var json = serializer.ToJson(e);
            text.Append(EventNames.All[e.GetType()]).Append(": ").AppendLine(json);
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
            serializer.ToJson(serializer.FromJson(e.GetType(), stream)).ShouldBe(json);
        }

        Approved.ShouldMatch(text.ToString(), "stored-events");
    }

    [Fact]
    public void a_state_document_stored_before_views_had_their_own_type_still_reads()
    {
        var stored = File.ReadAllText(Path.Combine(Approved.Folder(), "stored-state-before-views.json"));
        using var json = new MemoryStream(Encoding.UTF8.GetBytes(stored));

        var state = Stored().FromJson<SagaState>(json);

        JsonSerializer.Serialize(SagaView.Of(state, At.AddDays(1), At.AddDays(2), new string('a', 64)), TimelineJson.Api)
            .ShouldBe(JsonSerializer.Serialize(View(), TimelineJson.Api));
    }

    [Fact]
    public void a_state_and_a_live_message_are_sent_as_before()
    {
        var state = View();
        var update = new SagaUpdate
        {
            Id = 41, Saga = state.Slug, Version = state.Version, State = state, Changed = ["suitors", "claims"],
            Cause = new UpdateCause("interest_reported", "sky-1", "Vinny O'Connor", "Sky Sports", At, At.AddMinutes(5), "ingest-bot"),
        };
        var text = new StringBuilder()
            .Append("state: ").AppendLine(JsonSerializer.Serialize(state, TimelineJson.Api))
            .Append("claims: ").AppendLine(JsonSerializer.Serialize(EveryClaim, TimelineJson.Api))
            .Append("live: ").AppendLine(LiveMessage.Serialize(update))
            .Append("frame: ").AppendLine(Encoding.UTF8.GetString(new LiveFrame(update).SummaryBytes));
        Approved.ShouldMatch(text.ToString(), "wire-state");
    }

    [Fact]
    public void a_report_view_writes_its_source_fields_in_line_where_the_source_stands()
    {
        var view = new ReportView(new ClaimSource("sky-1", "Vinny", "Sky Sports", At, null, "Open to a move."), [],
            [new ClaimPlacement("ibrahima-konate", 2)], At.AddMinutes(5), "ingest-bot", false, null);

        JsonSerializer.Serialize(view, TimelineJson.Api).ShouldBe(
            """{"reportId":"sky-1","reporter":"Vinny","outlet":"Sky Sports","publishedAt":"2025-11-29T09:30:00Z","url":null,"quote":"Open to a move.","claims":[],"events":[{"saga":"ibrahima-konate","version":2}],"recordedAt":"2025-11-29T09:35:00Z","recordedBy":"ingest-bot","retracted":false,"retraction":null,"articleId":null}""");
    }

    [Fact]
    public void a_reports_content_hash_is_what_it_was()
    {
        var report = new ValidReport("sky-1", "Vinny O'Connor", "Sky Sports", At, "https://example.com/a", "quote", EveryClaim);

        Approved.ShouldMatch(report.ContentHash(), "content-hash");
    }
}
