using System.Net.Http.Headers;
using Marten;
using Timeline.Api;

namespace Timeline.Bench;

/// <summary>The service itself, in this process, on Kestrel over loopback, as production runs it.</summary>
public sealed class InProcessService : IAsyncDisposable
{
    public const string Key = "bench-key-0123456789";

    private readonly WebApplication _app;

    private InProcessService(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public IDocumentStore Store => _app.Services.GetRequiredService<IDocumentStore>();

    public IServiceProvider Services => _app.Services;

    public static async Task<InProcessService> StartAsync(string connectionString)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Timeline"] = connectionString,
            ["urls"] = "http://127.0.0.1:0",
            ["Auth:ApiKeys:bench"] = Key,
            ["Timeline:SeedDemoData"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Marten"] = "Error",
            ["Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks"] = "Error",
            ["Timeline:Live:SubscriberBuffer"] = "10000",
            // Measures the service's throughput, not its per-key and per-client allowances: every reader is on loopback.
            ["Timeline:RateLimit:Enabled"] = "false",
            ["Timeline:Live:MaxStreamsPerClient"] = "100000",
            ["Timeline:Live:MaxStreams"] = "100000",
            // A read cut short under a machine's worst load would be a failed scenario, not a slow figure.
            ["Timeline:RequestTimeouts:Reads"] = "00:05:00",
        });
        builder.AddTimeline();
        var app = builder.Build();
        app.MapTimeline();
        await app.StartAsync();
        var service = new InProcessService(app, new Uri(app.Urls.First()));
        await service.WaitForChangeFeedAsync(TimeSpan.FromSeconds(60));
        return service;
    }

    /// <summary>Waits until this node holds the change feed's lease, as readiness reports it.</summary>
    private Task WaitForChangeFeedAsync(TimeSpan budget) => WaitForFeedAsync(
        budget, "The change feed did not start.", data => data.TryGetProperty("running", out var running) && running.GetBoolean());

    /// <summary>
    /// Waits until the daemon (the change feed and the asynchronous projections) has read every event stored so
    /// far, so that a scenario measures reads in a steady state rather than beside the catch-up on what it seeded.
    /// </summary>
    public async Task WaitForDaemonCaughtUpAsync(TimeSpan budget)
    {
        const string schema = Timeline.Api.Infrastructure.Store.Schema;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < budget)
        {
            await using var session = Store.QuerySession();
            var behind = await session.AdvancedSql.QueryAsync<bool>(
                $"""
                 select coalesce((select max(seq_id) from {schema}.mt_events), 0)
                      > coalesce((select min(last_seq_id) from {schema}.mt_event_progression where name <> 'HighWaterMark'), 0)
                 """, CancellationToken.None);
            if (!behind.Single())
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The daemon did not catch up.");
    }

    private async Task WaitForFeedAsync(TimeSpan budget, string failure, Func<System.Text.Json.JsonElement, bool> done)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < budget)
        {
            try
            {
                using var response = await http.GetAsync("/health/ready");
                var report = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                if (report.GetProperty("checks").GetProperty("change-feed").TryGetProperty("data", out var data) && done(data))
                {
                    return;
                }
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException(failure);
    }

    public HttpClient Client(int connections = 64)
    {
        var client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        })
        {
            BaseAddress = Address,
            Timeout = TimeSpan.FromSeconds(60),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
