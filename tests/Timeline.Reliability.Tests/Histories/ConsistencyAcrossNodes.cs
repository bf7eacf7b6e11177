using System.Collections.Concurrent;
using System.Globalization;
using Marten;
using Timeline.Api.ChangeFeed;
using Timeline.Api.Sagas;
using Timeline.Domain;

namespace Timeline.Reliability.Tests.Histories;

/// <summary>
/// A Jepsen-style run: concurrent clients write reports, read sagas now and in the past, and follow them with
/// Server-Sent Events on two nodes of one database, while one node is killed with SIGKILL and started again.
/// Every operation is recorded with its invoke and complete times on one monotonic clock; the history is then
/// checked offline by <see cref="HistoryChecker"/> against what the store holds.
/// </summary>
public sealed class ConsistencyAcrossNodes(ConsistencyAcrossNodes.TwoNodes cluster, ITestOutputHelper output)
    : IClassFixture<ConsistencyAcrossNodes.TwoNodes>
{
    private const int Writers = 8;
    private const int Readers = 4;
    private const int Acknowledgements = 250;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private static readonly string[] Sagas = ["history-konate", "history-guehi", "history-upamecano", "history-saliba", "history-kim"];
    private static readonly string[] Levels = ["monitoring", "interested", "advanced", "bid", "cooling", "withdrawn"];
    private static readonly string[] Stances = ["wants-to-stay", "open-to-renewal", "exploring-options", "wants-move"];

    /// <summary>Valid time the run's writes never reach back to: every report of the run is published after it.</summary>
    private static readonly DateTimeOffset RunPublishedFrom = new(2025, 7, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Recorder _history = new();

    /// <summary>The two nodes of the run, on a database of their own.</summary>
    public sealed class TwoNodes() : NodesOnOneDatabase(2, "history");

    private string Database => cluster.Database;

    private IReadOnlyList<ServiceNode> Nodes => cluster.Nodes;

    [Fact]
    public async Task a_history_of_writes_reads_and_streams_on_two_nodes_with_one_killed_has_no_anomaly()
    {
        // Before the run: the sagas, reports published before the historical questions' valid time, and a recorded
        // instant after them all. Nothing the run writes is published at or before the one, or recorded before the other.
        foreach (var saga in Sagas)
        {
            await Nodes[0].PutSagaAsync(saga, saga);
        }

        using (var seeder = Client(Nodes[0], ServiceNode.Key))
        {
            var random = new Random(7);
            for (var n = 0; n < 20; n++)
            {
                await WriteAsync(seeder, -1, "n1", $"seed-{n}", random, new DateTimeOffset(2025, 1 + n % 5, 1 + n, 9, 0, 0, TimeSpan.Zero));
            }
        }

        var knownAt = await ScalarAsync<DateTime>(Database, "select date_trunc('second', clock_timestamp()) + interval '1 second'");
        await EventuallyAsync(async () => await ScalarAsync<DateTime>(Database, "select clock_timestamp()") > knownAt, Patience, "the database clock passes the fixed knownAt");
        Question[] questions =
        [
            new(RunPublishedFrom.AddDays(-1), null),
            new(null, new DateTimeOffset(knownAt, TimeSpan.Zero)),
            new(new DateTimeOffset(2025, 4, 15, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(knownAt, TimeSpan.Zero)),
        ];
        _history.Seeded = _history.Writes.Count(w => w.Outcome == Outcome.Ok);
        await AskEverywhereAsync(questions);

        // The run: writers and readers on both nodes, a stream per saga and node; one node killed and restarted mid-way.
        using var stop = new CancellationTokenSource();
        var streams = Sagas.SelectMany((saga, i) => Enumerable.Range(0, 2).Select(node => new Follower(this, 100 + 2 * i + node, saga, node,
            (int)(Acknowledgements * (0.15 + 0.03 * (2 * i + node)))))).ToList();
        var following = streams.Select(s => Task.Run(s.RunAsync)).ToList();
        var clients = Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriterAsync(w, stop.Token)))
            .Concat(Enumerable.Range(0, Readers).Select(r => Task.Run(() => ReaderAsync(Writers + r, questions, stop.Token))))
            .ToList();

        var started = _history.Now;
        await EventuallyAsync(() => Task.FromResult(_history.Acknowledged >= Acknowledgements * 2 / 5), Patience, "two fifths of the writes acknowledged");
        var killed = _history.Now;
        await Nodes[1].Process.KillAsync();
        var ackedAtKill = _history.Acknowledged;
        await EventuallyAsync(() => Task.FromResult(_history.Acknowledged >= ackedAtKill + Acknowledgements / 6), Patience, "writes acknowledged through the surviving node");
        await Nodes[1].RestartAsync();
        var restarted = _history.Now;
        // The restarted node must take part: at least a sixth of the writes come after it is back.
        var target = Math.Max(Acknowledgements, _history.Acknowledged + Acknowledgements / 6);
        await EventuallyAsync(() => Task.FromResult(_history.Acknowledged >= target), Patience, "every write acknowledged");
        await stop.CancelAsync();
        await Task.WhenAll(clients);
        _history.Over = true;
        var stopped = _history.Now;

        // Quiet again: every stream must catch up with the change feed; then every question once more on each node.
        await EventuallyAsync(() => CaughtUpAsync(Nodes[0]), Patience, "the change feed read every event");
        var lastPositions = (await FeedAsync()).GroupBy(f => f.Saga).ToDictionary(g => g.Key, g => g.Max(f => f.Position));
        await EventuallyAsync(() => Task.FromResult(streams.All(s => s.Position >= lastPositions[s.Saga])), Patience,
            "every stream received its saga's last change");
        var caughtUp = _history.Now;
        streams.ForEach(s => s.Finish());
        var followed = await Task.WhenAll(following);
        await AskEverywhereAsync(questions);

        var recorded = _history.Recorded(followed);
        var snapshot = await SnapshotAsync();
        var checking = _history.Now;
        var verdict = HistoryChecker.Check(recorded, snapshot);
        output.WriteLine($"streams caught up at {caughtUp.TotalSeconds:0.0} s; checked in {(_history.Now - checking).TotalSeconds:0.0} s");

        var perNode = recorded.Reads.Where(r => r.Outcome == Outcome.Ok).GroupBy(r => r.Node).OrderBy(g => g.Key)
            .Select(g => $"{g.Key} {g.Count(r => !r.Historical)} current + {g.Count(r => r.Historical)} historical");
        var resumedElsewhere = followed.Sum(s => s.Segments.Skip(1).Count(segment => segment.Node != s.Segments[0].Node));
        output.WriteLine(string.Join(Environment.NewLine, verdict.Anomalies.Take(50)));
        Figures.Record(output, "history", $"{recorded.Writes.Count + recorded.Reads.Count} operations from {Writers} writers and {Readers} readers on two nodes, {Sagas.Length} sagas, clients started at {started.TotalSeconds:0.0} s, node n2 killed at {killed.TotalSeconds:0.0} s and ready again at {restarted.TotalSeconds:0.0} s, writes stopped at {stopped.TotalSeconds:0.0} s, streams caught up and checked at {_history.Now.TotalSeconds:0.0} s; checked: {verdict.Counts}; reads by node: {string.Join(", ", perNode)}; {resumedElsewhere} resumes on the other node; anomalies: {verdict.Anomalies.Count}");

        recorded.Writes.Count(w => w.Outcome == Outcome.Info).ShouldBeGreaterThan(0, "the kill left some writes without an answer");
        followed.ShouldAllBe(s => s.Segments.Count >= 2, "every stream resumed at least once");
        recorded.Reads.Count(r => r.Outcome == Outcome.Ok && r.Historical).ShouldBeGreaterThan(questions.Length * Sagas.Length * 4);
        verdict.Anomalies.ShouldBeEmpty(string.Join(Environment.NewLine, verdict.Anomalies.Take(20)));
    }

    /// <summary>A historical question: as of a valid time, known at a recorded time, either or both.</summary>
    private sealed record Question(DateTimeOffset? AsOf, DateTimeOffset? KnownAt)
    {
        public string Query => string.Join("&", new (string Name, DateTimeOffset? At)[] { ("asOf", AsOf), ("knownAt", KnownAt) }
            .Where(parameter => parameter.At is not null)
            .Select(parameter => $"{parameter.Name}={Instant(parameter.At!.Value)}"));
    }

    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Every question about every saga, once on each node.</summary>
    private async Task AskEverywhereAsync(IReadOnlyList<Question> questions)
    {
        for (var node = 0; node < Nodes.Count; node++)
        {
            using var http = Client(Nodes[node]);
            foreach (var saga in Sagas)
            {
                await ReadAsync(http, -1, Name(node), saga, null);
                foreach (var question in questions)
                {
                    await ReadAsync(http, -1, Name(node), saga, question);
                }
            }
        }
    }

    private async Task WriterAsync(int client, CancellationToken stop)
    {
        var random = new Random(client);
        var node = client % Nodes.Count;
        using var http = Client(Nodes[node], ServiceNode.Key);
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var publishedAt = RunPublishedFrom.AddMinutes(random.Next(150 * 24 * 60));
            if (!await WriteAsync(http, client, Name(node), $"history-w{client}-{n}", random, publishedAt))
            {
                await Task.Delay(250, CancellationToken.None);
            }
        }
    }

    /// <summary>Posts one report of one to three claims on as many sagas and records it; says whether it was answered.</summary>
    private async Task<bool> WriteAsync(HttpClient http, int client, string node, string id, Random random, DateTimeOffset publishedAt)
    {
        var sagas = Sagas.OrderBy(_ => random.Next()).Take(1 + random.Next(3)).ToList();
        var claims = sagas.Select(saga => random.Next(5) == 0
            ? (object)new { saga, type = "player-stance", stance = Stances[random.Next(Stances.Length)] }
            : Interest(saga, $"Club {random.Next(10)}", Levels[random.Next(Levels.Length)])).ToArray();
        var body = Report(id, Instant(publishedAt), claims);
        var invoke = _history.Now;
        try
        {
            using var response = await http.PostAsync("/api/reports", ServiceNode.JsonContent(body));
            var text = await response.Content.ReadAsStringAsync();
            var outcome = Classify(response.StatusCode);
            IReadOnlyList<ClaimPlacement> receipt = outcome == Outcome.Ok
                ? [.. JsonDocument.Parse(text).RootElement.GetProperty("events").EnumerateArray()
                    .Select(e => new ClaimPlacement(e.GetProperty("saga").GetString()!, e.GetProperty("version").GetInt64()))]
                : [];
            _history.Add(new WriteOperation(client, node, invoke, _history.Now, outcome, id, sagas, receipt));
            return outcome != Outcome.Info;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            _history.Add(new WriteOperation(client, node, invoke, _history.Now, Outcome.Info, id, sagas, []));
            return false;
        }
    }

    private async Task ReaderAsync(int client, IReadOnlyList<Question> questions, CancellationToken stop)
    {
        var random = new Random(client);
        var node = client % Nodes.Count;
        using var http = Client(Nodes[node]);
        while (!stop.IsCancellationRequested)
        {
            var question = random.Next(5) < 3 ? null : questions[random.Next(questions.Count)];
            if (!await ReadAsync(http, client, Name(node), Sagas[random.Next(Sagas.Length)], question))
            {
                await Task.Delay(250, CancellationToken.None);
            }
        }
    }

    /// <summary>Reads a saga now, or as <paramref name="question"/> asks, and records it; says whether it was answered.</summary>
    private async Task<bool> ReadAsync(HttpClient http, int client, string node, string saga, Question? question)
    {
        var path = question is null ? $"/api/sagas/{saga}" : $"/api/sagas/{saga}?{question.Query}";
        var invoke = _history.Now;
        try
        {
            using var response = await http.GetAsync(path);
            var text = await response.Content.ReadAsStringAsync();
            var outcome = Classify(response.StatusCode);
            _history.Add(new ReadOperation(client, node, invoke, _history.Now, outcome, saga, question?.AsOf, question?.KnownAt,
                outcome == Outcome.Ok ? text : null));
            return outcome != Outcome.Info;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            _history.Add(new ReadOperation(client, node, invoke, _history.Now, Outcome.Info, saga, question?.AsOf, question?.KnownAt, null));
            return false;
        }
    }

    /// <summary>2xx happened, 4xx certainly did not, anything else (a 5xx during the crash) nobody knows.</summary>
    private static Outcome Classify(HttpStatusCode status) => (int)status switch
    {
        >= 200 and < 300 => Outcome.Ok,
        >= 400 and < 500 => Outcome.Fail,
        _ => Outcome.Info,
    };

    private static string Name(int node) => $"n{node + 1}";

    private static async Task<bool> CaughtUpAsync(ServiceNode node)
    {
        using var response = await node.Http.GetAsync("/health/ready");
        var data = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement
            .GetProperty("checks").GetProperty("change-feed").GetProperty("data");
        return data.GetProperty("position").GetInt64() == data.GetProperty("head").GetInt64();
    }

    private async Task<IReadOnlyList<FeedEntry>> FeedAsync()
    {
        using var store = OpenStore(Database);
        await using var session = store.QuerySession();
        var updates = await session.Query<SagaUpdate>().Where(u => Sagas.Contains(u.Saga)).OrderBy(u => u.Id).ToListAsync();
        return [.. updates.Select(u => new FeedEntry(u.Id, u.Saga, u.Version))];
    }

    /// <summary>The store after the run: each saga's events and projected state, and the change feed.</summary>
    private async Task<StoreSnapshot> SnapshotAsync()
    {
        using var store = OpenStore(Database);
        await using var session = store.QuerySession();
        var versions = new Dictionary<string, IReadOnlyList<long>>();
        var events = new Dictionary<string, IReadOnlyList<SagaEntry>>();
        var projected = new Dictionary<string, SagaState>();
        foreach (var saga in Sagas)
        {
            var stream = await session.Events.FetchStreamAsync(saga);
            versions[saga] = [.. stream.Select(e => e.Version)];
            events[saga] = [.. SagaHistory.Entries(stream)];
            projected[saga] = (await session.LoadAsync<SagaState>(saga))!;
        }

        return new StoreSnapshot(versions, events, projected, await FeedAsync());
    }

    /// <summary>The operations of the run as they complete, and the clock they are timed by.</summary>
    private sealed class Recorder
    {
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private readonly ConcurrentQueue<WriteOperation> _writes = new();
        private readonly ConcurrentQueue<ReadOperation> _reads = new();
        private int _acknowledged;

        public TimeSpan Now => _clock.Elapsed;

        /// <summary>Set once the writers and readers have stopped.</summary>
        public bool Over { get; set; }

        public IEnumerable<WriteOperation> Writes => _writes;

        /// <summary>Writes acknowledged before the run began.</summary>
        public int Seeded { get; set; }

        /// <summary>Writes acknowledged since the run began.</summary>
        public int Acknowledged => Volatile.Read(ref _acknowledged) - Seeded;

        public void Add(WriteOperation write)
        {
            _writes.Enqueue(write);
            if (write.Outcome == Outcome.Ok)
            {
                Interlocked.Increment(ref _acknowledged);
            }
        }

        public void Add(ReadOperation read) => _reads.Enqueue(read);

        public History Recorded(IReadOnlyList<StreamHistory> streams) => new([.. _writes], [.. _reads], streams);
    }

    /// <summary>
    /// A client following one saga on its home node. Once the run has acknowledged <paramref name="disconnectAt"/>
    /// writes it hangs up, waits for a few more, and resumes with <c>Last-Event-ID</c>; a connection that fails
    /// (the kill) is resumed the same way, on the other node when its own refuses.
    /// </summary>
    private sealed class Follower(ConsistencyAcrossNodes run, int client, string saga, int home, int disconnectAt)
    {
        private readonly List<StreamSegment> _segments = [];
        private long _position;
        private volatile bool _finished;

        public string Saga => saga;

        /// <summary>The position of the last event received.</summary>
        public long Position => Interlocked.Read(ref _position);

        public void Finish() => _finished = true;

        public async Task<StreamHistory> RunAsync()
        {
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var node = home;
            var planned = false;
            long? lastId = null;
            while (!_finished)
            {
                var opened = run._history.Now;
                var from = lastId;
                var at = Name(node);
                var frames = new List<StreamFrame>();
                string ended;
                try
                {
                    await using var stream = await SseStream.OpenAsync(http, $"{run.Nodes[node].Url}/api/sagas/{saga}/live", from?.ToString(CultureInfo.InvariantCulture));
                    if (stream.Response.StatusCode != HttpStatusCode.OK)
                    {
                        throw new HttpRequestException($"status {(int)stream.Response.StatusCode}");
                    }

                    ended = await ReadAsync(stream, frames, () => !planned && run._history.Acknowledged >= disconnectAt);
                    planned |= ended == Planned;
                }
                catch (Exception e) when (e is HttpRequestException or IOException or EndOfStreamException or TimeoutException)
                {
                    ended = $"{e.GetType().Name}: {e.Message}";
                    node = frames.Count == 0 ? 1 - node : node;
                }

                _segments.Add(new StreamSegment(at, opened, from, frames, ended));
                lastId = frames.Count > 0 ? frames[^1].Position : lastId;
                if (ended == Planned)
                {
                    // Away while the others write, so the resume has changes to catch up on.
                    var resumeAt = run._history.Acknowledged + 30;
                    await EventuallyAsync(() => Task.FromResult(_finished || run._history.Over || run._history.Acknowledged >= resumeAt),
                        Patience, "writes acknowledged while a stream is away");
                }
                else if (ended != Finished)
                {
                    await Task.Delay(200);
                }
            }

            return new StreamHistory(client, saga, _segments);
        }

        private const string Planned = "disconnected by the client";
        private const string Finished = "caught up at the end of the run";

        /// <summary>Reads events (heartbeats, every second, let it look up) until the run is over or <paramref name="hangUp"/> says so.</summary>
        private async Task<string> ReadAsync(SseStream stream, List<StreamFrame> frames, Func<bool> hangUp)
        {
            while (true)
            {
                if (_finished)
                {
                    return Finished;
                }

                if (hangUp())
                {
                    return Planned;
                }

                var e = await stream.NextAsync(Patience, comments: true);
                if (e.Comment is not null)
                {
                    continue;
                }

                var message = e.Json;
                frames.Add(new StreamFrame(run._history.Now, e.Position, message.GetProperty("version").GetInt64(),
                    message.GetProperty("cause").ValueKind == JsonValueKind.Null, message.GetProperty("state").GetRawText()));
                Interlocked.Exchange(ref _position, e.Position);
            }
        }
    }
}
