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
    /// How long a timed-out command waits for PostgreSQL to confirm its cancellation before Npgsql breaks the
    /// connection instead. A server that answers confirms within milliseconds (a wait on a saga's lock ends as
    /// "canceled" and keeps its connection); a silent one (a network blackhole) never does, and made every
    /// request it held wait Npgsql's default of two seconds on top of its command timeout.
    /// </summary>
    public const int CancellationTimeoutMilliseconds = 500;

    /// <summary>
    /// TCP keepalives, on both ends, on every connection: seconds of silence before the first probe, and
    /// between probes (the server gives up after <see cref="KeepAliveProbes"/>). A connection whose peer is
    /// gone without a word (a partition, a host lost) is found broken in about half a minute: the pool does
    /// not hand it out again, and PostgreSQL ends a session that still held locks for a client that is gone.
    /// </summary>
    public const int KeepAliveSeconds = 10;

    public const int KeepAliveIntervalSeconds = 3;

    public const int KeepAliveProbes = 5;

    /// <summary>
    /// The data source every database call goes through. <paramref name="commandTimeoutSeconds"/> bounds each
    /// command; <paramref name="connectTimeoutSeconds"/> bounds opening a connection and waiting for one from a
    /// full pool, so an unreachable server fails a request in seconds instead of holding it.
    /// </summary>
    public NpgsqlDataSource CreateDataSource(int commandTimeoutSeconds, int connectTimeoutSeconds)
    {
        var builder = new NpgsqlDataSourceBuilder(ConnectionString);
        var settings = builder.ConnectionStringBuilder;
        settings.CommandTimeout = commandTimeoutSeconds;
        settings.Timeout = connectTimeoutSeconds;
        settings.CancellationTimeout = CancellationTimeoutMilliseconds;
        settings.ApplicationName ??= "timeline";
        settings.TcpKeepAlive = true;
        settings.TcpKeepAliveTime = KeepAliveSeconds;
        settings.TcpKeepAliveInterval = KeepAliveIntervalSeconds;
        settings.Options = $"{settings.Options} -c tcp_keepalives_idle={KeepAliveSeconds} -c tcp_keepalives_interval={KeepAliveIntervalSeconds} -c tcp_keepalives_count={KeepAliveProbes}".Trim();
        ReserveThreadsForCancellations(settings.MaxPoolSize);
        return builder.Build();
    }

    /// <summary>
    /// When a command times out Npgsql asks the server to cancel it on a new connection, and waits for that
    /// connection's answer on the thread that ran the command, blocking it (up to twice the connect timeout when
    /// the server is silent). Under a network blackhole every connection of the pool may do so at once; with the
    /// thread pool's minimum at the core count, the few blocked threads starved everything else (timers, health,
    /// other requests) until the network came back. A minimum of one thread per pooled connection and some to
    /// spare keeps the process answering.
    /// </summary>
    private static void ReserveThreadsForCancellations(int maxPoolSize)
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, maxPoolSize + Environment.ProcessorCount * 4), completionPorts);
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
