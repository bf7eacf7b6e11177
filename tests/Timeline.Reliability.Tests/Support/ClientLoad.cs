using System.Collections.Concurrent;

namespace Timeline.Reliability.Tests;

/// <summary>One request of a <see cref="ClientLoad"/>: when it started, what it was, its status (0: no answer) and how long it took.</summary>
public sealed record Attempt(TimeSpan At, string Kind, string Id, int Status, string? ContentType, TimeSpan Took)
{
    public TimeSpan End => At + Took;

    public bool IsWrite => Kind == "write";
}

/// <summary>
/// Clients that alternate a new report on one saga with a read of it, timing each answer, for as long as a
/// fault test breaks things underneath; then what the database holds, read directly, to judge them by.
/// </summary>
public sealed class ClientLoad(ServiceNode node, string saga, string prefix)
{
    private readonly ConcurrentBag<Attempt> _attempts = new();

    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    public IReadOnlyList<Attempt> Attempts => _attempts.OrderBy(a => a.At).ToList();

    public object WriteBody(string id) => Report(id, "2025-11-30T09:00:00Z", Interest(saga, $"Club {id}", "interested"));

    private readonly CancellationTokenSource _stop = new(TimeSpan.FromMinutes(2));
    private Task _running = Task.CompletedTask;

    /// <summary>Opens the saga <c>{prefix}-konate</c> on a ready node and starts <paramref name="clients"/> clients on it.</summary>
    public static async Task<ClientLoad> StartAsync(ServiceNode node, string prefix, int clients)
    {
        var saga = $"{prefix}-konate";
        await node.PutSagaAsync(saga, "Ibrahima Konaté");
        await node.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        var load = new ClientLoad(node, saga, prefix);
        load.Start(clients);
        return load;
    }

    /// <summary>Starts <paramref name="clients"/> clients, which run until <see cref="RecoverAsync"/> ends them (two minutes at most).</summary>
    public void Start(int clients) =>
        _running = Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(() => ClientAsync(c, _stop.Token), CancellationToken.None)));

    /// <summary>When the node was ready again, answered its first 201 and had fed every stored event to the change feed.</summary>
    public sealed record Recovery(TimeSpan Ready, TimeSpan FirstWrite, TimeSpan CaughtUp);

    /// <summary>
    /// After a fault that ended at <paramref name="since"/>: waits until the node is ready with the change feed
    /// running and a write succeeds, lets the load run a moment longer, ends it, and waits until the change feed
    /// has read every event stored (it picks up where it was, past the fault).
    /// </summary>
    public async Task<Recovery> RecoverAsync(TimeSpan since, TimeSpan patience)
    {
        try
        {
            await EventuallyAsync(async () => await ReadinessAsync(node) is { Status: HttpStatusCode.OK } ready && ChangeFeedRunning(ready.Report),
                patience, "readiness recovers");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} {await LastWordsAsync(node)}");
        }

        var ready = Clock.Elapsed;
        await EventuallyAsync(() => Task.FromResult(FirstWriteAfter(since) is not null), TimeSpan.FromSeconds(30), "a write succeeds again");
        await Task.Delay(TimeSpan.FromSeconds(1));
        await _stop.CancelAsync();
        await _running;
        await EventuallyAsync(async () => await ReadinessAsync(node) is { Status: HttpStatusCode.OK } r && FeedCaughtUp(r.Report),
            TimeSpan.FromSeconds(60), "the change feed reads everything stored");
        return new Recovery(ready, FirstWriteAfter(since)!.End, Clock.Elapsed);
    }

    private Attempt? FirstWriteAfter(TimeSpan since) =>
        Attempts.FirstOrDefault(a => a.At > since && a.IsWrite && a.Status == 201);

    /// <summary>Every request got an answer: no 5xx but 503, every refusal problem details.</summary>
    public void ShouldHaveAnsweredEveryRequest()
    {
        var all = Attempts;
        all.ShouldNotContain(a => a.Status == 0, "every request got an answer");
        all.ShouldNotContain(a => a.Status >= 500 && a.Status != 503, string.Join(", ", all.Where(a => a.Status >= 500).Select(a => a.Status).Distinct()));
        all.Where(a => a.Status >= 400).ShouldAllBe(a => a.ContentType == "application/problem+json");
    }

    private async Task ClientAsync(int client, CancellationToken stop)
    {
        using var http = Client(node, ServiceNode.Key);
        http.Timeout = TimeSpan.FromSeconds(30);
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var write = n % 2 == 0;
            var id = $"{prefix}-{client}-{n}";
            var started = Clock.Elapsed;
            try
            {
                using var response = write
                    ? await http.PostAsync("/api/reports", ServiceNode.JsonContent(WriteBody(id)), CancellationToken.None)
                    : await http.GetAsync($"/api/sagas/{saga}", CancellationToken.None);
                _attempts.Add(new Attempt(started, write ? "write" : "read", id, (int)response.StatusCode,
                    response.Content.Headers.ContentType?.MediaType, Clock.Elapsed - started));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                _attempts.Add(new Attempt(started, write ? "write" : "read", id, 0, null, Clock.Elapsed - started));
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }

    /// <summary>
    /// Nothing lost, nothing half-stored: every 201 is in the store; every refused write, sent again, is
    /// recorded once (201) or, when its commit landed though its answer was lost, found (200). Returns how
    /// many were sent again.
    /// </summary>
    public async Task<int> ShouldHaveLostNothingAsync(string connectionString)
    {
        var writes = Attempts.Where(a => a.IsWrite).ToList();
        var stored = await StoredReportsAsync(connectionString);
        writes.Where(a => a.Status == 201).ShouldAllBe(a => stored.Contains(a.Id));
        using var http = Client(node, ServiceNode.Key);
        var resent = 0;
        foreach (var failed in writes.Where(a => a.Status != 201))
        {
            var (status, _) = await PostJsonAsync(http, "/api/reports", WriteBody(failed.Id));
            status.ShouldBeOneOf(HttpStatusCode.Created, HttpStatusCode.OK);
            (status == HttpStatusCode.OK).ShouldBe(stored.Contains(failed.Id), failed.Id);
            resent++;
        }

        var state = await node.SendAsync(HttpMethod.Get, $"/api/sagas/{saga}");
        state.GetProperty("claims").GetInt32().ShouldBe((await StoredReportsAsync(connectionString)).Count(id => id.StartsWith(prefix + "-", StringComparison.Ordinal)));
        return resent;
    }

    public static TimeSpan Median(IEnumerable<Attempt> attempts)
    {
        var sorted = attempts.Select(a => a.Took).Order().ToList();
        return sorted.Count == 0 ? TimeSpan.Zero : sorted[sorted.Count / 2];
    }

    /// <summary>The ids of every report recorded, read from the events table directly.</summary>
    public static async Task<HashSet<string>> StoredReportsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand($"select data ->> 'reportId' from {Schema}.mt_events where type = 'report_recorded'", connection);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public static async Task<(HttpStatusCode Status, JsonElement Report)> ReadinessAsync(ServiceNode node)
    {
        using var client = Client(node);
        using var response = await client.GetAsync("/health/ready");
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    public static bool ChangeFeedRunning(JsonElement readiness) =>
        readiness.GetProperty("checks").GetProperty("change-feed").GetProperty("data").GetProperty("running").GetBoolean();

    public static bool FeedCaughtUp(JsonElement readiness) =>
        readiness.GetProperty("checks").GetProperty("change-feed").GetProperty("data") is var data
        && data.GetProperty("position").GetInt64() == data.GetProperty("head").GetInt64();

    public static bool DatabaseUnhealthy(JsonElement readiness) =>
        readiness.GetProperty("checks").GetProperty("database").GetProperty("status").GetString() == "Unhealthy";

    /// <summary>What a failed wait reports: the node's readiness if it still answers, whether its process ended, and the tail of its output.</summary>
    public static async Task<string> LastWordsAsync(ServiceNode node)
    {
        string readiness;
        try
        {
            readiness = (await ReadinessAsync(node)).Report.ToString();
        }
        catch (HttpRequestException e)
        {
            readiness = $"no answer ({e.Message})";
        }

        var process = node.Process.HasExited ? $"the process ended with exit code {node.Process.ExitCode}" : "the process runs";
        var output = node.Process.Output;
        return $"Readiness: {readiness}; {process}.{Environment.NewLine}{(output.Length <= 4000 ? output : output[^4000..])}";
    }
}
