using System.Net.Http.Headers;
using System.Text.Json;
using Marten;
using OpenTelemetry.Trace;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Timeline.Api.Infrastructure;
using Wolverine;

namespace Timeline.Api.Tests;

/// <summary>The service in memory on a database of its own, shared by every test of the collection.</summary>
public sealed class TimelineFixture : IAsyncLifetime
{
    public const string WriterKeyName = "ingest-bot";
    public const string WriterKey = "test-key-ingest-bot";
    public const string EditorKeyName = "editor";
    public const string EditorKey = "test-key-editor";

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
            builder.ConfigureServices(services =>
            {
                services.RunWolverineInSoloMode();
                services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
            });
        });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    public async Task ResetAsync()
    {
        await Store.Advanced.Clean.DeleteAllEventDataAsync();
        await Store.Advanced.Clean.DeleteAllDocumentsAsync();
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

    public virtual Task InitializeAsync() => Fixture.ResetAsync();

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
        Host.Scenario(s =>
        {
            s.Post.Json(report).ToUrl("/api/reports");
            if (key is not null)
            {
                s.WithRequestHeader("X-Api-Key", key);
            }

            s.StatusCodeShouldBe(expectedStatus);
        });

    protected async Task<JsonElement> GetJson(string url, int expectedStatus = 200)
    {
        var result = await Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.StatusCodeShouldBe(expectedStatus);
        });
        return result.ReadAsJson<JsonElement>();
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
