using System.Globalization;
using System.Net.Sockets;

namespace Timeline.Reliability.Tests;

/// <summary>
/// One anonymous client against the built service in Production with its default limits, on a store the
/// size of the probe that found the holes (1,005 sagas, 12,000 updates, one saga of 600 claims): it must
/// not be able to take the node down, read more than a page at a time, or pass for someone else.
/// </summary>
[Collection(AbuseCollection.Name)]
public sealed class Abuse(AbuseNode fixture, ITestOutputHelper output)
{
    private ServiceNode Node => fixture.Node;

    [Fact]
    public async Task two_thousand_firehose_connections_that_never_read_cost_the_node_little_and_a_bystander_nothing()
    {
        var before = RssMegabytes(Node.Process.ProcessId);
        var sockets = new List<Socket>();
        var accepted = 0;
        var refused = 0;
        var clock = Stopwatch.StartNew();
        try
        {
            for (var batch = 0; batch < 20; batch++)
            {
                var opened = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => OpenNeverReadingAsync("/api/live")));
                foreach (var (socket, status) in opened)
                {
                    sockets.Add(socket);
                    accepted += status == 200 ? 1 : 0;
                    refused += status == 429 ? 1 : 0;
                }
            }

            var opening = clock.Elapsed;
            // Let the accepted streams write what the node will write before its pipes fill, then measure.
            await Task.Delay(TimeSpan.FromSeconds(3));
            var after = RssMegabytes(Node.Process.ProcessId);

            using var bystander = Client(Node);
            var reads = new List<double>();
            for (var i = 0; i < 11; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/sagas/big-saga");
                request.Headers.Add("X-Forwarded-For", "192.0.2.200");
                var read = Stopwatch.StartNew();
                using var response = await bystander.SendAsync(request);
                read.Stop();
                response.StatusCode.ShouldBe(HttpStatusCode.OK);
                reads.Add(read.Elapsed.TotalMilliseconds);
            }

            reads.Sort();
            var median = reads[reads.Count / 2];
            Figures.Record(output, "abuse", $"2,000 never-reading firehose connections from one client in {opening.TotalSeconds:F1} s: {accepted} streams, {refused} x 429; RSS {before:F0} -> {after:F0} MB (+{after - before:F0}); a bystander's saga read median {median:F1} ms, slowest {reads[^1]:F1} ms");
            (accepted + refused).ShouldBe(2_000, "every connection was answered, a stream or a 429");
            accepted.ShouldBeLessThanOrEqualTo(20, "one client holds at most Timeline:Live:MaxStreamsPerClient streams");
            (after - before).ShouldBeLessThan(100);
            median.ShouldBeLessThan(200);
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    [Fact]
    public async Task resuming_from_the_first_update_of_twelve_thousand_gets_the_current_state_not_a_replay()
    {
        var latest = await ScalarAsync<long>(fixture.ConnectionString, $"select max(id) from {Schema}.mt_doc_sagaupdate");
        var updates = await ScalarAsync<long>(fixture.ConnectionString, $"select count(*) from {Schema}.mt_doc_sagaupdate");
        var sagas = await ScalarAsync<long>(fixture.ConnectionString, $"select count(*) from {Schema}.mt_doc_sagastate");
        await using var stream = await SseStream.OpenAsync(Node.Http, "/api/live?lastEventId=1", forwardedFor: "192.0.2.201");
        var frames = new List<SseEvent>();
        while (frames.Count < sagas)
        {
            frames.Add(await stream.NextAsync(TimeSpan.FromSeconds(30)));
        }

        await stream.ShouldStayQuietAsync(TimeSpan.FromSeconds(1));
        frames.ShouldAllBe(f => f.Json.GetProperty("cause").ValueKind == JsonValueKind.Null, "current states, not changes");
        frames.ShouldAllBe(f => f.Position == latest);
        frames.Select(f => f.Json.GetProperty("saga").GetString()).Distinct().Count().ShouldBe((int)sagas);
        Figures.Record(output, "abuse", $"?lastEventId=1 on a feed of {updates:N0} updates: {frames.Count:N0} current states (one per saga), no replay");
    }

    [Fact]
    public async Task every_list_that_grows_answers_a_page_by_default()
    {
        using var client = Client(Node);
        async Task<(JsonElement Body, HttpResponseMessage Response)> Get(string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("X-Forwarded-For", "192.0.2.202");
            var response = await client.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
            return (JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone(), response);
        }

        var (sagas, sagaList) = await Get("/api/sagas");
        sagas.GetArrayLength().ShouldBe(100);
        int.Parse(sagaList.Headers.GetValues("X-Total-Count").Single(), CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(AbuseNode.Sagas);
        var (replay, replayResponse) = await Get("/api/sagas/big-saga/replay");
        replay.GetArrayLength().ShouldBe(100);
        int.Parse(replayResponse.Headers.GetValues("X-Total-Count").Single(), CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(AbuseNode.BigSagaClaims);
        var (timeline, _) = await Get("/api/sagas/big-saga/timeline");
        timeline.GetArrayLength().ShouldBe(200);
        var (contradictions, _) = await Get("/api/sagas/big-saga/contradictions");
        contradictions.GetProperty("contradictions").GetArrayLength().ShouldBe(100);
        var total = contradictions.GetProperty("total").GetInt32();
        total.ShouldBeGreaterThan(1_000);
        Figures.Record(output, "abuse", $"default pages: sagas 100 of {sagaList.Headers.GetValues("X-Total-Count").Single()}, replay 100 and timeline 200 of {replayResponse.Headers.GetValues("X-Total-Count").Single()} claims, contradictions 100 of {total:N0}");
        foreach (var response in new[] { sagaList, replayResponse })
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task a_thousand_keyless_requests_accepting_html_and_broken_bodies_get_problems_and_write_no_error_log()
    {
        var logged = Node.Process.Output.Length;
        using var client = Client(Node);
        var problems = 0;
        for (var i = 0; i < 1_000; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/reports")
            {
                Content = ServiceNode.JsonContent(Report($"keyless-{i}", "2025-11-30T09:00:00Z", Interest("big-saga", "PSG", "bid"))),
            };
            request.Headers.Add("Accept", "text/html");
            using var response = await client.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            problems++;
        }

        // A client's broken bodies, with a valid key: 400s, and no more a failure of the node's than the 401s.
        using var writer = Client(Node, AbuseNode.FirstWriterKey);
        (string Path, string Body)[] broken =
        [
            ("/api/reports", "{\"reporter\": 5,"), ("/api/reports", "[1, 2"), ("/api/reports/abuse-00001/retraction", "{\"reason\": [1]}"),
            ("/api/subscriptions", "{\"url\": {}}"), ("/api/reports", "\"just a string\""),
        ];
        foreach (var (path, body) in broken)
        {
            using var response = await writer.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
            await ShouldBeProblemAsync(response, HttpStatusCode.BadRequest);
        }

        using (var put = await writer.PutAsync("/api/sagas/big-saga", new StringContent("{\"player\": 5}", Encoding.UTF8, "application/json")))
        {
            await ShouldBeProblemAsync(put, HttpStatusCode.BadRequest);
        }

        var log = Node.Process.Output[logged..];
        log.ShouldNotContain("fail:");
        log.ShouldNotContain("Exception");
        Figures.Record(output, "abuse", $"{problems:N0} keyless POSTs accepting text/html: {problems:N0} x 401 problem details; {broken.Length + 1} broken bodies with a key: 400 problem details; {log.Length} characters of log");
    }

    [Fact]
    public async Task two_thousand_wrong_keys_from_one_client_are_slowed_by_429s()
    {
        using var client = Client(Node);
        int unauthorized = 0, throttled = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 2_000; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/reports")
            {
                Content = ServiceNode.JsonContent(Report($"guess-{i}", "2025-11-30T09:00:00Z", Interest("big-saga", "PSG", "bid"))),
            };
            request.Headers.Add("X-Api-Key", $"guess-{i:D6}-{Guid.NewGuid():N}");
            request.Headers.Add("X-Forwarded-For", "192.0.2.203");
            using var response = await client.SendAsync(request);
            switch (response.StatusCode)
            {
                case HttpStatusCode.Unauthorized:
                    unauthorized++;
                    break;
                case HttpStatusCode.TooManyRequests:
                    response.Headers.RetryAfter.ShouldNotBeNull();
                    throttled++;
                    break;
                default:
                    throw new ShouldAssertException($"A wrong key got {response.StatusCode}.");
            }
        }

        clock.Stop();
        Figures.Record(output, "abuse", $"2,000 wrong keys from one client in {clock.Elapsed.TotalSeconds:F1} s: {unauthorized} x 401 (each one compared), {throttled} x 429");
        // A burst of 60, then one a second.
        unauthorized.ShouldBeLessThanOrEqualTo(60 + (int)Math.Ceiling(clock.Elapsed.TotalSeconds) + 1);
        throttled.ShouldBe(2_000 - unauthorized);
    }

    [Fact]
    public async Task a_write_key_cannot_touch_another_keys_report_or_subscription_and_an_admin_key_can()
    {
        using var first = Client(Node, AbuseNode.FirstWriterKey);
        using var second = Client(Node, AbuseNode.SecondWriterKey);
        using var admin = Client(Node, AbuseNode.AdminKey);
        (await PostJsonAsync(first, "/api/reports", Report("scoped-1", "2025-11-30T09:00:00Z", Interest("big-saga", "Arsenal", "monitoring")))).Status
            .ShouldBe(HttpStatusCode.Created);
        var (created, subscription) = await PostJsonAsync(first, "/api/subscriptions", new { url = "https://93.184.215.14/hook" });
        created.ShouldBe(HttpStatusCode.Created);
        var id = subscription.GetProperty("id").GetString();

        await ShouldBeProblemAsync(await second.PostAsync("/api/reports/scoped-1/retraction", ServiceNode.JsonContent(new { reason = "Not mine." })), HttpStatusCode.Forbidden);
        await ShouldBeProblemAsync(await second.DeleteAsync($"/api/subscriptions/{id}"), HttpStatusCode.Forbidden);
        (await ScalarAsync<long>(fixture.ConnectionString, $"select count(*) from {Schema}.mt_events where type = 'report_retracted'")).ShouldBe(0);

        (await admin.DeleteAsync($"/api/subscriptions/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await PostJsonAsync(admin, "/api/reports/scoped-1/retraction", new { reason = "The outlet withdrew it." })).Status.ShouldBe(HttpStatusCode.Created);
        (await first.GetAsync($"/api/subscriptions/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task a_lookalike_reporter_name_is_refused()
    {
        using var writer = Client(Node, AbuseNode.FirstWriterKey);
        var original = Report("lookalike-1", "2025-11-30T09:00:00Z", Interest("big-saga", "Chelsea", "monitoring"));
        (await PostJsonAsync(writer, "/api/reports", original)).Status.ShouldBe(HttpStatusCode.Created);
        var (status, problem) = await PostJsonAsync(writer, "/api/reports", new
        {
            id = "lookalike-2",
            reporter = "Vinny 0'Connor", // a zero for the O: one script, and confusable
            outlet = "Sky Sports",
            publishedAt = "2025-11-30T10:00:00Z",
            claims = new[] { Interest("big-saga", "Chelsea", "interested") },
        });
        status.ShouldBe(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("reporter")[0].GetString()!.ShouldContain("'Vinny O'Connor'");
        (await ScalarAsync<long>(fixture.ConnectionString, $"select count(*) from {Schema}.mt_streams where id = 'report:lookalike-2'")).ShouldBe(0);
    }

    [Theory]
    [InlineData("http://[64:ff9b::7f00:1]/hook")]
    [InlineData("http://[2002:7f00:1::]/hook")]
    [InlineData("http://[::127.0.0.1]/hook")]
    [InlineData("http://192.0.2.1/hook")]
    [InlineData("http://198.51.100.1/hook")]
    [InlineData("http://203.0.113.1/hook")]
    public async Task webhooks_to_addresses_that_carry_or_document_private_ones_are_refused(string url)
    {
        using var writer = Client(Node, AbuseNode.FirstWriterKey);
        var (status, problem) = await PostJsonAsync(writer, "/api/subscriptions", new { url });
        status.ShouldBe(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("url")[0].GetString()!.ShouldContain("non-public");
    }

    [Fact]
    public async Task a_production_start_with_a_short_key_exits_with_a_clear_message()
    {
        var directory = Directory.CreateTempSubdirectory("timeline-short-key").FullName;
        await using var process = ServiceProcessHandle.Start(
            directory, "http://127.0.0.1:1",
            ("ASPNETCORE_ENVIRONMENT", "Production"),
            ("ConnectionStrings__Timeline", fixture.ConnectionString),
            ("Auth__ApiKeys__newsroom", "dev-key"));
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromMinutes(1));
        exitCode.ShouldBe(2);
        process.Error.ShouldContain("The API key 'newsroom' (Auth:ApiKeys:newsroom) has 7 characters; outside Development a key needs at least 32");
        process.Error.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task a_keyless_oversized_body_is_refused_at_once_and_not_read()
    {
        var uri = new Uri(Node.Url);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, uri.Port);
        var clock = Stopwatch.StartNew();
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            $"POST /api/reports HTTP/1.1\r\nHost: {uri.Authority}\r\nContent-Type: application/json\r\nContent-Length: {8 * 1024 * 1024}\r\n\r\n"));
        await socket.SendAsync(new byte[64 * 1024]);
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        while (!answer.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = await socket.ReceiveAsync(buffer);
            if (n == 0)
            {
                break;
            }

            answer.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }

        clock.Stop();
        var head = answer.ToString();
        head.ShouldStartWith("HTTP/1.1 413");
        head.ShouldContain("Connection: close", Case.Insensitive);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5), "answered without waiting for the other 8 MiB");
        Figures.Record(output, "abuse", $"a keyless 8 MiB body: 413 after {clock.Elapsed.TotalMilliseconds:F0} ms having sent 64 KiB, connection closed rather than drained");
    }

    /// <summary>Connects, asks for <paramref name="path"/>, reads the status line and never reads again.</summary>
    private async Task<(Socket Socket, int Status)> OpenNeverReadingAsync(string path)
    {
        var uri = new Uri(Node.Url);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, uri.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {uri.Authority}\r\nAccept: text/event-stream\r\n\r\n"));
        var status = new byte[12];
        var read = 0;
        while (read < status.Length)
        {
            var n = await socket.ReceiveAsync(status.AsMemory(read));
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return (socket, int.Parse(Encoding.ASCII.GetString(status, 9, 3), CultureInfo.InvariantCulture));
    }

    private static double RssMegabytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}

/// <summary>
/// The built service in Production with every limit at its default, on a store of 1,005 sagas and 12,000
/// reports (one saga of 600 alternating bids and withdrawals from two sources), imported before it starts.
/// </summary>
public sealed class AbuseNode : IAsyncLifetime
{
    public const int Sagas = 1_005;
    public const int Reports = 12_000;
    public const int BigSagaClaims = 600;
    public const string FirstWriterKey = "abuse-first-writer-0123456789abcdefgh";
    public const string SecondWriterKey = "abuse-second-writer-0123456789abcdefg";
    public const string AdminKey = "abuse-admin-0123456789abcdefghijklmnop";

    public ServiceNode Node { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.CreateDatabaseAsync("abuse");
        var directory = Directory.CreateTempSubdirectory("timeline-abuse").FullName;
        var archive = Path.Combine(directory, "abuse.ndjson");
        await File.WriteAllLinesAsync(archive, Archive());
        await using (var import = ServiceProcessHandle.Start(
                         directory, "http://127.0.0.1:1", ["import", archive],
                         ("ASPNETCORE_ENVIRONMENT", "Production"), ("ConnectionStrings__Timeline", ConnectionString)))
        {
            var exit = await import.WaitForExitAsync(TimeSpan.FromMinutes(3));
            exit.ShouldBe(0, import.Output);
        }

        Node = await ServiceNode.StartAsync(
            ConnectionString,
            ("ASPNETCORE_ENVIRONMENT", "Production"),
            ("Auth__ApiKeys__first-writer", FirstWriterKey),
            ("Auth__ApiKeys__second-writer", SecondWriterKey),
            ("Auth__ApiKeys__admin", AdminKey),
            ("Auth__Scopes__admin", "admin"),
            ("Logging__LogLevel__Default", "Warning"));
        // Every update published: the resume test counts on the feed holding all of them.
        await EventuallyAsync(
            async () => await ScalarAsync<long>(ConnectionString, $"select count(*) from {Reliability.Schema}.mt_doc_sagaupdate") >= Sagas + Reports,
            TimeSpan.FromMinutes(3), "the change feed published every update");
    }

    private static IEnumerable<string> Archive()
    {
        var start = new DateTimeOffset(2024, 1, 1, 9, 0, 0, TimeSpan.Zero);
        yield return JsonSerializer.Serialize(new { kind = "saga", slug = "big-saga", player = "Big Saga" });
        for (var s = 1; s < Sagas; s++)
        {
            yield return JsonSerializer.Serialize(new { kind = "saga", slug = $"saga-{s:D4}", player = $"Player {s:D4}", currentClub = "Liverpool" });
        }

        string[] levels = ["monitoring", "interested", "advanced", "cooling"];
        for (var r = 0; r < Reports; r++)
        {
            var big = r < BigSagaClaims;
            var saga = big ? "big-saga" : $"saga-{1 + r % (Sagas - 1):D4}";
            var level = big ? (r % 2 == 0 ? "bid" : "withdrawn") : levels[r % levels.Length];
            yield return JsonSerializer.Serialize(new
            {
                id = $"abuse-{r:D5}",
                reporter = r % 2 == 0 ? "Vinny O'Connor" : "Dean Jones",
                outlet = r % 2 == 0 ? "Sky Sports" : "TEAMtalk",
                publishedAt = start.AddHours(r).ToString("O", CultureInfo.InvariantCulture),
                quote = "Real Madrid's interest is subsiding, and the defender is expected to explore his options in January.",
                claims = new[] { new { saga, type = "interest", club = big ? "Real Madrid" : "Bayern Munich", level } },
            });
        }
    }

    public async Task DisposeAsync() => await Node.DisposeAsync();
}

/// <summary>One node for the abuse tests; they bound times, so they run alone like <see cref="MeasuresTime"/>.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AbuseCollection : ICollectionFixture<AbuseNode>
{
    public const string Name = "abuse";
}
