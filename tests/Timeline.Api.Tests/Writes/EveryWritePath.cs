using JasperFx.Events;
using Marten;
using Timeline.Api.Archive;
using Timeline.Api.Audit;
using Timeline.Api.Demo;
using Timeline.Domain;

namespace Timeline.Api.Tests.Writes;

/// <summary>
/// Every way into a saga stream goes through the one write pipeline: whatever it wrote carries the trace of
/// the request (or command) that wrote it, the name of who recorded it, and a chain link per saga event.
/// </summary>
public sealed class every_write_path_stamps_the_trace_the_recorder_and_the_chain_link(TimelineFixture fixture)
    : IntegrationTest(fixture)
{
    private static readonly ActivityTraceId Trace = ActivityTraceId.CreateRandom();

    private static string TraceParent => $"00-{Trace}-{ActivitySpanId.CreateRandom()}-01";

    private Task<IScenarioResult> Send(Action<Scenario> request) =>
        Host.Scenario(s =>
        {
            request(s);
            s.WithRequestHeader("X-Api-Key", TimelineFixture.WriterKey);
            s.WithRequestHeader("traceparent", TraceParent);
            s.StatusCodeShouldBe(201);
        });

    [Fact]
    public async Task opening_a_saga_over_http()
    {
        var before = await LastSequenceAsync();
        await Send(s => s.Put.Json(new { player = "Ibrahima Konaté", currentClub = "Liverpool" }).ToUrl("/api/sagas/ibrahima-konate"));

        await ShouldBeStampedAsync(before, TimelineFixture.WriterKeyName, ["saga_opened"]);
    }

    [Fact]
    public async Task recording_a_report_over_http()
    {
        await OpenSaga("ibrahima-konate");
        var before = await LastSequenceAsync();
        await Send(s => s.Post.Json(Report("path-http", "2025-11-29T09:30:00Z", Interest("ibrahima-konate", "Real Madrid", "cooling"))).ToUrl("/api/reports"));

        await ShouldBeStampedAsync(before, TimelineFixture.WriterKeyName, ["interest_reported", "report_recorded"]);
    }

    [Fact]
    public async Task retracting_a_report_over_http()
    {
        await OpenSaga("ibrahima-konate");
        await PostReport(Report("path-retracted", "2025-11-29T09:30:00Z", Interest("ibrahima-konate", "Real Madrid", "cooling")));
        var before = await LastSequenceAsync();
        await Send(s => s.Post.Json(new { reason = "Withdrawn by the source." }).ToUrl("/api/reports/path-retracted/retraction"));

        await ShouldBeStampedAsync(before, TimelineFixture.WriterKeyName, ["claims_retracted", "report_retracted"]);
    }

    [Fact]
    public async Task importing_an_archive_of_sagas_reports_in_a_batch_and_retractions()
    {
        var archive = string.Join('\n',
            JsonSerializer.Serialize(new { kind = "saga", slug = "marc-guehi", player = "Marc Guéhi", currentClub = "Crystal Palace" }),
            JsonSerializer.Serialize(Report("path-import-1", "2025-11-28T09:30:00Z", Interest("marc-guehi", "Liverpool", "interested"))),
            JsonSerializer.Serialize(Report("path-import-2", "2025-11-29T09:30:00Z", Interest("marc-guehi", "Bayern Munich", "monitoring"))),
            JsonSerializer.Serialize(new { kind = "retraction", reportId = "path-import-1", reason = "Duplicate." }));
        var before = await LastSequenceAsync();

        ImportSummary summary;
        using (new Activity("import").SetParentId(TraceParent).Start())
        {
            summary = await new Importer(Fixture.Store, TimeProvider.System)
                .ImportAsync(new StringReader(archive), "importer", null, CancellationToken.None);
        }

        summary.Refused.ShouldBeEmpty();
        (summary.SagasOpened, summary.Recorded, summary.Retracted).ShouldBe((1, 2, 1));
        // The batch appends each saga's events together, then each report's own.
        await ShouldBeStampedAsync(before, "importer",
        [
            "saga_opened", "interest_reported", "interest_reported", "report_recorded", "report_recorded",
            "claims_retracted", "report_retracted",
        ]);
    }

    [Fact]
    public async Task loading_the_demo_data()
    {
        var before = await LastSequenceAsync();
        using (new Activity("seed").SetParentId(TraceParent).Start())
        {
            await DemoSeeder.SeedAsync(Fixture.Store, TimeProvider.System, CancellationToken.None);
        }

        var written = await ShouldBeStampedAsync(before, DemoDataSet.RecordedBy, null);
        written.Select(e => e.EventTypeName).ShouldContain("saga_opened");
        written.Select(e => e.EventTypeName).ShouldContain("report_recorded");
    }

    private async Task<long> LastSequenceAsync()
    {
        await using var session = Fixture.Store.QuerySession();
        return await session.Events.QueryAllRawEvents().OrderByDescending(e => e.Sequence).Select(e => e.Sequence).FirstOrDefaultAsync();
    }

    /// <summary>
    /// What was written after <paramref name="before"/>: of the <paramref name="types"/> expected (in order, when given),
    /// each under the trace, by <paramref name="recordedBy"/>, and each saga event with the chain link that verifies.
    /// </summary>
    private async Task<IReadOnlyList<IEvent>> ShouldBeStampedAsync(long before, string recordedBy, string[]? types)
    {
        await using var session = Fixture.Store.QuerySession();
        var written = await session.Events.QueryAllRawEvents().Where(e => e.Sequence > before).OrderBy(e => e.Sequence).ToListAsync();
        if (types is not null)
        {
            written.Select(e => e.EventTypeName).ShouldBe(types);
        }

        foreach (var e in written)
        {
            e.UserName.ShouldBe(recordedBy, $"{e.EventTypeName} of {e.StreamKey}");
            var traceParent = e.Headers?.GetValueOrDefault("traceparent")?.ToString();
            traceParent.ShouldNotBeNull($"{e.EventTypeName} of {e.StreamKey} carries a trace");
            traceParent.ShouldContain(Trace.ToString(), customMessage: $"{e.EventTypeName} of {e.StreamKey} joins the writer's trace");
        }

        var sagaEvents = written.Where(e => e.Data is ISagaEvent).ToList();
        sagaEvents.ShouldNotBeEmpty();
        var links = await session.LoadManyAsync<ChainLink>(sagaEvents.Select(e => ChainLink.IdOf(e.StreamKey!, e.Version)).ToArray());
        links.Count.ShouldBe(sagaEvents.Count, "every saga event has its chain link");
        foreach (var saga in sagaEvents.Select(e => e.StreamKey!).Distinct())
        {
            (await GetJson($"/api/sagas/{saga}/verify")).GetProperty("valid").GetBoolean().ShouldBeTrue(saga);
        }

        return written;
    }
}
