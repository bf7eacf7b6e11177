using JasperFx;
using Marten;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Timeline.Api.Infrastructure.LocalPostgres;

namespace Timeline.Reliability.Tests;

/// <summary>What the fault tests share: reading the store directly, bounded waits, and report bodies.</summary>
public static class Reliability
{
    public const string Schema = Api.Infrastructure.Store.Schema;

    /// <summary>The database timeouts of an impatient node: three seconds a command, two to connect.</summary>
    public const int CommandTimeoutSeconds = 3;

    public const int ConnectTimeoutSeconds = 2;

    /// <summary>
    /// A node on <paramref name="connectionString"/> that gives up on its database quickly (<see cref="CommandTimeoutSeconds"/>,
    /// <see cref="ConnectTimeoutSeconds"/>, the live feed's wait a second) and logs only warnings.
    /// </summary>
    public static Task<ServiceNode> StartImpatientNodeAsync(string connectionString, params (string Name, string Value)[] settings) =>
        ServiceNode.StartAsync(
            connectionString,
            [
                ("Timeline__CommandTimeoutSeconds", CommandTimeoutSeconds.ToString()),
                ("Timeline__ConnectTimeoutSeconds", ConnectTimeoutSeconds.ToString()),
                ("Timeline__Live__ListenTimeout", "00:00:01"),
                ("Logging__LogLevel__Default", "Warning"),
                .. settings,
            ]);

    /// <summary>
    /// A PostgreSQL cluster of a test class's own, on a free port, in a temp directory named after
    /// <paramref name="name"/> (or in <paramref name="dataDirectory"/>): stopping or starving it disturbs no other test.
    /// </summary>
    public static async Task<(LocalPostgresOptions Options, LocalPostgresCluster Cluster)> StartOwnClusterAsync(string name, string? dataDirectory = null)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var options = new LocalPostgresOptions
        {
            DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), $"timeline-{name}-{Guid.NewGuid():N}", "pg"),
            Port = port,
            Ephemeral = true,
        };
        return (options, await LocalPostgresCluster.StartAsync(options, NullLogger.Instance));
    }

    /// <summary>Runs <paramref name="sql"/> with one optional parameter and returns its single scalar.</summary>
    public static async Task<T> ScalarAsync<T>(string connectionString, string sql, object? parameter = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (parameter is not null)
        {
            command.Parameters.AddWithValue(parameter);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A Marten store on <paramref name="connectionString"/> configured as the service's, to read what it stored.</summary>
    public static IDocumentStore OpenStore(string connectionString) => DocumentStore.For(options =>
    {
        options.Connection(connectionString);
        Api.TimelineApp.ConfigureStore(options);
        options.AutoCreateSchemaObjects = AutoCreate.None;
    });

    /// <summary>
    /// How many parts of report <paramref name="id"/> are stored: its claim events, one per saga it names, and its
    /// own stream. A report is stored whole (its sagas + 1) or not at all (0).
    /// </summary>
    public static async Task<long> ReportPartsAsync(string connectionString, string id) =>
        await ScalarAsync<long>(connectionString, $"select count(distinct stream_id) from {Schema}.mt_events where data -> 'source' ->> 'reportId' = $1", id)
        + await ScalarAsync<long>(connectionString, $"select count(*) from {Schema}.mt_streams where id = $1", Domain.ReportStreams.Key(id));

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> after <paramref name="within"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or NpgsqlException)
            {
            }

            if (clock.Elapsed > within)
            {
                throw new TimeoutException($"Not within {within}: {what}.");
            }

            await Task.Delay(200);
        }
    }

    public static object Report(string id, string publishedAt, params object[] claims) => ServiceNode.Report(id, publishedAt, claims);

    public static object Interest(string saga, string club, string level) => ServiceNode.Interest(saga, club, level);

    /// <summary>An anonymous client on <paramref name="node"/>, or one with <paramref name="key"/>.</summary>
    public static HttpClient Client(ServiceNode node, string? key = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(node.Url), Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body)> PostJsonAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsync(path, ServiceNode.JsonContent(body));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Asserts that a refusal is RFC 9457 problem details carrying its own status.</summary>
    public static async Task ShouldBeProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        response.StatusCode.ShouldBe(status);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("status").GetInt32().ShouldBe((int)status);
    }
}
