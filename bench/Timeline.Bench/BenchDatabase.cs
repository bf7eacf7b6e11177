using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Timeline.Api.Infrastructure.LocalPostgres;

namespace Timeline.Bench;

/// <summary>
/// The PostgreSQL the benchmark runs on: <c>ConnectionStrings__Timeline</c> when set, else a private
/// cluster started the way the service starts its own. Each scenario gets a fresh database.
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly LocalPostgresCluster? _cluster;
    private readonly string _server;

    private BenchDatabase(string server, LocalPostgresCluster? cluster)
    {
        _server = server;
        _cluster = cluster;
    }

    /// <summary>How the orchestrating process hands its server to the process that runs one scenario.</summary>
    public const string ServerVariable = "TIMELINE_BENCH_SERVER";

    public string Server => _server;

    public string Description => _cluster is null ? "the configured server" : "a private cluster";

    public static async Task<BenchDatabase> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable(ServerVariable)
                         ?? Environment.GetEnvironmentVariable("ConnectionStrings__Timeline");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new BenchDatabase(configured, null);
        }

        var directory = Path.Combine(Path.GetTempPath(), $"timeline-bench-{Environment.ProcessId}", "pg");
        var cluster = await LocalPostgresCluster.StartAsync(
            new LocalPostgresOptions { DataDirectory = directory, Ephemeral = true }, NullLogger.Instance);
        return new BenchDatabase(cluster.ConnectionString(), cluster);
    }

    public async Task<string> CreateAsync(string prefix)
    {
        var name = $"bench_{prefix}_{Guid.NewGuid():N}"[..40].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"create database \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(_server) { Database = name, MaxPoolSize = 64 }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
