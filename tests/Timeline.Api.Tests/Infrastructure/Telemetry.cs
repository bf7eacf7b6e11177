using System.Diagnostics.Metrics;

namespace Timeline.Api.Tests;

public sealed class when_a_report_is_traced_and_measured(TimelineFixture fixture) : IntegrationTest(fixture)
{
    [Fact]
    public async Task one_trace_holds_the_http_request_the_recording_and_the_database_calls()
    {
        await OpenSaga("ibrahima-konate");
        await PostReport(Report("traced-1", "2025-11-29T09:30:00Z", Interest("ibrahima-konate", "Real Madrid", "cooling")));

        var server = await ServerSpanOfReport("traced-1");
        var trace = Spans().Where(a => a.TraceId == server.TraceId).ToList();

        var recording = trace.Where(a => a.Source.Name == "Timeline" && a.DisplayName == "record report").ShouldHaveSingleItem();
        recording.GetTagItem("timeline.report.id").ShouldBe("traced-1");
        recording.GetTagItem("timeline.report.result").ShouldBe("recorded");
        trace.Where(a => a.Source.Name == "Npgsql").ShouldNotBeEmpty("the database calls belong to the report's trace");
        trace.ShouldAllBe(a => a.TraceId == server.TraceId);
    }

    [Fact]
    public async Task one_trace_follows_a_report_through_the_change_feed_to_the_live_push_and_the_webhook_delivery()
    {
        await OpenSaga("ibrahima-konate");
        await using var receiver = await WebhookReceiver.StartAsync();
        await Send(HttpMethod.Post, "/api/subscriptions", new { url = receiver.Url }, 201);
        await using var live = await SseStream.OpenAsync(Host.Server.CreateClient(), "/api/sagas/ibrahima-konate/live");
        await live.NextAsync(TimeSpan.FromSeconds(10));

        await PostReport(Report("traced-live", "2025-11-29T09:30:00Z", Interest("ibrahima-konate", "Real Madrid", "cooling")));
        (await live.NextAsync(TimeSpan.FromSeconds(10))).Json.GetProperty("cause").GetProperty("reportId").GetString().ShouldBe("traced-live");
        await receiver.WaitForAsync(1, TimeSpan.FromSeconds(20));

        var server = await ServerSpanOfReport("traced-live");
        var trace = await EventuallyAll(server.TraceId, t =>
            t.Any(a => a.DisplayName == "deliver webhook") && t.Any(a => a.Source.Name == "System.Net.Http" && a.Kind == ActivityKind.Client));
        string[] ours = ["record report", "publish saga update", "push saga update", "queue webhook deliveries", "deliver webhook"];
        foreach (var name in ours)
        {
            trace.ShouldContain(a => a.Source.Name == "Timeline" && a.DisplayName == name, $"the trace should hold '{name}'");
        }

        trace.ShouldContain(a => a.Source.Name == "Npgsql", "database calls");
        trace.ShouldContain(a => a.Source.Name == "Wolverine", "the webhook delivery message, sent and handled");
        trace.ShouldContain(a => a.Source.Name == "System.Net.Http" && a.Kind == ActivityKind.Client
                                  && (a.GetTagItem("url.full") as string ?? "").StartsWith(receiver.Url), "the POST to the receiver");
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

    [Fact]
    public async Task live_streams_webhook_outcomes_the_change_feed_lag_and_as_of_reads_are_measured()
    {
        await OpenSaga("ibrahima-konate");
        await Fixture.ChangeFeedCaughtUpAsync();
        var measured = new List<(string Instrument, double Value, string? Tag)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Timeline")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };

        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
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
        }

        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
        List<(string Instrument, double Value, string? Tag)> Snapshot()
        {
            lock (measured)
            {
                return [.. measured];
            }
        }

        await using var flaky = await WebhookReceiver.StartAsync();
        flaky.Answer = attempt => attempt == 1 ? 503 : 200;
        await using var gone = await WebhookReceiver.StartAsync();
        gone.Answer = _ => 410;
        foreach (var receiver in new[] { flaky, gone })
        {
            await Send(HttpMethod.Post, "/api/subscriptions", new { url = receiver.Url }, 201);
        }

        var live = await SseStream.OpenAsync(Host.Server.CreateClient(), "/api/sagas/ibrahima-konate/live");
        await live.NextAsync(TimeSpan.FromSeconds(10));
        Snapshot().Where(m => m.Instrument == "timeline.live.subscribers").Sum(m => m.Value).ShouldBe(1);

        await PostReport(Report("measured-live", "2025-11-29T09:30:00Z", Interest("ibrahima-konate", "Real Madrid", "cooling")));
        await live.NextAsync(TimeSpan.FromSeconds(10));
        await flaky.WaitForAsync(1, TimeSpan.FromSeconds(20));
        await live.DisposeAsync();

        for (var i = 0; i < 100 && (Snapshot().Where(m => m.Instrument == "timeline.live.subscribers").Sum(m => m.Value) != 0
                                    || !Snapshot().Any(m => m.Tag == "rejected")); i++)
        {
            await Task.Delay(100);
        }

        await GetJson("/api/sagas/ibrahima-konate?asOf=2025-11-28");
        var all = Snapshot();
        all.ShouldContain(m => m.Instrument == "timeline.saga.historical_read.duration" && m.Value > 0 && m.Value < 30,
            "an as-of read is timed, in seconds");
        all.Where(m => m.Instrument == "timeline.live.subscribers").Sum(m => m.Value).ShouldBe(0, "the closed stream is counted off");
        all.Where(m => m.Instrument == "timeline.live.pushes").Sum(m => m.Value).ShouldBe(2, "the first state, then the change");
        all.Where(m => m.Instrument == "timeline.live.updates.published").Sum(m => m.Value).ShouldBe(1);
        all.ShouldContain(m => m.Instrument == "timeline.live.feed.lag" && m.Value >= 0 && m.Value < 30, "commit to publication, in seconds");
        var deliveries = all.Where(m => m.Instrument == "timeline.webhooks.deliveries").ToList();
        deliveries.Where(m => m.Tag == "failed").Sum(m => m.Value).ShouldBe(1, "the 503");
        deliveries.Where(m => m.Tag == "delivered").Sum(m => m.Value).ShouldBe(1, "the retry");
        deliveries.Where(m => m.Tag == "rejected").Sum(m => m.Value).ShouldBe(1, "the 410 is final");
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

    private async Task<List<Activity>> EventuallyAll(ActivityTraceId trace, Func<List<Activity>, bool> complete)
    {
        for (var i = 0; i < 100; i++)
        {
            var spans = Spans().Where(a => a.TraceId == trace).ToList();
            if (complete(spans))
            {
                return spans;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The trace stayed incomplete: {string.Join(", ", Spans().Where(a => a.TraceId == trace).Select(a => $"{a.Source.Name}/{a.DisplayName}"))}");
    }

    /// <summary>The HTTP server span of the request that recorded <paramref name="reportId"/>: every test's spans share one exporter.</summary>
    private Task<Activity> ServerSpanOfReport(string reportId) =>
        Eventually(() =>
        {
            var spans = Spans();
            var recording = spans.FirstOrDefault(a => a.DisplayName == "record report" && a.GetTagItem("timeline.report.id") as string == reportId);
            return recording is null
                ? null
                : spans.FirstOrDefault(a => a.TraceId == recording.TraceId && a.Kind == ActivityKind.Server
                                            && a.DisplayName.Contains("/api/reports") && a.GetTagItem("http.request.method") as string == "POST");
        });

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
