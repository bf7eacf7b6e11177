using System.Net.Http.Headers;
using Marten;
using OpenTelemetry.Trace;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Api.Infrastructure;
using Wolverine;

namespace Timeline.Api.Tests;

/// <summary>The service in memory on a database of its own, shared by every test of the collection.</summary>
public class TimelineFixture : IAsyncLifetime
{
    public const string WriterKeyName = "ingest-bot";
    public const string WriterKey = "test-key-ingest-bot-0123456789abcdef";
    public const string EditorKeyName = "editor";
    public const string EditorKey = "test-key-editor-0123456789abcdef0123";
    public const string OtherWriterKeyName = "other-bot";
    public const string OtherWriterKey = "test-key-other-bot-0123456789abcdef";

    public IAlbaHost Host { get; private set; } = null!;

    /// <summary>Every span the service finished, as an OpenTelemetry exporter received it.</summary>
    public List<System.Diagnostics.Activity> Spans { get; } = [];

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.CreateDatabaseAsync("api");
        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:Timeline", ConnectionString);
            builder.UseSetting("Timeline:SeedDemoData", "false");
            builder.UseSetting($"Auth:ApiKeys:{WriterKeyName}", WriterKey);
            builder.UseSetting($"Auth:ApiKeys:{EditorKeyName}", EditorKey);
            builder.UseSetting($"Auth:Scopes:{EditorKeyName}", "admin");
            builder.UseSetting($"Auth:ApiKeys:{OtherWriterKeyName}", OtherWriterKey);
            // Every test's requests come from one in-memory client; the per-client limits have tests of their own.
            builder.UseSetting("Timeline:RateLimit:Reads:PerSecond", "100000");
            builder.UseSetting("Timeline:RateLimit:Reads:Burst", "100000");
            builder.UseSetting("Timeline:RateLimit:CostlyReads:PerSecond", "100000");
            builder.UseSetting("Timeline:RateLimit:CostlyReads:Burst", "100000");
            builder.UseSetting("Timeline:Live:MaxStreamsPerClient", "1000");
            builder.UseSetting("Timeline:Webhooks:AllowPrivateTargets", "true");
            builder.UseSetting("Timeline:Feeds:AllowPrivateTargets", "true");
            builder.UseSetting("Timeline:Feeds:Timeout", "00:00:02");
            Configure(builder);
            builder.ConfigureServices(services =>
            {
                services.RunWolverineInSoloMode();
                services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
            });
        });
    }

    /// <summary>What a fixture of its own changes: by default, webhook retries within seconds rather than Svix's day.</summary>
    protected virtual void Configure(IWebHostBuilder builder)
    {
        foreach (var (wait, i) in new[] { "00:00:00.200", "00:00:00.400", "00:00:00.800", "00:00:01" }.Select((w, i) => (w, i)))
        {
            builder.UseSetting($"Timeline:Webhooks:RetrySchedule:{i}", wait);
        }
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    /// <summary>
    /// Empties the store between tests. The event sequence goes on rather than restarting, as it
    /// would in production: the running change feed and every live feed keep their positions.
    /// </summary>
    public async Task ResetAsync()
    {
        const string schema = Infrastructure.Store.Schema;
        await using var session = Store.LightweightSession();
        await ProjectionsCaughtUpAsync();
        var documents = await session.AdvancedSql.QueryAsync<string>(
            "select format('%I.%I', schemaname, tablename) from pg_tables where schemaname = ? and tablename like 'mt\\_doc\\_%'",
            CancellationToken.None, schema);
        var tables = documents.Prepend($"{schema}.mt_streams").Prepend($"{schema}.mt_events");
        session.QueueSqlCommand($"truncate table {string.Join(", ", tables)}");
        await session.SaveChangesAsync();
    }

    /// <summary>Waits until the change feed has read every event stored so far.</summary>
    public Task ChangeFeedCaughtUpAsync() => CaughtUpAsync($"{ChangeFeed.SagaChangeFeed.Name}:%");

    /// <summary>
    /// Waits until the change feed and the asynchronous projection (reporters' and outlets' names) have read every
    /// event stored so far: before a test reads their documents, and before a reset empties the store
    /// (unread events would leave a gap in the sequence that the daemon waits out before moving on, and a
    /// batch in flight would write its documents after the reset).
    /// </summary>
    public Task ProjectionsCaughtUpAsync() => CaughtUpAsync(
        $"{ChangeFeed.SagaChangeFeed.Name}:%", $"{Reporters.SourceProjection.ProjectionName}:%");

    private async Task CaughtUpAsync(params string[] shards)
    {
        await using var session = Store.QuerySession();
        const string schema = Infrastructure.Store.Schema;
        var stored = (await session.AdvancedSql.QueryAsync<long>(
            $"select coalesce(max(seq_id), 0) from {schema}.mt_events", CancellationToken.None)).Single();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (stored > 0)
        {
            // The slowest of the shards: one that has not started yet has read nothing.
            var read = (await session.AdvancedSql.QueryAsync<long>(
                $"""
                 select coalesce(min(coalesce(
                     (select max(p.last_seq_id) from {schema}.mt_event_progression p where p.name like s.shard), 0)), 0)
                 from unnest(?::text[]) as s(shard)
                 """,
                CancellationToken.None, [shards])).Single();
            if (read >= stored)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The slowest of {string.Join(", ", shards)} stayed at {read} of {stored} events.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>
    /// How many events the store holds: what "nothing was stored" is checked against. Marten's
    /// tombstones (placeholders for the sequence numbers of a failed save) are not events of ours.
    /// </summary>
    public async Task<long> EventCountAsync()
    {
        await using var session = Store.QuerySession();
        var counts = await session.AdvancedSql.QueryAsync<long>(
            $"select count(*) from {Infrastructure.Store.Schema}.mt_events where type <> 'tombstone'", CancellationToken.None);
        return counts.Single();
    }
}

[CollectionDefinition(Name)]
public sealed class TimelineCollection : ICollectionFixture<TimelineFixture>
{
    public const string Name = "timeline";
}

/// <summary>Base for the integration tests: data reset before each, helpers that speak the API.</summary>
[Collection(TimelineCollection.Name)]
public abstract class IntegrationTest(TimelineFixture fixture) : IAsyncLifetime
{
    protected TimelineFixture Fixture { get; } = fixture;

    protected IAlbaHost Host => Fixture.Host;

    public async Task InitializeAsync()
    {
        await Fixture.ResetAsync();
        await Given();
    }

    /// <summary>What the class's tests start from, recorded after the store was emptied.</summary>
    protected virtual Task Given() => Task.CompletedTask;

    public Task DisposeAsync() => Task.CompletedTask;

    protected static readonly JsonSerializerOptions Json = TimelineJson.Api;

    protected Task<IScenarioResult> OpenSaga(string slug, string player = "Ibrahima Konaté", string? club = "Liverpool") =>
        Host.Scenario(s =>
        {
            s.Put.Json(new { player, currentClub = club, contractExpires = "2026-06-30" }).ToUrl($"/api/sagas/{slug}");
            s.WithRequestHeader("Authorization", $"Bearer {TimelineFixture.WriterKey}");
            s.StatusCodeShouldBe(201);
        });

    protected Task<IScenarioResult> PostReport(object report, int expectedStatus = 201, string? key = TimelineFixture.WriterKey) =>
        Send(HttpMethod.Post, "/api/reports", report, expectedStatus, key);

    /// <summary>A request with <paramref name="body"/> as JSON (none when null), under <paramref name="key"/> (none when null), that must answer <paramref name="expectedStatus"/>.</summary>
    protected Task<IScenarioResult> Send(HttpMethod method, string url, object? body, int expectedStatus, string? key = TimelineFixture.WriterKey) =>
        Host.Scenario(s =>
        {
            if (body is null)
            {
                Verb(s, method).Url(url);
            }
            else
            {
                Verb(s, method).Json(body).ToUrl(url);
            }

            Authorize(s, key);
            s.StatusCodeShouldBe(expectedStatus);
        });

    /// <summary>As <see cref="Send"/> with a body that is JSON text sent as it is (malformed on purpose, or with duplicate keys).</summary>
    protected Task<IScenarioResult> SendText(HttpMethod method, string url, string json, int expectedStatus, string? key = TimelineFixture.WriterKey) =>
        Host.Scenario(s =>
        {
            Verb(s, method).Text(json).ToUrl(url);
            s.WithRequestHeader("Content-Type", "application/json");
            Authorize(s, key);
            s.StatusCodeShouldBe(expectedStatus);
        });

    private static IUrlExpression Verb(Scenario s, HttpMethod method) => method.Method switch
    {
        "POST" => s.Post,
        "PUT" => s.Put,
        "PATCH" => s.Patch,
        "DELETE" => s.Delete,
        "GET" => s.Get,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Not a method the tests send."),
    };

    private static void Authorize(Scenario s, string? key)
    {
        if (key is not null)
        {
            s.WithRequestHeader("X-Api-Key", key);
        }
    }

    protected async Task<JsonElement> GetJson(string url, int expectedStatus = 200) =>
        (await Get(url, expectedStatus)).ReadAsJson<JsonElement>();

    /// <summary>A GET that must answer <paramref name="expectedStatus"/>.</summary>
    protected Task<IScenarioResult> Get(string url, int expectedStatus = 200) =>
        Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.StatusCodeShouldBe(expectedStatus);
        });

    /// <summary>Sends a request with <paramref name="key"/> (none when null) and returns its JSON answer (default for a 204).</summary>
    protected async Task<JsonElement> SendAsync(
        HttpMethod method, string url, object? body = null, string? key = TimelineFixture.WriterKey, int status = 200)
    {
        var result = await Send(method, url, body ?? (method == HttpMethod.Post ? new { } : null), status, key);
        return status == 204 ? default : result.ReadAsJson<JsonElement>();
    }

    protected static object Report(string id, string publishedAt, params object[] claims) => new
    {
        id,
        reporter = "Vinny O'Connor",
        outlet = "Sky Sports",
        publishedAt,
        url = "https://www.skysports.com/football/news/konate",
        quote = "Liverpool remain committed to re-signing Ibrahima Konate if terms can be agreed.",
        claims,
    };

    protected static object Interest(string saga, string club, string level) => new { saga, type = "interest", club, level };
}
