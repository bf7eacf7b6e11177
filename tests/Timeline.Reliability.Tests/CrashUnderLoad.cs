using System.Collections.Concurrent;
using Marten;
using Timeline.Api.Sagas;
using Timeline.Domain;
using JasperFx;

namespace Timeline.Reliability.Tests;

/// <summary>
/// Eight writers record reports over several sagas while the service process is killed with SIGKILL
/// and started again. What was acknowledged must be there exactly once, what got no answer must be
/// there whole or not at all, and every saga's projected state must equal a fresh fold of its events.
/// </summary>
public sealed class CrashUnderLoad(ITestOutputHelper output) : NodesOnOneDatabase(1, "crash")
{
    private const int Writers = 8;
    private static readonly string[] Sagas = ["crash-konate", "crash-guehi", "crash-upamecano", "crash-saliba", "crash-kim", "crash-bastoni"];
    private static readonly string[] Levels = ["monitoring", "interested", "advanced", "bid", "cooling", "withdrawn"];

    private ServiceNode Node => Nodes[0];

    /// <summary>A report and how it ended: a status, or none (<paramref name="Refused"/> when the connection was refused, so it never left).</summary>
    private sealed record Sent(string Id, object Body, int Claims, HttpStatusCode? Status, string Answer, bool Refused = false);

    [Fact]
    public async Task every_acknowledged_report_survives_a_kill_once_and_none_is_half_stored()
    {
        foreach (var saga in Sagas)
        {
            await Node.PutSagaAsync(saga, saga);
        }

        var sent = new ConcurrentBag<Sent>();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(w, sent, stop.Token))).ToList();

        await EventuallyAsync(() => Task.FromResult(sent.Count(s => s.Status == HttpStatusCode.Created) >= 150), TimeSpan.FromSeconds(60), "150 reports acknowledged before the kill");
        await Node.Process.KillAsync();
        var killedAt = sent.Count;
        var ackedBeforeKill = sent.Count(s => s.Status == HttpStatusCode.Created);
        var down = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(1));
        await Node.RestartAsync();
        var restart = down.Elapsed;

        var ackedAtRestart = sent.Count(s => s.Status == HttpStatusCode.Created);
        await EventuallyAsync(() => Task.FromResult(sent.Count(s => s.Status == HttpStatusCode.Created) >= ackedAtRestart + 100), TimeSpan.FromSeconds(60), "100 more reports acknowledged after the restart");
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        var acknowledged = sent.Where(s => s.Status == HttpStatusCode.Created).ToList();
        var unanswered = sent.Where(s => s.Status is null).ToList();
        sent.Where(s => s.Status is not (null or HttpStatusCode.Created)).ShouldBeEmpty("while it runs, the node only acknowledges");
        unanswered.Count.ShouldBeGreaterThan(0, "the kill interrupted some writes");

        // Exactly once: each acknowledged report's claims, no more, no less.
        var stored = await ClaimsByReportAsync();
        var missing = acknowledged.Where(s => stored.GetValueOrDefault(s.Id) != s.Claims).Select(s => $"{s.Id}: {stored.GetValueOrDefault(s.Id)} of {s.Claims}").ToList();
        missing.ShouldBeEmpty("every acknowledged report is stored exactly once");

        // Whole or nothing: a report that got no answer is stored with all of its claims, or not at all.
        var halves = unanswered.Where(s => stored.GetValueOrDefault(s.Id) is var n && n != 0 && n != s.Claims).Select(s => s.Id).ToList();
        halves.ShouldBeEmpty("no report is half stored");
        var unansweredButStored = unanswered.Count(s => stored.GetValueOrDefault(s.Id) == s.Claims);
        stored.Keys.Except(sent.Select(s => s.Id)).ShouldBeEmpty();
        (await ScalarAsync<long>(Database, $"select count(*) from {Schema}.mt_events where type = 'report_recorded'"))
            .ShouldBe(acknowledged.Count + unansweredButStored, "one report event per stored report");

        await ProjectionsEqualFreshFoldsAsync();

        // Retrying is safe: acknowledged reports answer 200 with their receipt; the unanswered get recorded now, once.
        using var client = Client(Node, ServiceNode.Key);
        var resend = new ParallelOptions { MaxDegreeOfParallelism = Writers };
        await Parallel.ForEachAsync(acknowledged, resend, async (report, _) =>
        {
            var (status, body) = await PostJsonAsync(client, "/api/reports", report.Body);
            status.ShouldBe(HttpStatusCode.OK, report.Id);
            body.GetRawText().ShouldBe(report.Answer, "a repeat answers the first receipt");
        });

        var retried = new ConcurrentBag<HttpStatusCode>();
        await Parallel.ForEachAsync(unanswered, resend, async (report, _) =>
        {
            var (status, _) = await PostJsonAsync(client, "/api/reports", report.Body);
            status.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.Created);
            (status == HttpStatusCode.OK).ShouldBe(stored.GetValueOrDefault(report.Id) == report.Claims, report.Id);
            retried.Add(status);
        });

        var afterRetries = await ClaimsByReportAsync();
        sent.Where(s => afterRetries.GetValueOrDefault(s.Id) != s.Claims).ShouldBeEmpty("after retries every report is there once");
        await ProjectionsEqualFreshFoldsAsync();

        Figures.Record(output, "kill -9", $"{Writers} writers, {Sagas.Length} sagas, 1-3 claims a report: {sent.Count} reports sent, {acknowledged.Count} acknowledged (201) and {acknowledged.Count} found exactly once after the kill ({ackedBeforeKill} before it); {unanswered.Count(s => !s.Refused)} were in flight when it died and {unanswered.Count(s => s.Refused)} refused while it was down: {unansweredButStored} of those stored whole, {unanswered.Count - unansweredButStored} not at all, 0 half");
        Figures.Record(output, "kill -9", $"killed after {killedAt} sends; restarted and ready {restart.TotalSeconds:0.0} s after the kill; {acknowledged.Count} re-sent acknowledged reports all 200; {retried.Count(s => s == HttpStatusCode.Created)} unanswered re-sent as 201, {retried.Count(s => s == HttpStatusCode.OK)} as 200; {Sagas.Length} projected states equal fresh folds");
    }

    /// <summary>One writer: new reports back to back; while the node is down, an attempt every 250 ms.</summary>
    private async Task WriteAsync(int writer, ConcurrentBag<Sent> sent, CancellationToken stop)
    {
        var random = new Random(writer);
        using var client = Client(Node, ServiceNode.Key);
        client.Timeout = TimeSpan.FromSeconds(20);
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var id = $"crash-w{writer}-{n}";
            var claims = Enumerable.Range(0, 1 + random.Next(3))
                .Select(_ => Interest(Sagas[random.Next(Sagas.Length)], $"Club {random.Next(12)}", Levels[random.Next(Levels.Length)]))
                .ToArray();
            var body = Report(id, $"2025-{1 + random.Next(11):00}-{1 + random.Next(28):00}T{random.Next(24):00}:00:00Z", claims);
            try
            {
                using var response = await client.PostAsync("/api/reports", ServiceNode.JsonContent(body), CancellationToken.None);
                sent.Add(new Sent(id, body, claims.Length, response.StatusCode, await response.Content.ReadAsStringAsync(CancellationToken.None)));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                var refused = e.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused };
                sent.Add(new Sent(id, body, claims.Length, null, e.Message, refused));
                await Task.Delay(250, CancellationToken.None);
            }
        }
    }

    /// <summary>How many claim events each report has in the store.</summary>
    private async Task<Dictionary<string, long>> ClaimsByReportAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var query = new Npgsql.NpgsqlCommand(
            $"select data -> 'source' ->> 'reportId', count(*) from {Schema}.mt_events where stream_id = any($1) and type = 'interest_reported' group by 1",
            connection) { Parameters = { new Npgsql.NpgsqlParameter { Value = Sagas } } };
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    /// <summary>
    /// Folds each saga's events here, with the domain's fold, and compares the result with the state the
    /// service projected (the document its reads serve), field by field.
    /// </summary>
    private async Task ProjectionsEqualFreshFoldsAsync()
    {
        using var store = OpenStore(Database);
        await using var session = store.QuerySession();
        foreach (var saga in Sagas)
        {
            var events = await session.Events.FetchStreamAsync(saga);
            var folded = SagaFold.Fold(SagaHistory.Entries(events).ToList(), DateTimeOffset.MaxValue, DateTimeOffset.MaxValue);
            var projected = await session.LoadAsync<SagaState>(saga);
            projected.ShouldNotBeNull(saga);
            folded.ShouldNotBeNull(saga);
            projected.Version.ShouldBe(events[^1].Version, saga);
            Comparable(projected).ShouldBe(Comparable(folded), saga);
        }
    }

    /// <summary>The state without the clocks and chain head, which say when and over what it was read, not what it is.</summary>
    private static string Comparable(SagaState state) =>
        JsonSerializer.Serialize(state with { RecordedAt = default, Version = 0 });
}
