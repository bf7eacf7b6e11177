using Timeline.Api.Infrastructure.LocalPostgres;

namespace Timeline.Api.Infrastructure;

/// <summary>
/// Where Timeline's PostgreSQL is: <c>ConnectionStrings:Timeline</c> when configured, otherwise a
/// private cluster started on first use from the binaries installed on this machine, and stopped
/// with the service. Started lazily so that commands like <c>help</c> never touch a database.
/// </summary>
public sealed class TimelineDatabase(IConfiguration configuration, ILogger<TimelineDatabase> logger) : IAsyncDisposable, IDisposable
{
    public const string ConnectionStringName = "Timeline";
    public const string DatabaseName = "timeline";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private LocalPostgresCluster? _cluster;
    private string? _connectionString;

    public string ConnectionString
    {
        get
        {
            if (_connectionString is not null)
            {
                return _connectionString;
            }

            // Resolved once, while the container builds Marten's data source: blocking here is the
            // price of a lazily started server, and happens before any request is served.
            return ResolveAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// The data source every database call goes through. <paramref name="commandTimeoutSeconds"/> bounds each
    /// command; <paramref name="connectTimeoutSeconds"/> bounds opening a connection and waiting for one from a
    /// full pool, so an unreachable server fails a request in seconds instead of holding it.
    /// </summary>
    public NpgsqlDataSource CreateDataSource(int commandTimeoutSeconds, int connectTimeoutSeconds)
    {
        var builder = new NpgsqlDataSourceBuilder(ConnectionString);
        builder.ConnectionStringBuilder.CommandTimeout = commandTimeoutSeconds;
        builder.ConnectionStringBuilder.Timeout = connectTimeoutSeconds;
        builder.ConnectionStringBuilder.ApplicationName ??= "timeline";
        return builder.Build();
    }

    /// <summary>The connection string, starting the private cluster first when none is configured.</summary>
    public async Task<string> ResolveAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_connectionString is not null)
            {
                return _connectionString;
            }

            var configured = configuration.GetConnectionString(ConnectionStringName);
            if (!string.IsNullOrWhiteSpace(configured))
            {
                return _connectionString = configured;
            }

            var options = configuration.GetSection("Timeline:LocalPostgres").Get<LocalPostgresOptions>()
                ?? new LocalPostgresOptions();
            logger.LogInformation(
                "No ConnectionStrings:Timeline configured; starting a private PostgreSQL cluster in {DataDirectory}",
                options.DataDirectory);
            _cluster = await LocalPostgresCluster.StartAsync(options, logger, ct);
            return _connectionString = await _cluster.EnsureDatabaseAsync(DatabaseName, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        _gate.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
