using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Timeline.Api.Tests;

/// <summary>One Server-Sent Event as received: its id, type and data, or a comment line.</summary>
public sealed record SseEvent(string? Id, string? Type, string Data, string? Comment = null)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement;

    public long Position => long.Parse(Id!);
}

/// <summary>A real HTTP client reading a <c>text/event-stream</c>, one event at a time.</summary>
public sealed class SseStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private readonly CancellationTokenSource _stop = new();

    private SseStream(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body, Encoding.UTF8);
    }

    public HttpResponseMessage Response => _response;

    /// <summary>Opens <paramref name="path"/>; <paramref name="forwardedFor"/> speaks as that client through the node's trusted loopback proxy.</summary>
    public static async Task<SseStream> OpenAsync(HttpClient http, string path, string? lastEventId = null, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new SseStream(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next event (comments included when <paramref name="comments"/>), or a timeout.</summary>
    public async Task<SseEvent> NextAsync(TimeSpan within, bool comments = false)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(within);
        string? id = null, type = null;
        var data = new StringBuilder();
        while (true)
        {
            string? line;
            try
            {
                line = await _reader.ReadLineAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No server-sent event within {within}.");
            }

            if (line is null)
            {
                throw new EndOfStreamException($"The server ended the stream (status {(int)_response.StatusCode}).");
            }

            if (line.StartsWith(':'))
            {
                if (comments)
                {
                    return new SseEvent(null, null, "", line[1..].Trim());
                }

                continue;
            }

            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    return new SseEvent(id, type, data.ToString());
                }

                continue;
            }

            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id": id = value; break;
                case "event": type = value; break;
                case "data": data.Append(data.Length > 0 ? "\n" : "").Append(value); break;
            }
        }
    }

    /// <summary>Asserts that no event arrives for <paramref name="quiet"/>.</summary>
    public async Task ShouldStayQuietAsync(TimeSpan quiet)
    {
        try
        {
            var unexpected = await NextAsync(quiet);
            throw new ShouldAssertException($"Expected no event, got {unexpected}.");
        }
        catch (TimeoutException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _reader.Dispose();
        _response.Dispose();
        _stop.Dispose();
    }
}

/// <summary>What a webhook receiver got: the headers that matter (Timeline's and Standard Webhooks') and the exact body.</summary>
public sealed record ReceivedWebhook(
    string DeliveryId, string Signature, string Body, DateTimeOffset At, string? WebhookId = null, string? WebhookTimestamp = null, string? WebhookSignature = null)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

/// <summary>A real Kestrel listener on loopback that records webhook deliveries and answers as told.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _accepted = new();
    private readonly Channel<ReceivedWebhook> _arrivals = Channel.CreateUnbounded<ReceivedWebhook>();
    private int _requests;

    private WebhookReceiver(WebApplication app, string path)
    {
        _app = app;
        _path = path;
    }

    /// <summary>How the receiver answers request number n (1-based); 200 unless told otherwise.</summary>
    public Func<int, int> Answer { get; set; } = _ => 200;

    public int Requests => Volatile.Read(ref _requests);

    public IReadOnlyList<ReceivedWebhook> Accepted => _accepted.ToArray();

    /// <summary>Unique to this receiver, so a stale subscription of an earlier test that lands on a reused port is not counted.</summary>
    private readonly string _path;

    public string Url => _app.Urls.First() + _path;

    /// <summary>Starts a receiver on a free port, or at the <see cref="Url"/> of one that was stopped (the same receiver, back up).</summary>
    public static async Task<WebhookReceiver> StartAsync(string? url = null)
    {
        var at = url is null ? null : new Uri(url);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(at is null ? "http://127.0.0.1:0" : $"http://127.0.0.1:{at.Port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, at?.AbsolutePath ?? $"/hook/{Guid.NewGuid():N}");
        app.MapPost("/hook/{token}", async (HttpContext http, string token) =>
        {
            if ("/hook/" + token != receiver._path)
            {
                return Results.StatusCode(410);
            }

            var n = Interlocked.Increment(ref receiver._requests);
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var status = receiver.Answer(n);
            if (status is >= 200 and < 300)
            {
                var received = new ReceivedWebhook(
                    http.Request.Headers["X-Timeline-Delivery"].ToString(),
                    http.Request.Headers["X-Timeline-Signature"].ToString(), body, DateTimeOffset.UtcNow,
                    http.Request.Headers["webhook-id"].ToString(), http.Request.Headers["webhook-timestamp"].ToString(),
                    http.Request.Headers["webhook-signature"].ToString());
                receiver._accepted.Enqueue(received);
                await receiver._arrivals.Writer.WriteAsync(received);
            }

            return Results.StatusCode(status);
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits until <paramref name="count"/> deliveries have been accepted in all.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(int count, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (_accepted.Count < count)
        {
            var left = within - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"{_accepted.Count} of {count} deliveries arrived within {within} ({Requests} requests).");
            }

            using var timeout = new CancellationTokenSource(left);
            try
            {
                await _arrivals.Reader.WaitToReadAsync(timeout.Token);
                while (_arrivals.Reader.TryRead(out _))
                {
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        return Accepted;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>The built service as a process on a database of its own (or a shared one), reached over real HTTP.</summary>
public sealed class ServiceNode : IAsyncDisposable
{
    public const string Key = "test-key-live-node-0123456789abcdef";
    public const string KeyName = "live-bot";

    private readonly string _directory;
    private readonly (string Name, string Value)[] _environment;

    private ServiceNode(string directory, ServiceProcessHandle process, string url, (string Name, string Value)[] environment)
    {
        _directory = directory;
        _environment = environment;
        Process = process;
        Url = url;
        // A node generates and compiles each endpoint's code on its first request (Dynamic code mode, as in
        // development): on a machine busy with other test processes that first request can take tens of seconds.
        Http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(90) };
        Http.DefaultRequestHeaders.Add("X-Api-Key", Key);
    }

    public ServiceProcessHandle Process { get; private set; }

    public string Url { get; }

    public HttpClient Http { get; }

    /// <summary>Starts a node on <paramref name="connectionString"/> and waits until it answers and the cluster runs its change feed.</summary>
    public static async Task<ServiceNode> StartAsync(string connectionString, params (string Name, string Value)[] settings)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"timeline-node-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var url = $"http://127.0.0.1:{FreePort()}";
        (string Name, string Value)[] environment =
        [
            ("ConnectionStrings__Timeline", connectionString),
            ("Timeline__SeedDemoData", "false"),
            ($"Auth__ApiKeys__{KeyName}", Key),
            // Six attempts within a few seconds, not Svix's day: a receiver that keeps failing pauses its subscription.
            .. RetrySchedule("00:00:00.200", "00:00:00.400", "00:00:00.800", "00:00:01", "00:00:01"),
            ("Timeline__Live__Heartbeat", "00:00:01"),
            // A busy test machine can stall a read for seconds; the read time limit is tested where a test sets it.
            ("Timeline__RequestTimeouts__Reads", "00:01:00"),
            .. settings,
        ];
        var process = ServiceProcessHandle.Start(directory, url, environment);
        var node = new ServiceNode(directory, process, url, environment);
        await node.WaitUntilReadyAsync(TimeSpan.FromMinutes(2));
        return node;
    }

    /// <summary>
    /// The settings of a webhook retry schedule (<c>Timeline:Webhooks:RetrySchedule</c>): the waits before each retry. A node's
    /// own settings come after these, so a longer schedule given there replaces this one entry by entry.
    /// </summary>
    public static (string Name, string Value)[] RetrySchedule(params string[] waits) =>
        waits.Select((wait, i) => ($"Timeline__Webhooks__RetrySchedule__{i}", wait)).ToArray();

    /// <summary>Starts the node again, on the same address and settings, once its process has ended; waits until it is ready.</summary>
    public async Task RestartAsync()
    {
        if (!Process.HasExited)
        {
            throw new InvalidOperationException("The node is still running; stop or kill it first.");
        }

        await Process.DisposeAsync();
        Process = ServiceProcessHandle.Start(_directory, Url, _environment);
        await WaitUntilReadyAsync(TimeSpan.FromMinutes(2));
    }

    /// <summary>Waits until the node answers ready and some node of the cluster runs the change feed.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan budget)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < budget)
        {
            try
            {
                using var response = await Http.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK && await ChangeFeedRunningAsync(response))
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The node was not ready within {budget}:{Environment.NewLine}{Process.Output}");
    }

    /// <summary>Whether the readiness report says some node of the cluster runs the change feed.</summary>
    public static async Task<bool> ChangeFeedRunningAsync(HttpResponseMessage readiness)
    {
        var report = JsonDocument.Parse(await readiness.Content.ReadAsStringAsync()).RootElement;
        return report.GetProperty("checks").GetProperty("change-feed").TryGetProperty("data", out var data)
               && data.TryGetProperty("running", out var running) && running.GetBoolean();
    }

    public async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent(body);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, text);
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public Task<JsonElement> PutSagaAsync(string slug, string player) =>
        SendAsync(HttpMethod.Put, $"/api/sagas/{slug}", new { player, currentClub = "Liverpool" }, HttpStatusCode.Created);

    public Task<JsonElement> PostReportAsync(object report) =>
        SendAsync(HttpMethod.Post, "/api/reports", report, HttpStatusCode.Created);

    public static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    public static object Report(string id, string publishedAt, params object[] claims) =>
        new { id, reporter = "Vinny O'Connor", outlet = "Sky Sports", publishedAt, claims };

    public static object Interest(string saga, string club, string level) => new { saga, type = "interest", club, level };

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Process.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One service process on a fresh database, shared by the tests of a class.</summary>
public sealed class LiveNodeFixture : IAsyncLifetime
{
    public ServiceNode Node { get; private set; } = null!;

    public async Task InitializeAsync() => Node = await ServiceNode.StartAsync(await TestDatabase.CreateDatabaseAsync("live"));

    public async Task DisposeAsync() => await Node.DisposeAsync();
}
