using static Timeline.Reliability.Tests.ClientLoad;

namespace Timeline.Reliability.Tests;

/// <summary>
/// A cluster of this class's own behind a <see cref="FaultProxy"/>, and an impatient node that reaches it only
/// through the proxy, with four seconds for a webhook receiver to answer.
/// </summary>
public sealed class ProxiedPostgres() : OwnCluster("partition")
{
    public static readonly TimeSpan WebhookTimeout = TimeSpan.FromSeconds(4);

    public FaultProxy Proxy { get; private set; } = null!;

    protected override Task<ServiceNode> StartNodeAsync()
    {
        Proxy = FaultProxy.Start(Cluster.Port);
        return StartImpatientNodeAsync(
            new NpgsqlConnectionStringBuilder(ConnectionString) { Port = Proxy.Port }.ConnectionString,
            ("Timeline__Webhooks__Timeout", WebhookTimeout.ToString()));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Proxy.DisposeAsync();
    }
}

/// <summary>
/// The network between the service and PostgreSQL breaks without either end closing anything: a blackhole
/// under load must cost each request one timeout and a 503, never a hang, and heal by itself; a connection
/// reset in the middle of a report's transaction must leave all of the report or none of it.
/// </summary>
[Collection(MeasuresTime.Name)]
public sealed class NetworkFaults(ProxiedPostgres fixture, ITestOutputHelper output) : IClassFixture<ProxiedPostgres>
{
    private const int Clients = 6;

    private static readonly TimeSpan Down = TimeSpan.FromSeconds(8);

    /// <summary>
    /// The longest a request may take while the database is silent: one command's timeout; then Npgsql's request
    /// to cancel that command, on a connection of its own that a silent server accepts and never answers, which
    /// Npgsql gives up after twice the connect timeout; then the cancellation timeout, after which it breaks the
    /// connection. A request still opening a connection fails at the connect timeout instead. Three seconds more
    /// for a loaded machine.
    /// </summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(
        CommandTimeoutSeconds + 2 * ConnectTimeoutSeconds
        + Api.Infrastructure.TimelineDatabase.CancellationTimeoutMilliseconds / 1000.0 + 3);

    private ServiceNode Node => fixture.Node;

    private FaultProxy Proxy => fixture.Proxy;

    [Fact]
    public async Task a_blackholed_database_costs_each_request_one_timeout_and_a_503_and_heals_unaided()
    {
        var load = await ClientLoad.StartAsync(Node, "partition", Clients);
        var clock = load.Clock;
        await EventuallyAsync(() => Task.FromResult(load.Attempts.Count(a => a.Status == 201) >= Clients), TimeSpan.FromSeconds(30), "writes are acknowledged before the fault");

        TimeSpan holedAt, healedAt;
        try
        {
            Proxy.Blackhole();
            holedAt = clock.Elapsed;
            await EventuallyAsync(async () => await ReadinessAsync(Node) is { Status: HttpStatusCode.ServiceUnavailable } r && DatabaseUnhealthy(r.Report),
                TimeSpan.FromSeconds(20), "readiness fails on the database");
            using (var live = await Client(Node).GetAsync("/health/live"))
            {
                live.StatusCode.ShouldBe(HttpStatusCode.OK);
            }

            // At least Down, and until a request sent after the fault began was answered: on a loaded machine the
            // requests in flight when it began may hold every client for most of Down.
            await EventuallyAsync(
                () => Task.FromResult(clock.Elapsed - holedAt >= Down && load.Attempts.Any(a => a.At >= holedAt)),
                TimeSpan.FromSeconds(60), "a request sent during the blackhole is answered during it");
        }
        finally
        {
            Proxy.Heal();
        }

        healedAt = clock.Elapsed;
        var recovery = await load.RecoverAsync(healedAt, TimeSpan.FromSeconds(60));

        var all = load.Attempts;
        // Sent while the blackhole was on and answered before it healed (one answered just as it began may be a 201).
        var during = all.Where(a => a.At >= holedAt && a.End < healedAt).ToList();
        var touched = all.Where(a => a.End >= holedAt && a.At < healedAt).ToList();
        output.WriteLine(string.Join(Environment.NewLine, touched.Select(a => $"{a.At.TotalSeconds:0.00} {a.Kind} {a.Status} {a.Took.TotalMilliseconds:0} ms")));
        load.ShouldHaveAnsweredEveryRequest();
        touched.Count.ShouldBeGreaterThanOrEqualTo(Clients, "every client met the blackhole");
        during.ShouldNotBeEmpty("requests sent during the blackhole were answered during it");
        during.ShouldAllBe(a => a.Status == 503, "nothing answered but 503 while PostgreSQL is unreachable");
        var slowest = touched.Max(a => a.Took);
        slowest.ShouldBeLessThan(Bound, "no request hangs on a silent database");

        var resent = await load.ShouldHaveLostNothingAsync(fixture.ConnectionString);
        var acknowledged = all.Count(a => a.IsWrite && a.Status == 201);
        Figures.Record(output, "network faults", $"PostgreSQL blackholed for {(healedAt - holedAt).TotalSeconds:0.0} s (sockets open, nothing crossing) under {Clients} clients: {touched.Count} requests met the fault, all answered, {touched.Count(a => a.Status == 503)} x 503 problem details, slowest {slowest.TotalMilliseconds:0} ms, median {Median(touched).TotalMilliseconds:0} ms (command timeout {CommandTimeoutSeconds} s, connect timeout {ConnectTimeoutSeconds} s); 0 x 500, 0 unanswered");
        Figures.Record(output, "network faults", $"healed: /health/ready 200 after {(recovery.Ready - healedAt).TotalSeconds:0.0} s, first 201 answered after {(recovery.FirstWrite - healedAt).TotalSeconds:0.0} s, the change feed had read everything after {(recovery.CaughtUp - healedAt).TotalSeconds:0.0} s; {acknowledged} acknowledged reports all stored, {resent} refused ones re-sent and each recorded once");
    }

    [Fact]
    public async Task a_connection_reset_in_the_middle_of_a_report_on_three_sagas_leaves_all_of_it_or_none()
    {
        string[] sagas = ["reset-konate", "reset-guehi", "reset-upamecano"];
        foreach (var saga in sagas)
        {
            await Node.PutSagaAsync(saga, saga);
        }

        await Node.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));

        // Where the reset falls, on the connection of the report's transaction (the one that asks for the saga
        // locks): on the locks, on the batch that appends the events, with the commit held back, and with the
        // commit sent and carried out before the reset (its acknowledgement lost).
        static bool Locks(string text) => text.Contains("for update", StringComparison.Ordinal) && text.Contains("reset-", StringComparison.Ordinal);
        static bool Appends(string text) => text.Contains("mt_quick_append_events", StringComparison.Ordinal);
        static bool Commit(string text) => text.Contains("COMMIT\0", StringComparison.Ordinal);
        (string Name, Func<string, bool> Matches, bool After)[] cuts =
        [
            ("on the saga locks", Locks, false),
            ("on the appended events", Appends, false),
            ("before the commit", Commit, false),
            ("after the commit", Commit, true),
        ];
        using var client = Client(Node, ServiceNode.Key);
        var outcomes = new List<string>();
        for (var round = 0; round < 2; round++)
        {
            foreach (var (name, matches, after) in cuts)
            {
                var id = $"reset-{round}-{outcomes.Count}";
                var body = Report(id, "2025-11-30T09:00:00Z", sagas.Select((saga, i) => Interest(saga, $"Club {id} {i}", "interested")).ToArray());
                var fired = Proxy.ResetWhen(Locks, matches, after);
                var (status, problem) = await PostJsonAsync(client, "/api/reports", body);
                fired.IsCompleted.ShouldBeTrue($"the reset {name} fell on report {id}");
                var stored = await ReportPartsAsync(fixture.ConnectionString, id);
                output.WriteLine($"{id} reset {name}: {(int)status}, {stored} of {sagas.Length + 1} parts stored; the chunk: {new string((await fired).Where(c => !char.IsControl(c)).Take(300).ToArray())}");
                stored.ShouldBeOneOf([0, sagas.Length + 1], $"report {id}, reset {name}: all of it or none");
                if (stored == 0)
                {
                    status.ShouldBe(HttpStatusCode.ServiceUnavailable, $"report {id}, reset {name}: {problem}");
                    problem.GetProperty("status").GetInt32().ShouldBe(503);
                }

                // Sent again, it is recorded once, or found when its commit landed.
                var (again, _) = await PostJsonAsync(client, "/api/reports", body);
                again.ShouldBe(stored == 0 ? HttpStatusCode.Created : HttpStatusCode.OK, id);
                (await ReportPartsAsync(fixture.ConnectionString, id)).ShouldBe(sagas.Length + 1);
                outcomes.Add(stored == 0 ? "none" : "all");
            }
        }

        foreach (var saga in sagas)
        {
            var state = await Node.SendAsync(HttpMethod.Get, $"/api/sagas/{saga}");
            state.GetProperty("claims").GetInt32().ShouldBe(outcomes.Count, $"{saga}: one claim per report, none twice");
        }

        Figures.Record(output, "network faults", $"{outcomes.Count} reports on 3 sagas with the connection reset (RST) mid-transaction ({string.Join(", ", cuts.Select(c => c.Name))}): {outcomes.Count(o => o == "none")} left nothing, {outcomes.Count(o => o == "all")} were stored whole; none half; each re-sent once and recorded once");
    }

    [Fact]
    public async Task a_receiver_that_never_answers_or_trickles_costs_one_timeout_per_attempt_and_holds_up_no_other_subscription()
    {
        await Node.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        string[] sagas = ["hooks-konate"];
        await Node.PutSagaAsync(sagas[0], "Ibrahima Konaté");
        await using var healthy = await WebhookReceiver.StartAsync();
        await using var silentReceiver = await WebhookReceiver.StartAsync();
        await using var tricklingReceiver = await WebhookReceiver.StartAsync();
        // One accepts the connection and lets nothing through either way; the other lets the request through and
        // returns the answer a byte every 200 ms (a status line and headers take well over the timeout).
        await using var silent = FaultProxy.Start(new Uri(silentReceiver.Url).Port);
        await using var trickling = FaultProxy.Start(new Uri(tricklingReceiver.Url).Port);
        silent.Blackhole();
        trickling.Trickle(Direction.ToClient, TimeSpan.FromMilliseconds(200));

        // Two subscriptions to each: more bad subscriptions than this machine has cores.
        var bad = new List<Guid>();
        foreach (var (proxy, receiver) in new[] { (silent, silentReceiver), (trickling, tricklingReceiver), (silent, silentReceiver), (trickling, tricklingReceiver) })
        {
            var url = $"http://127.0.0.1:{proxy.Port}{new Uri(receiver.Url).AbsolutePath}";
            bad.Add((await Node.SendAsync(HttpMethod.Post, "/api/subscriptions", new { url, sagas }, HttpStatusCode.Created)).GetProperty("id").GetGuid());
        }

        await Node.SendAsync(HttpMethod.Post, "/api/subscriptions", new { url = healthy.Url, sagas }, HttpStatusCode.Created);

        // Reports one after another while the bad receivers' attempts run: each reaches the healthy receiver
        // sooner than two timeouts, where queued behind the four bad subscriptions' attempts it would wait four
        // (on a loaded machine the change feed alone can take seconds, so one timeout is too tight a bound).
        const int reports = 6;
        var latencies = new List<TimeSpan>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < reports; i++)
        {
            await Node.PostReportAsync(Report($"hooks-{i}", "2025-11-30T09:00:00Z", Interest(sagas[0], $"Club {i}", "interested")));
            var posted = clock.Elapsed;
            await healthy.WaitForAsync(i + 1, TimeSpan.FromSeconds(60));
            latencies.Add(clock.Elapsed - posted);
        }

        // Each bad subscription has tried at least twice by now: both attempts timed out, each after one timeout.
        foreach (var id in bad)
        {
            await EventuallyAsync(async () => (await AttemptsAsync(id)).Count >= 2, TimeSpan.FromSeconds(60), "each bad subscription was tried twice");
        }

        var slowest = latencies.Max();
        healthy.Accepted.Select(d => d.Json.GetProperty("version").GetInt64()).ShouldBe(Enumerable.Range(2, reports).Select(v => (long)v), "every change once, in order");
        slowest.ShouldBeLessThan(2 * ProxiedPostgres.WebhookTimeout, "no delivery waited behind the bad receivers' timeouts");
        silentReceiver.Requests.ShouldBe(0, "the silent receiver never saw a request");
        var attempts = new List<JsonElement>();
        foreach (var id in bad)
        {
            attempts.AddRange(await AttemptsAsync(id));
        }

        foreach (var attempt in attempts)
        {
            attempt.GetProperty("statusCode").ValueKind.ShouldBe(JsonValueKind.Null);
            attempt.GetProperty("error").GetString().ShouldStartWith("no answer within");
            var took = TimeSpan.FromMilliseconds(attempt.GetProperty("durationMs").GetDouble());
            took.ShouldBeGreaterThanOrEqualTo(ProxiedPostgres.WebhookTimeout - TimeSpan.FromMilliseconds(50));
            took.ShouldBeLessThan(ProxiedPostgres.WebhookTimeout + TimeSpan.FromSeconds(3), "one timeout per attempt, not more");
        }

        var longest = attempts.Max(a => a.GetProperty("durationMs").GetDouble());
        Figures.Record(output, "network faults", $"webhooks: {bad.Count} subscriptions to a receiver that accepts and never answers or to one that answers a byte every 200 ms: {attempts.Count} attempts, each ended by the {ProxiedPostgres.WebhookTimeout.TotalSeconds:0} s timeout (longest {longest:0} ms); meanwhile a healthy subscription got {reports} changes, each once and in order, {latencies.Min().TotalMilliseconds:0} to {slowest.TotalMilliseconds:0} ms after its report was acknowledged");
    }

    /// <summary>Every attempt on subscription <paramref name="id"/>'s deliveries.</summary>
    private async Task<List<JsonElement>> AttemptsAsync(Guid id)
    {
        var deliveries = await Node.SendAsync(HttpMethod.Get, $"/api/subscriptions/{id}/deliveries");
        return deliveries.EnumerateArray().SelectMany(d => d.GetProperty("history").EnumerateArray()).ToList();
    }
}
