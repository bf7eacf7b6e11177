using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using JasperFx;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Npgsql;
using NpgsqlTypes;
using Timeline.Api.Archive;
using Timeline.Api.Infrastructure;
using Timeline.Domain;

namespace Timeline.Bench;

/// <summary>Sizes of a run: <c>--quick</c> keeps the whole run under three minutes.</summary>
public sealed record BenchSize(
    int Sagas, int IngestC1, int IngestC8, int IngestC64, int ImportReports, int[] AsOfClaims, int AsOfReads, int RebuildEvents,
    int FanoutSubscribers, int FanoutReports, int WideSubscribers, TimeSpan ScenarioBudget)
{
    public static readonly BenchSize Quick = new(1_000, 300, 1_500, 3_000, 10_000, [10, 100, 1_000, 10_000], 200, 20_000, 1_000, 5, 10_000, TimeSpan.FromSeconds(15));
    /// <summary>Tiny sizes: checks in CI that every scenario runs and is written, measuring nothing meaningful.</summary>
    public static readonly BenchSize Smoke = new(20, 20, 40, 80, 200, [10, 100], 10, 500, 20, 2, 50, TimeSpan.FromSeconds(10));

    public static readonly BenchSize Full = new(1_000, 1_500, 6_000, 12_000, 100_000, [10, 100, 1_000, 10_000], 1_000, 200_000, 1_000, 20, 10_000, TimeSpan.FromSeconds(40));
}

/// <summary>Runs <paramref name="count"/> operations on <paramref name="workers"/> workers, within a time budget; returns how many finished and how long it took.</summary>
public static class Load
{
    public static async Task<(int Done, TimeSpan Elapsed)> RunAsync(int count, int workers, TimeSpan budget, Func<int, Task> operation)
    {
        var next = -1;
        var done = 0;
        using var stop = new CancellationTokenSource(budget);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref next);
                if (n >= count)
                {
                    return;
                }

                await operation(n);
                Interlocked.Increment(ref done);
            }
        }));
        return (done, clock.Elapsed);
    }
}

public sealed class Scenarios(BenchDatabase database, BenchSize size, Action<Measurement> report, Action<string> progress)
{
    private static readonly string Schema = Store.Schema;

    public async Task IngestAsync()
    {
        var connection = await database.CreateAsync("ingest");
        await using var service = await InProcessService.StartAsync(connection);
        using var http = service.Client();
        progress($"opening {size.Sagas} sagas");
        await Load.RunAsync(size.Sagas, 8, TimeSpan.FromMinutes(5), async i =>
        {
            using var response = await http.PutAsJsonAsync($"/api/sagas/{Workload.Slug(i)}",
                new { player = $"Player {i}", currentClub = Workload.Club(i), contractExpires = "2027-06-30" });
            response.EnsureSuccessStatusCode();
        });

        async Task<Measurement> Http(string name, int count, int workers, Measurement? baseline)
        {
            progress($"{name}: {count} reports, {workers} clients");
            var (done, elapsed) = await Load.RunAsync(count, workers, size.ScenarioBudget, async n =>
            {
                using var response = await http.PostAsJsonAsync("/api/reports", Workload.Report($"{name}-{n}", n, size.Sagas));
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            });
            return Measurement.Of(name, done / elapsed.TotalSeconds, "reports/s", baseline);
        }

        async Task<Measurement> Marten(string name, int count, int workers, Measurement? baseline)
        {
            progress($"{name}: {count} appends, {workers} writers");
            var (done, elapsed) = await Load.RunAsync(count, workers, size.ScenarioBudget, async n =>
            {
                var e = Workload.Event($"{name}-{n}", n, size.Sagas);
                // Two writers appending to one saga at once collide on its next version; like the service,
                // the baseline tries again (at most five times).
                for (var attempt = 1; ; attempt++)
                {
                    await using var session = service.Store.LightweightSession();
                    session.Events.Append(e.Claim.Saga, e);
                    session.LastModifiedBy = "bench";
                    try
                    {
                        await session.SaveChangesAsync();
                        return;
                    }
                    catch (Exception ex) when (attempt < 5 && ex is JasperFx.ConcurrencyException or JasperFx.Events.EventStreamUnexpectedMaxEventIdException)
                    {
                    }
                }
            });
            return Measurement.Of(name, done / elapsed.TotalSeconds, "events/s", baseline);
        }

        var npgsql = await RawInsertsAsync(connection, size.IngestC8, 8);
        report(npgsql);
        var martenC1 = await Marten("ingest.marten.c1", size.IngestC1, 1, null);
        report(martenC1);
        var martenC8 = await Marten("ingest.marten.c8", size.IngestC8, 8, npgsql);
        report(martenC8);
        report(await Http("ingest.http.c1", size.IngestC1, 1, martenC1));
        report(await Http("ingest.http.c8", size.IngestC8, 8, martenC8));
        // Deadline day: many clients at once, against the physical floor (group commit shares their transactions).
        report(await Http("ingest.http.c64", size.IngestC64, 64, npgsql));
    }

    /// <summary>The floor under every append: one INSERT per transaction of the same JSON into a table shaped like mt_events.</summary>
    private async Task<Measurement> RawInsertsAsync(string connection, int count, int workers)
    {
        const string name = "ingest.npgsql.c8";
        progress($"{name}: {count} inserts, {workers} writers");
        await using var source = NpgsqlDataSource.Create(connection);
        await CreateEventsShapedTableAsync(source, "bench_events");
        var serializer = StoreSerializer();
        var (done, elapsed) = await Load.RunAsync(count, workers, size.ScenarioBudget, async n =>
        {
            var e = Workload.Event($"{name}-{n}", n, size.Sagas);
            await using var command = source.CreateCommand(
                "insert into bench_events (id, stream_id, version, data, type, user_name) values ($1, $2, $3, $4::jsonb, $5, $6)");
            command.Parameters.Add(new NpgsqlParameter { Value = Guid.NewGuid() });
            command.Parameters.Add(new NpgsqlParameter { Value = e.Claim.Saga });
            command.Parameters.Add(new NpgsqlParameter { Value = (long)n });
            command.Parameters.Add(new NpgsqlParameter { Value = serializer(e) });
            command.Parameters.Add(new NpgsqlParameter { Value = "interest_reported" });
            command.Parameters.Add(new NpgsqlParameter { Value = "bench" });
            await command.ExecuteNonQueryAsync();
        });
        return Measurement.Of(name, done / elapsed.TotalSeconds, "events/s");
    }

    private static async Task CreateEventsShapedTableAsync(NpgsqlDataSource source, string table)
    {
        await using var create = source.CreateCommand($"""
            create table if not exists {table} (
              seq_id bigserial primary key, id uuid not null, stream_id varchar not null, version bigint not null,
              data jsonb not null, type varchar(500) not null, timestamp timestamptz not null default now(),
              tenant_id varchar default '*DEFAULT*', mt_dotnet_type varchar, headers jsonb, user_name varchar,
              correlation_id varchar, causation_id varchar, is_archived bool default false)
            """);
        await create.ExecuteNonQueryAsync();
    }

    private static Func<object, string> StoreSerializer()
    {
        var options = new StoreOptions();
        Store.ConfigureStorage(options);
        var serializer = options.Serializer();
        return serializer.ToJson;
    }

    public async Task ImportAsync()
    {
        var connection = await database.CreateAsync("import");
        var sagas = new StringBuilder();
        for (var i = 0; i < size.Sagas; i++)
        {
            sagas.AppendLine($$"""{"kind":"saga","slug":"{{Workload.Slug(i)}}","player":"Player {{i}}","currentClub":"{{Workload.Club(i)}}"}""");
        }

        var reports = new StringBuilder();
        for (var n = 0; n < size.ImportReports; n++)
        {
            reports.AppendLine(Workload.ReportLine($"import-{n}", n, size.Sagas));
        }

        var copy = await CopyAsync(connection, size.ImportReports);
        report(copy);

        using var host = await StoreHost.StartAsync(connection);
        var importer = new Importer(host.Store, TimeProvider.System);
        progress($"import.bulk: opening {size.Sagas} sagas (not timed)");
        await importer.ImportAsync(new StringReader(sagas.ToString()), "bench", null, CancellationToken.None);

        progress($"import.bulk: {size.ImportReports} reports, at most {size.ScenarioBudget.TotalSeconds:0} s");
        var clock = Stopwatch.StartNew();
        var lastShown = Stopwatch.StartNew();
        var lines = 0;
        using var budget = new CancellationTokenSource(size.ScenarioBudget);
        try
        {
            var summary = await importer.ImportAsync(new StringReader(reports.ToString()), "bench", new InlineProgress(line =>
            {
                Volatile.Write(ref lines, line);
                if (lastShown.Elapsed > TimeSpan.FromSeconds(5))
                {
                    lastShown.Restart();
                    progress($"import.bulk: line {line}");
                }
            }), budget.Token);
            if (summary.Refused.Count > 0)
            {
                throw new InvalidOperationException($"import.bulk: {summary.Refused.Count} refused (first: {summary.Refused[0]})");
            }
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            progress($"import.bulk: stopped at line {lines} by the time budget");
        }

        // Progress counts the lines settled (whole batches), so a stop by the budget counts only committed reports.
        report(Measurement.Of("import.bulk", Volatile.Read(ref lines) / clock.Elapsed.TotalSeconds, "reports/s", copy));
    }

    /// <summary>The floor under a bulk import: binary COPY of the rows the import writes (the claim event and the report's own event).</summary>
    private async Task<Measurement> CopyAsync(string connection, int reports)
    {
        progress($"import.copy: {reports * 2} rows");
        await using var source = NpgsqlDataSource.Create(connection);
        await CreateEventsShapedTableAsync(source, "bench_copy");
        var serializer = StoreSerializer();
        var rows = Enumerable.Range(0, reports).Select(n => Workload.Event($"copy-{n}", n, size.Sagas)).ToList();
        var clock = Stopwatch.StartNew();
        await using (var conn = await source.OpenConnectionAsync())
        {
            await using var writer = await conn.BeginBinaryImportAsync(
                "copy bench_copy (id, stream_id, version, data, type, user_name) from stdin (format binary)");
            var n = 0;
            foreach (var e in rows)
            {
                foreach (var (stream, data, type) in new[]
                         {
                             (e.Claim.Saga, serializer(e), "interest_reported"),
                             ($"report:{e.Source.ReportId}", serializer(e.Source), "report_recorded"),
                         })
                {
                    await writer.StartRowAsync();
                    await writer.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid);
                    await writer.WriteAsync(stream, NpgsqlDbType.Varchar);
                    await writer.WriteAsync((long)n++, NpgsqlDbType.Bigint);
                    await writer.WriteAsync(data, NpgsqlDbType.Jsonb);
                    await writer.WriteAsync(type, NpgsqlDbType.Varchar);
                    await writer.WriteAsync("bench", NpgsqlDbType.Varchar);
                }
            }

            await writer.CompleteAsync();
        }

        return Measurement.Of("import.copy", reports / clock.Elapsed.TotalSeconds, "reports/s");
    }

    public async Task AsOfAsync()
    {
        var connection = await database.CreateAsync("asof");
        await using var service = await InProcessService.StartAsync(connection);
        using var http = service.Client(4);
        var random = new Random(42);
        foreach (var claims in size.AsOfClaims)
        {
            var slug = $"asof-{claims}";
            progress($"asof.p99.{claims}: recording {claims} claims");
            await SeedStreamAsync(service.Store, slug, claims);
            await service.WaitForDaemonCaughtUpAsync(TimeSpan.FromMinutes(2));

            async Task<double> P99(Func<string> url)
            {
                var samples = new List<double>(size.AsOfReads);
                for (var warm = 0; warm < 5; warm++)
                {
                    (await http.GetAsync(url())).EnsureSuccessStatusCode();
                }

                var budget = Stopwatch.StartNew();
                for (var i = 0; i < size.AsOfReads && budget.Elapsed < size.ScenarioBudget; i++)
                {
                    var clock = Stopwatch.StartNew();
                    using var response = await http.GetAsync(url());
                    await response.Content.ReadAsByteArrayAsync();
                    response.EnsureSuccessStatusCode();
                    samples.Add(clock.Elapsed.TotalMilliseconds);
                }

                return Stats.Percentile(samples, 99);
            }

            var current = Measurement.Of($"current.p99.{claims}", await P99(() => $"/api/sagas/{slug}"), "ms");
            report(current);
            var span = Workload.PublishedAt(claims - 1) - Workload.Start;
            var asOf = await P99(() =>
            {
                var at = Workload.Start + span * random.NextDouble();
                return $"/api/sagas/{slug}?asOf={Uri.EscapeDataString(at.ToString("O"))}";
            });
            report(Measurement.Of($"asof.p99.{claims}", asOf, "ms", current));
        }
    }

    /// <summary>
    /// One saga with <paramref name="claims"/> claims, appended with Marten in batches through
    /// FetchForWriting, as the service appends (so the projected state knows its version).
    /// </summary>
    private static async Task SeedStreamAsync(IDocumentStore store, string slug, int claims)
    {
        await using (var open = store.LightweightSession())
        {
            open.Events.StartStream(slug, new SagaOpened(slug, "Bench Player", "Liverpool", new DateOnly(2027, 6, 30)));
            await open.SaveChangesAsync();
        }

        for (var start = 0; start < claims; start += 500)
        {
            await using var session = store.LightweightSession();
            var events = Enumerable.Range(start, Math.Min(500, claims - start))
                .Select(n => Workload.Event($"{slug}-{n}", n, 1) with { Claim = new InterestClaim(slug, Workload.Club(n), Enum.Parse<InterestLevel>(Workload.Level(n), true)) })
                .Cast<object>()
                .ToArray();
            var stream = await session.Events.FetchForWriting<SagaState>(slug);
            stream.AppendMany(events);
            session.LastModifiedBy = "bench";
            await session.SaveChangesAsync();
        }
    }

    public async Task RebuildAsync()
    {
        var connection = await database.CreateAsync("rebuild");
        using var host = await StoreHost.StartAsync(connection);
        progress($"rebuild: recording {size.RebuildEvents} events");
        await RecordForRebuildAsync(host.Store);

        var total = size.RebuildEvents + size.Sagas;
        progress($"rebuild.select: reading {total} events");
        var clock = Stopwatch.StartNew();
        await using (var source = NpgsqlDataSource.Create(connection))
        await using (var command = source.CreateCommand($"select seq_id, stream_id, version, type, data::text, timestamp from {Schema}.mt_events order by seq_id"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            long read = 0;
            while (await reader.ReadAsync())
            {
                _ = reader.GetString(4);
                read++;
            }
        }

        var select = Measurement.Of("rebuild.select", total / clock.Elapsed.TotalSeconds, "events/s");
        report(select);

        progress($"rebuild: every projection from {total} events");
        using var daemon = await host.Store.BuildProjectionDaemonAsync();
        await using var watch = new RebuildWatch(total, progress);
        using var watching = daemon.Tracker.Subscribe(watch);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        clock.Restart();
        // All at once, as an operator rebuilds (the daemon runs each projection's shard on its own), so
        // that one projection's reads overlap another's writes; each line says when that one finished.
        await Task.WhenAll(host.Store.Options.Projections.All.Select(async projection =>
        {
            await daemon.RebuildProjectionAsync(projection.Name, size.ScenarioBudget * 6, CancellationToken.None);
            progress($"rebuild: {projection.Name} done after {clock.Elapsed.TotalSeconds:N1} s ({total / clock.Elapsed.TotalSeconds:N0} events/s)");
        }));

        var elapsed = clock.Elapsed;
        // Whether the rebuild waited on PostgreSQL or on this process (2 cores: at most 2 s of CPU per second).
        progress($"rebuild: {elapsed.TotalSeconds:N1} s, this process used {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:N1} s of CPU");
        report(Measurement.Of("rebuild", total / elapsed.TotalSeconds, "events/s", select));
    }

    /// <summary>
    /// Records the sagas' openings, then <see cref="BenchSize.RebuildEvents"/> interest claims dealt round the
    /// sagas in turn (interleaved as a live service records them), by COPY: only the rebuild is measured, and
    /// the append path with its inline projections would spend most of the scenario's time at full size.
    /// </summary>
    private async Task RecordForRebuildAsync(DocumentStore store)
    {
        await using var session = store.LightweightSession();
        var recordedAt = TimeProvider.System.GetUtcNow();
        IEvent Recorded(object data, string saga, long version)
        {
            var e = session.Events.BuildEvent(data);
            e.Id = Guid.CreateVersion7();
            e.StreamKey = saga;
            e.Version = version;
            e.Timestamp = recordedAt;
            return e;
        }

        var sagas = size.Sagas;
        var claims = size.RebuildEvents;
        var headers = Enumerable.Range(0, sagas)
            .Select(i => new BulkEventStreamHeader { Key = Workload.Slug(i), Version = 1 + claims / sagas + (i < claims % sagas ? 1 : 0) })
            .ToList();
        var events = Enumerable.Range(0, sagas)
            .Select(i => Recorded(Workload.Opening(i), Workload.Slug(i), 1))
            .Concat(Enumerable.Range(0, claims)
                .Select(n => Recorded(Workload.Event($"rebuild-{n}", n, sagas), Workload.Slug(n % sagas), 2 + n / sagas)));
        await store.BulkInsertEventStreamAsync(
            StorageConstants.DefaultTenantId, headers, events.ToAsyncEnumerable(), 10_000, CancellationToken.None);

        // Statistics, as autovacuum gathers them on a store that grew over time: right after a bulk load the
        // planner would take the tables for nearly empty.
        session.QueueSqlCommand($"analyze {Schema}.mt_events, {Schema}.mt_streams");
        await session.SaveChangesAsync();
    }

    public async Task FanoutAsync()
    {
        var connection = await database.CreateAsync("fanout");
        await using var service = await InProcessService.StartAsync(connection);
        using var http = service.Client(8);
        const string slug = "fanout-saga";
        (await http.PutAsJsonAsync($"/api/sagas/{slug}", new { player = "Fan Out", currentClub = "Liverpool" })).EnsureSuccessStatusCode();

        progress($"fanout.p99.{size.FanoutSubscribers}: opening {size.FanoutSubscribers} streams");
        using var streams = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = size.FanoutSubscribers + 10 })
        {
            BaseAddress = service.Address,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        using var stop = new CancellationTokenSource();
        var committed = new Dictionary<string, long>();
        var ready = 0;
        // Each reader keeps its own receipts: a thousand readers taking one lock per push contended for it.
        var readers = Enumerable.Range(0, size.FanoutSubscribers).Select(async _ =>
        {
            var receipts = new List<(string Id, long At)>();
            using var response = await streams.GetAsync($"/api/sagas/{slug}/live", HttpCompletionOption.ResponseHeadersRead, stop.Token);
            await using var body = await response.Content.ReadAsStreamAsync(stop.Token);
            try
            {
                await SseReceipts.ReadAsync(body, () => Interlocked.Increment(ref ready), (id, at) => receipts.Add((id, at)), stop.Token);
            }
            catch (OperationCanceledException)
            {
            }

            return receipts;
        }).ToList();

        var wait = Stopwatch.StartNew();
        while (Volatile.Read(ref ready) < size.FanoutSubscribers && wait.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(100);
        }

        progress($"fanout.p99.{size.FanoutSubscribers}: {ready} streams open; recording {size.FanoutReports} reports");
        using var publication = new FeedLag();
        for (var n = 0; n < size.FanoutReports; n++)
        {
            var id = $"fanout-{n}";
            var body = Workload.Report(id, n, 1);
            var json = System.Text.Json.JsonSerializer.Serialize(body).Replace(Workload.Slug(0), slug, StringComparison.Ordinal);
            using var response = await http.PostAsync("/api/reports", new StringContent(json, Encoding.UTF8, "application/json"));
            // The commit happened before the answer; a push can even arrive first (then it counts as 0 ms).
            var at = Stopwatch.GetTimestamp();
            response.EnsureSuccessStatusCode();
            committed[id] = at;

            await Task.Delay(500);
        }

        await Task.Delay(2_000);
        await stop.CancelAsync();
        var samples = (await Task.WhenAll(readers))
            .SelectMany(receipts => receipts)
            .Where(r => committed.ContainsKey(r.Id))
            .Select(r => Math.Max(0, Stopwatch.GetElapsedTime(committed[r.Id], r.At).TotalMilliseconds))
            .ToList();

        if (samples.Count == 0)
        {
            throw new InvalidOperationException("no subscriber received a pushed report.");
        }

        progress($"fanout.p99.{size.FanoutSubscribers}: {samples.Count} of {size.FanoutReports * size.FanoutSubscribers} pushes received; "
                 + $"commit to publication (timeline.live.feed.lag) p50 {Stats.Percentile(publication.Milliseconds, 50):0.#} ms, "
                 + $"p99 {Stats.Percentile(publication.Milliseconds, 99):0.#} ms");
        report(Measurement.Of($"fanout.p99.{size.FanoutSubscribers}", Stats.Percentile(samples, 99), "ms"));
    }

    public Task DraftingAsync() => DraftingScenario.RunAsync(size, report, progress);

    public async Task FanoutWideAsync() =>
        await WideFanout.RunAsync(await database.CreateAsync("fanout-wide"), size, report, progress);

    /// <summary>
    /// <c>startup</c>: process start to <c>/health/ready</c>, the second start measured (the first also creates the
    /// schema, and opens a saga). <c>fanout.first</c>: on that freshly started node, a stream opened on the saga
    /// and the node's first write, timed from its answer to its receipt on the stream.
    /// </summary>
    public async Task StartupAsync()
    {
        const string slug = "first-push";
        var connection = await database.CreateAsync("startup");
        double seconds = 0;
        // A smoke run only shows it starts, and pushes: one start does it all.
        var runs = size == BenchSize.Smoke ? 1 : 2;
        for (var attempt = 0; attempt < runs; attempt++)
        {
            progress($"startup: run {attempt + 1} (the first also creates the schema)");
            var clock = Stopwatch.StartNew();
            await using var service = ServiceProcess.Start(connection);
            if (!await service.WaitReadyAsync(TimeSpan.FromSeconds(60)))
            {
                throw new TimeoutException("The service did not become ready.");
            }

            seconds = clock.Elapsed.TotalSeconds;
            using var http = service.Client();
            if (attempt == 0)
            {
                (await http.PutAsJsonAsync($"/api/sagas/{slug}", new { player = "First Push", currentClub = "Liverpool" })).EnsureSuccessStatusCode();
            }

            if (attempt == runs - 1)
            {
                report(Measurement.Of("fanout.first", await FirstPushAsync(service, http, slug), "ms"));
            }
        }

        report(Measurement.Of("startup", seconds, "s"));
    }

    private static async Task<double> FirstPushAsync(ServiceProcess service, HttpClient http, string slug)
    {
        using var streams = new HttpClient { BaseAddress = service.Address, Timeout = Timeout.InfiniteTimeSpan };
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var opened = new TaskCompletionSource();
        var received = new TaskCompletionSource<long>();
        using var response = await streams.GetAsync($"/api/sagas/{slug}/live", HttpCompletionOption.ResponseHeadersRead, stop.Token);
        await using var body = await response.Content.ReadAsStreamAsync(stop.Token);
        var reading = SseReceipts.ReadAsync(body, () => opened.TrySetResult(), (_, at) => received.TrySetResult(at), stop.Token);
        await opened.Task.WaitAsync(stop.Token);

        var json = System.Text.Json.JsonSerializer.Serialize(Workload.Report("first-push-1", 1, 1)).Replace(Workload.Slug(0), slug, StringComparison.Ordinal);
        using var answer = await http.PostAsync("/api/reports", new StringContent(json, Encoding.UTF8, "application/json"));
        var committed = Stopwatch.GetTimestamp();
        answer.EnsureSuccessStatusCode();
        var at = await received.Task.WaitAsync(stop.Token);
        await stop.CancelAsync();
        try
        {
            await reading;
        }
        catch (OperationCanceledException)
        {
        }

        return Math.Max(0, Stopwatch.GetElapsedTime(committed, at).TotalMilliseconds);
    }
}

/// <summary>Reports progress on the importing thread, so the count is current when the budget stops it.</summary>
internal sealed class InlineProgress(Action<int> report) : IProgress<int>
{
    public void Report(int value) => report(value);
}
