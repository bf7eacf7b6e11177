using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Timeline.Api.Tests;

public sealed class when_a_report_is_traced_and_measured(TimelineFixture fixture) : IntegrationTest(fixture)
{
    [Fact]
    public async Task one_trace_holds_the_http_request_the_recording_and_the_database_calls()
    {
        await OpenSaga("ibrahima-konate");
        await PostReport(Report("traced-1", "2025-11-29T09:30:00Z", Interest("ibrahima-konate", "Real Madrid", "cooling")));

        var server = await Eventually(() => Spans().FirstOrDefault(a =>
            a.Kind == ActivityKind.Server && a.DisplayName.Contains("/api/reports") && a.GetTagItem("http.request.method") as string == "POST"));
        var trace = Spans().Where(a => a.TraceId == server.TraceId).ToList();

        var recording = trace.Where(a => a.Source.Name == "Timeline" && a.DisplayName == "record report").ShouldHaveSingleItem();
        recording.GetTagItem("timeline.report.id").ShouldBe("traced-1");
        recording.GetTagItem("timeline.report.result").ShouldBe("recorded");
        trace.Where(a => a.Source.Name == "Npgsql").ShouldNotBeEmpty("the database calls belong to the report's trace");
        trace.ShouldAllBe(a => a.TraceId == server.TraceId);
    }

    [Fact]
    public async Task claims_recorded_are_counted_by_type_and_refusals_by_reason()
    {
        await OpenSaga("ibrahima-konate");
        var measured = new List<(string Instrument, long Value, string? Tag)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Timeline")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? tag = null;
            foreach (var t in tags)
            {
                tag = t.Value?.ToString();
            }

            lock (measured)
            {
                measured.Add((instrument.Name, value, tag));
            }
        });
        listener.Start();

        await PostReport(Report("measured-1", "2025-11-29T09:30:00Z",
            Interest("ibrahima-konate", "Real Madrid", "cooling"),
            Interest("ibrahima-konate", "PSG", "monitoring"),
            new { saga = "ibrahima-konate", type = "expectation", outcome = "renewal" }));
        await PostReport(Report("measured-2", "2025-11-29T09:30:00Z", Interest("ibrahima-konate", "PSG", "obsessed")), 400);
        await PostReport(Report("measured-3", "2025-11-29T09:30:00Z", Interest("ibrahima-konate", "PSG", "bid")), 401, key: "wrong");

        lock (measured)
        {
            measured.ShouldContain(("timeline.reports.recorded", 1L, null));
            measured.ShouldContain(("timeline.claims.recorded", 2L, "interest"));
            measured.ShouldContain(("timeline.claims.recorded", 1L, "expectation"));
            measured.ShouldContain(("timeline.reports.refused", 1L, "invalid"));
            measured.ShouldContain(("timeline.reports.refused", 1L, "unauthorized"));
        }
    }

    /// <summary>A snapshot of the exported spans; the exporter may be adding one while we copy.</summary>
    private List<Activity> Spans()
    {
        while (true)
        {
            try
            {
                return [.. Fixture.Spans];
            }
            catch (InvalidOperationException)
            {
            }
            catch (ArgumentException)
            {
            }
        }
    }

    private static async Task<Activity> Eventually(Func<Activity?> find)
    {
        for (var i = 0; i < 50; i++)
        {
            if (find() is { } found)
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The span never arrived.");
    }
}
