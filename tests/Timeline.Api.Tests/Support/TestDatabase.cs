using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Timeline.Api.Infrastructure.LocalPostgres;

namespace Timeline.Api.Tests;

/// <summary>
/// One PostgreSQL for the whole test run: the service's own private-cluster component in a temp
/// directory, or the server <c>TIMELINE_TEST_CONNECTION</c> points at. Each fixture gets its own database.
/// </summary>
public static class TestDatabase
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static LocalPostgresCluster? _cluster;
    private static string? _serverConnection;

    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var server = await ServerAsync();
        var name = $"{prefix}_{Guid.NewGuid():N}".ToLowerInvariant();
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"create database \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    private static async Task<string> ServerAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_serverConnection is not null)
            {
                return _serverConnection;
            }

            var configured = Environment.GetEnvironmentVariable("TIMELINE_TEST_CONNECTION");
            if (!string.IsNullOrWhiteSpace(configured))
            {
                return _serverConnection = configured;
            }

            RemoveLeftovers();
            var directory = Path.Combine(Path.GetTempPath(), $"timeline-tests-{Environment.ProcessId}", "pg");
            _cluster = await LocalPostgresCluster.StartAsync(
                new LocalPostgresOptions { DataDirectory = directory, Ephemeral = true }, NullLogger.Instance);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => _cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return _serverConnection = _cluster.ConnectionString();
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// The test host may end before the exit handler has deleted a run's cluster; the next run
    /// removes the directories of runs whose process is gone (their servers were stopped already).
    /// </summary>
    private static void RemoveLeftovers()
    {
        foreach (var directory in Directory.GetDirectories(Path.GetTempPath(), "timeline-tests-*"))
        {
            if (!int.TryParse(Path.GetFileName(directory)["timeline-tests-".Length..], out var pid) || IsRunning(pid)
                || File.Exists(Path.Combine(directory, "pg", "postmaster.pid")))
            {
                continue;
            }

            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
