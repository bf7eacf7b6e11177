using System.Collections.Concurrent;
using Marten;
using Xunit.Abstractions;

namespace Timeline.Api.Tests.Writes;

/// <summary>
/// Writers queueing on one saga's lock is contention, not an outage: each write waits its turn and is stored,
/// while the node's readiness probes go on as a load balancer's would.
/// </summary>
public sealed class when_sixteen_writers_record_on_one_saga(TimelineFixture fixture, ITestOutputHelper output)
    : IntegrationTest(fixture)
{
    private const int Writers = 16;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task every_write_is_answered_without_a_5xx_and_every_acknowledged_report_is_stored_once()
    {
        await OpenSaga("ibrahima-konate");
        var answers = new ConcurrentBag<(string Id, HttpStatusCode Status, TimeSpan Took, string Body)>();
        var clock = Stopwatch.StartNew();

        var probes = ProbeReadinessAsync(clock);
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            using var client = Host.Server.CreateClient();
            client.DefaultRequestHeaders.Add("X-Api-Key", TimelineFixture.WriterKey);
            for (var n = 0; clock.Elapsed < Duration; n++)
            {
                var id = $"contention-{writer}-{n}";
                var body = JsonSerializer.Serialize(Report(id, "2025-11-28T18:00:00Z", Interest("ibrahima-konate", "Real Madrid", Levels[n % Levels.Length])));
                var started = clock.Elapsed;
                using var response = await client.PostAsync("/api/reports", new StringContent(body, Encoding.UTF8, "application/json"));
                answers.Add((id, response.StatusCode, clock.Elapsed - started, await response.Content.ReadAsStringAsync()));
            }
        })));
        var probed = await probes;

        var acknowledged = answers.Where(a => a.Status == HttpStatusCode.Created).Select(a => a.Id).ToList();
        var slowest = answers.Max(a => a.Took);
        output.WriteLine($"{answers.Count} writes in {clock.Elapsed.TotalSeconds:0.0} s: {acknowledged.Count} 201, "
            + $"slowest {slowest.TotalMilliseconds:0} ms, median {answers.Select(a => a.Took).Order().ElementAt(answers.Count / 2).TotalMilliseconds:0} ms; "
            + $"{probed} readiness probes");

        answers.Where(a => (int)a.Status >= 500).Select(a => $"{a.Status} after {a.Took.TotalMilliseconds:0} ms: {a.Body}").ShouldBeEmpty();
        answers.Select(a => a.Status).Distinct().ShouldBe([HttpStatusCode.Created]);
        var stored = await StoredClaimsPerReportAsync();
        stored.Keys.Order().ShouldBe(acknowledged.Order());
        stored.Values.ShouldAllBe(count => count == 1);
        (await GetJson("/api/sagas/ibrahima-konate")).GetProperty("claims").GetInt32().ShouldBe(acknowledged.Count);
    }

    private static readonly string[] Levels = ["monitoring", "interested", "advanced", "cooling"];

    private async Task<int> ProbeReadinessAsync(Stopwatch clock)
    {
        using var client = Host.Server.CreateClient();
        using var every = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        var probes = 0;
        while (clock.Elapsed < Duration && await every.WaitForNextTickAsync())
        {
            using var response = await client.GetAsync("/health/ready");
            probes++;
        }

        return probes;
    }

    private async Task<Dictionary<string, long>> StoredClaimsPerReportAsync()
    {
        await using var session = Fixture.Store.QuerySession();
        var rows = await session.AdvancedSql.QueryAsync<string, long>(
            $"""
             select row(data -> 'source' ->> 'reportId'), row(count(*)) from {Infrastructure.Store.Schema}.mt_events
             where stream_id = 'ibrahima-konate' and type = 'interest_reported' group by 1
             """, CancellationToken.None);
        return rows.ToDictionary(r => r.Item1, r => r.Item2);
    }
}
