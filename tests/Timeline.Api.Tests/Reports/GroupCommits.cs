using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Timeline.Api.Reports;
using Timeline.Domain;

namespace Timeline.Api.Tests;

/// <summary>
/// Reports sent at once share a transaction (<see cref="GroupCommit"/>), and each is answered as if it had been
/// sent alone. To know which reports share one, the tests keep every writer waiting on a saga locked by the
/// test's own transaction, queue the reports, and then let go.
/// </summary>
public class when_reports_are_sent_at_once(TimelineFixture fixture) : IntegrationTest(fixture)
{
    private const string Schema = Infrastructure.Store.Schema;

    protected override async Task Given()
    {
        await OpenSaga("ibrahima-konate");
        await OpenSaga("marc-guehi", "Marc Guéhi", "Crystal Palace");
        await OpenSaga("held-saga", "Held Player", "Brentford");
    }

    private GroupCommit Commits => Host.Services.GetRequiredService<GroupCommit>();

    [Fact]
    public async Task an_invalid_a_conflicting_and_a_repeated_report_in_a_batch_are_each_answered_as_if_alone()
    {
        var stored = Report("stored-1", "2025-11-28T09:00:00Z", Interest("ibrahima-konate", "Real Madrid", "withdrawn"));
        var storedReceipt = await (await PostReport(stored)).ReadAsTextAsync();
        using var sizes = new CommitSizes();

        var good = Enumerable.Range(0, 6)
            .Select(i => Report($"good-{i}", "2025-11-29T09:00:00Z", Interest(i % 2 == 0 ? "ibrahima-konate" : "marc-guehi", "Chelsea", "monitoring")))
            .ToList();
        var unknownSaga = Report("unknown-saga", "2025-11-29T09:00:00Z", Interest("nobody-opened-this", "Chelsea", "monitoring"));
        var conflicting = Report("stored-1", "2025-11-28T09:00:00Z", Interest("ibrahima-konate", "Real Madrid", "agreed"));
        var pairFirst = Report("pair-1", "2025-11-29T10:00:00Z", Interest("marc-guehi", "Liverpool", "interested"));
        var pairSecond = Report("pair-1", "2025-11-29T10:00:00Z", Interest("marc-guehi", "Liverpool", "bid"));
        object[] batch = [.. good, unknownSaga, conflicting, stored, pairFirst, pairSecond];

        List<HttpResponseMessage> answers;
        await using (var held = await HoldWritersAsync())
        {
            answers = await held.SendAllAsync(batch);
        }

        sizes.All.ShouldContain(batch.Length, "one transaction took the whole batch");
        for (var i = 0; i < good.Count; i++)
        {
            answers[i].StatusCode.ShouldBe(HttpStatusCode.Created, $"good-{i}");
        }

        answers[good.Count].StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await answers[good.Count].Content.ReadAsStringAsync()).ShouldContain("nobody-opened-this");
        answers[good.Count + 1].StatusCode.ShouldBe(HttpStatusCode.Conflict);
        answers[good.Count + 2].StatusCode.ShouldBe(HttpStatusCode.OK);
        (await answers[good.Count + 2].Content.ReadAsStringAsync()).ShouldBe(storedReceipt);
        // Two reports under one new id in the batch: whichever came first is recorded, the other conflicts with it.
        var pair = answers[^2..].Select(a => a.StatusCode).ToList();
        pair.ShouldBe([HttpStatusCode.Created, HttpStatusCode.Conflict], ignoreOrder: true);
        var pairLevel = pair[0] == HttpStatusCode.Created ? "interested" : "bid";

        (await ReportEventsAsync("unknown-saga")).ShouldBe(0);
        (await ReportEventsAsync("stored-1")).ShouldBe(1);
        (await ReportEventsAsync("pair-1")).ShouldBe(1);
        for (var i = 0; i < good.Count; i++)
        {
            (await ReportEventsAsync($"good-{i}")).ShouldBe(1);
        }

        var konate = await GetJson("/api/sagas/ibrahima-konate");
        konate.GetProperty("claims").GetInt32().ShouldBe(1 + 3);
        konate.GetProperty("suitors").EnumerateArray().Single(s => s.GetProperty("club").GetString() == "Real Madrid")
            .GetProperty("interest").GetString().ShouldBe("withdrawn");
        var guehi = await GetJson("/api/sagas/marc-guehi");
        guehi.GetProperty("claims").GetInt32().ShouldBe(3 + 1);
        guehi.GetProperty("suitors").EnumerateArray().Single(s => s.GetProperty("club").GetString() == "Liverpool")
            .GetProperty("interest").GetString().ShouldBe(pairLevel);
        await ShouldHaveContiguousVersionsAndChainsAsync("ibrahima-konate", "marc-guehi");
    }

    [Fact]
    public async Task a_batch_whose_save_fails_at_commit_saves_each_report_alone()
    {
        // A real fault at commit: a deferred constraint trigger refuses any event of the poisoned report, so the
        // whole shared transaction fails when it commits, after every statement of the batch succeeded.
        await ExecuteAsync($"""
            create or replace function {Schema}.poison_at_commit() returns trigger language plpgsql as $$
            begin
              if new.stream_id = 'report:poisoned' then raise exception 'the poisoned report reached the commit'; end if;
              return null;
            end $$;
            create constraint trigger poison_at_commit after insert on {Schema}.mt_events
              deferrable initially deferred for each row execute function {Schema}.poison_at_commit();
            """);
        try
        {
            using var sizes = new CommitSizes();
            var good = Enumerable.Range(0, 5)
                .Select(i => Report($"survivor-{i}", "2025-11-29T09:00:00Z", Interest(i % 2 == 0 ? "ibrahima-konate" : "marc-guehi", "Chelsea", "monitoring")))
                .ToList();
            object[] batch = [.. good.Take(2), Report("poisoned", "2025-11-29T09:00:00Z", Interest("ibrahima-konate", "PSG", "bid")), .. good.Skip(2)];
            var before = await Fixture.EventCountAsync();

            List<HttpResponseMessage> answers;
            int writers;
            await using (var held = await HoldWritersAsync())
            {
                writers = held.Writers;
                answers = await held.SendAllAsync(batch);
            }

            sizes.Failed.ShouldBe([batch.Length], "the reports were tried together first");
            sizes.All.ShouldNotContain(batch.Length);
            answers.Select(a => (int)a.StatusCode).ShouldBe([201, 201, 500, 201, 201, 201]);
            (await ReportEventsAsync("poisoned")).ShouldBe(0);
            for (var i = 0; i < good.Count; i++)
            {
                (await ReportEventsAsync($"survivor-{i}")).ShouldBe(1);
            }

            // Each survivor's claim and report event, once; nothing of the poisoned one.
            (await Fixture.EventCountAsync()).ShouldBe(before + 2 * good.Count + 2 * writers);
            (await GetJson("/api/sagas/ibrahima-konate")).GetProperty("claims").GetInt32().ShouldBe(3);
            (await GetJson("/api/sagas/marc-guehi")).GetProperty("claims").GetInt32().ShouldBe(2);
            await ShouldHaveContiguousVersionsAndChainsAsync("ibrahima-konate", "marc-guehi");
        }
        finally
        {
            await ExecuteAsync($"drop trigger poison_at_commit on {Schema}.mt_events; drop function {Schema}.poison_at_commit();");
        }
    }

    [Fact]
    public async Task many_reports_sent_at_once_share_transactions()
    {
        using var sizes = new CommitSizes();
        var client = Client();
        const int reports = 48;

        var answers = await Task.WhenAll(Enumerable.Range(0, reports).Select(i => client.PostAsync("/api/reports",
            Body(Report($"many-{i}", "2025-11-29T09:00:00Z", Interest(i % 2 == 0 ? "ibrahima-konate" : "marc-guehi", "Chelsea", "monitoring"))))));

        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.Created);
        sizes.All.Sum().ShouldBe(reports);
        sizes.All.Count.ShouldBeLessThan(reports, $"commit sizes: {string.Join(", ", sizes.All)}");
        (await GetJson("/api/sagas/ibrahima-konate")).GetProperty("claims").GetInt32().ShouldBe(reports / 2);
        await ShouldHaveContiguousVersionsAndChainsAsync("ibrahima-konate", "marc-guehi");
    }

    /// <summary>
    /// Keeps every writer of the group commit busy with a report about a saga the test holds locked, so that
    /// reports sent meanwhile queue up and are taken by one transaction when the test lets go.
    /// </summary>
    private async Task<HeldWriters> HoldWritersAsync()
    {
        var connection = new NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var lockSaga = new NpgsqlCommand($"select 1 from {Schema}.mt_streams where id = 'held-saga' for update", connection, transaction))
        {
            await lockSaga.ExecuteNonQueryAsync();
        }

        var client = Client();
        var writers = Host.Services.GetRequiredService<IOptions<GroupCommitOptions>>().Value.Writers;
        var blockers = new List<Task<HttpResponseMessage>>();
        for (var i = 0; i < writers; i++)
        {
            blockers.Add(client.PostAsync("/api/reports", Body(Report($"held-{i}", "2025-11-29T08:00:00Z", Interest("held-saga", "Fulham", "monitoring")))));
            var busy = i + 1;
            await WaitUntilAsync(() => Commits.Busy == busy, $"{busy} writers held");
        }

        return new HeldWriters(this, client, connection, transaction, blockers);
    }

    private sealed class HeldWriters(
        when_reports_are_sent_at_once test, HttpClient client, NpgsqlConnection connection, NpgsqlTransaction transaction,
        List<Task<HttpResponseMessage>> blockers) : IAsyncDisposable
    {
        private bool _released;

        /// <summary>The writers held, each by one report about the held saga: a claim and a report event each once let go.</summary>
        public int Writers => blockers.Count;

        /// <summary>Sends the reports in this order, lets the writers go once all are queued, and returns the answers in the same order.</summary>
        public async Task<List<HttpResponseMessage>> SendAllAsync(IReadOnlyList<object> reports)
        {
            var sent = new List<Task<HttpResponseMessage>>();
            foreach (var report in reports)
            {
                var queued = test.Commits.Queued;
                sent.Add(client.PostAsync("/api/reports", Body(report)));
                await test.WaitUntilAsync(() => test.Commits.Queued == queued + 1, $"report {sent.Count} queued");
            }

            await ReleaseAsync();
            return [.. await Task.WhenAll(sent)];
        }

        private async Task ReleaseAsync()
        {
            if (_released)
            {
                return;
            }

            _released = true;
            await transaction.RollbackAsync();
            foreach (var blocker in await Task.WhenAll(blockers))
            {
                blocker.StatusCode.ShouldBe(HttpStatusCode.Created);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await ReleaseAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
            client.Dispose();
        }
    }

    private async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited in vain for: {what}.");
            }

            await Task.Delay(10);
        }
    }

    private HttpClient Client()
    {
        var client = Host.Server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", TimelineFixture.WriterKey);
        return client;
    }

    private static StringContent Body(object report) =>
        new(JsonSerializer.Serialize(report), Encoding.UTF8, "application/json");

    private async Task<long> ReportEventsAsync(string reportId)
    {
        await using var session = Fixture.Store.QuerySession();
        return (await session.AdvancedSql.QueryAsync<long>(
            $"select count(*) from {Schema}.mt_events where stream_id = ? and type <> 'tombstone'", CancellationToken.None,
            ReportStreams.Key(reportId))).Single();
    }

    /// <summary>Each saga's chain verifies: versions 1..n without a gap, each event linked onto the one before.</summary>
    private async Task ShouldHaveContiguousVersionsAndChainsAsync(params string[] sagas)
    {
        await using var session = Fixture.Store.QuerySession();
        var database = Host.Services.GetRequiredService<NpgsqlDataSource>();
        foreach (var saga in sagas)
        {
            var verdict = await Audit.ChainVerifier.VerifyAsync(database, session, saga, CancellationToken.None);
            verdict.ShouldNotBeNull().Valid.ShouldBeTrue($"{saga}: {verdict?.Problem}");
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The sizes of the group commits tried while it listens (timeline.reports.commit.size).</summary>
    private sealed class CommitSizes : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<long> _sizes = [];
        private readonly List<long> _failed = [];

        public CommitSizes()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument is { Meter.Name: "Timeline", Name: "timeline.reports.commit.size" })
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                var failed = false;
                foreach (var tag in tags)
                {
                    failed |= tag is { Key: "outcome", Value: "failed" };
                }

                lock (_sizes)
                {
                    (failed ? _failed : _sizes).Add(value);
                }
            });
            _listener.Start();
        }

        /// <summary>The sizes of the transactions saved.</summary>
        public List<long> All
        {
            get
            {
                lock (_sizes)
                {
                    return [.. _sizes];
                }
            }
        }

        /// <summary>The sizes of the shared transactions that failed and were saved again one report at a time.</summary>
        public List<long> Failed
        {
            get
            {
                lock (_sizes)
                {
                    return [.. _failed];
                }
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
