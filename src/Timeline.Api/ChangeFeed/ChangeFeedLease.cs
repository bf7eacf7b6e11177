using JasperFx;
using JasperFx.Events.Daemon;

namespace Timeline.Api.ChangeFeed;

/// <summary>
/// Which node runs the change feed, and with it the store's other asynchronous shards (README, "How changes
/// flow"): the one whose session holds a PostgreSQL advisory lock, on a connection of its own that does nothing
/// else. Every other node tries to take the lock every <see cref="ClusterOptions.LeaseInterval"/>; PostgreSQL
/// frees it the moment the holder's session ends (a killed process, a closed socket, TCP keepalives that go
/// unanswered), so a crash costs one interval and the catch-up. The holder proves its session every interval
/// and stops its shards as soon as it cannot; a holder whose session has been silent for
/// <see cref="ClusterOptions.Lease"/> (a process stopped, hung or cut off while its socket stays up) has that
/// session ended by the node that finds it so. Shorter silences, a GC pause or a slow database, move nothing.
/// The lock decides who runs; the checkpoint decides what counts: a batch commits only if the feed's position
/// is still the one it started from, so even two runners for a moment could not publish an update twice.
/// </summary>
public sealed class ChangeFeedLease(
    IDocumentStore store,
    TimelineDatabase database,
    IOptions<ClusterOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    ILogger<ChangeFeedLease> logger) : BackgroundService
{
    /// <summary>The advisory lock's key, "TIMELINE" in ASCII; advisory locks are per database.</summary>
    public const long LockKey = 0x54494D454C494E45;

    /// <summary>The lease connection's <c>application_name</c> starts with this, so <c>pg_stat_activity</c> shows the holder.</summary>
    public const string ApplicationName = "timeline-change-feed";

    /// <summary>
    /// The session that holds the lease, if any: its backend pid, its application name and for how many seconds
    /// it has been silent (since its last statement began or ended).
    /// </summary>
    public static readonly string HolderSql = $"""
        select a.pid, a.application_name, extract(epoch from clock_timestamp() - a.state_change)::float8
        from pg_locks l join pg_stat_activity a on a.pid = l.pid
        where l.locktype = 'advisory' and l.granted and l.objsubid = 1
          and l.database = (select oid from pg_database where datname = current_database())
          and ((l.classid::bigint << 32) | l.objid::bigint) = {LockKey}
        limit 1
        """;

    private readonly ClusterOptions _options = options.Value;
    private IProjectionDaemon? _daemon;
    private volatile bool _holding;

    /// <summary>Whether this node holds the lease, and so runs the change feed.</summary>
    public bool Holds => _holding;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Shards run Wolverine handlers' outbox: contend only once the host, Wolverine included, has started.
        await WhenStartedAsync(stoppingToken);
        await using var connections = CreateDataSource();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await HoldOrContendAsync(connections, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "The change feed's lease connection failed; trying again in {Interval}", _options.LeaseInterval);
            }

            try
            {
                await Task.Delay(_options.LeaseInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        _daemon?.Dispose();
    }

    /// <summary>
    /// One session of the lease connection: take the lock when it is free, prove it every interval while held,
    /// and stop the shards before the session ends, however it ends, so that another node starts them only after.
    /// </summary>
    private async Task HoldOrContendAsync(NpgsqlDataSource connections, CancellationToken ct)
    {
        await using var connection = await connections.OpenConnectionAsync(ct);
        // Built while contending, so that taking over only starts the shards.
        var daemon = _daemon ??= await store.BuildProjectionDaemonAsync();
        try
        {
            while (true)
            {
                if (_holding)
                {
                    await ProveAsync(connection, ct);
                    await KeepShardsRunningAsync(daemon, ct);
                }
                else if (await ScalarAsync<bool>(connection, "select pg_try_advisory_lock(@key)", ct))
                {
                    _holding = true;
                    logger.LogInformation("This node took the change feed's lease and runs the change feed");
                    await daemon.StartAllAsync();
                }
                else
                {
                    await DeposeSilentHolderAsync(connection, ct);
                }

                await Task.Delay(_options.LeaseInterval, clock, ct);
            }
        }
        finally
        {
            if (_holding)
            {
                _holding = false;
                // No token: the batch in hand is finished or abandoned, never cut mid-commit. The next hold starts
                // from a fresh daemon, with nothing left over from this one.
                await daemon.StopAllAsync();
                daemon.Dispose();
                _daemon = null;
                logger.LogInformation("This node stopped the change feed and gives up its lease");
            }
        }
    }

    /// <summary>Throws unless this session still holds the lock, within the connection's short command timeout.</summary>
    private static async Task ProveAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        const string sql = """
            select count(*) from pg_locks
            where locktype = 'advisory' and granted and objsubid = 1 and pid = pg_backend_pid()
              and ((classid::bigint << 32) | objid::bigint) = @key
            """;
        if (await ScalarAsync<long>(connection, sql, ct) == 0)
        {
            throw new InvalidOperationException("The change feed's lease is no longer held by this node's session.");
        }
    }

    /// <summary>
    /// Restarts a shard that stopped (its batch lost the race for the checkpoint) or that has been paused by an
    /// error for longer than Marten's own health check would wait.
    /// </summary>
    private async Task KeepShardsRunningAsync(IProjectionDaemon daemon, CancellationToken ct)
    {
        var patience = ((StoreOptions)store.Options).Projections.HealthCheckPollingTime;
        foreach (var shard in ((StoreOptions)store.Options).Projections.AllShards().Select(s => s.Name.Identity))
        {
            var agent = daemon.CurrentAgents().FirstOrDefault(a => a.Name.Identity == shard);
            if (agent?.Status == AgentStatus.Running
                || agent is { Status: AgentStatus.Paused, PausedTime: { } paused } && clock.GetUtcNow() - paused < patience)
            {
                continue;
            }

            logger.LogWarning("Restarting shard {Shard} of the change feed's node ({Status})", shard, agent?.Status);
            daemon.EjectPausedShard(shard);
            await daemon.StartAgentAsync(shard, ct);
        }
    }

    /// <summary>
    /// Ends the holder's session when it has been silent for longer than the lease: its process is stopped, hung
    /// or cut off from PostgreSQL while its socket stays up, and would otherwise hold the feed for as long.
    /// </summary>
    private async Task DeposeSilentHolderAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(HolderSql, connection);
        int pid;
        string? holder;
        double silent;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct))
            {
                return;
            }

            pid = reader.GetInt32(0);
            holder = reader.IsDBNull(1) ? null : reader.GetString(1);
            silent = reader.IsDBNull(2) ? 0 : reader.GetDouble(2);
        }

        if (silent < _options.Lease.TotalSeconds)
        {
            return;
        }

        logger.LogWarning("The change feed's holder {Holder} has been silent for {Seconds:0.0} s, past the lease; ending its session", holder, silent);
        await using var terminate = new NpgsqlCommand("select pg_terminate_backend(@pid)", connection);
        terminate.Parameters.AddWithValue("pid", pid);
        await terminate.ExecuteScalarAsync(ct);
    }

    /// <summary>
    /// The lease's own connection: never pooled (closing it ends the session and frees the lock); commands bounded
    /// to a third of the lease and a timed-out one breaking the connection at once, so the holder knows it lost
    /// its session after at most an interval and that bound; TCP keepalives on both ends, so that a peer gone
    /// without closing its socket (a partition, a host lost) is noticed: PostgreSQL ends the holder's session
    /// after an interval of silence and a probe every interval for half the lease, after the holder itself has
    /// stopped.
    /// </summary>
    private NpgsqlDataSource CreateDataSource()
    {
        var probe = Math.Max(1, (int)Math.Ceiling(_options.LeaseInterval.TotalSeconds));
        var probes = Math.Max(3, (int)Math.Ceiling(_options.Lease.TotalSeconds / 2 / probe));
        var builder = new NpgsqlDataSourceBuilder(database.ConnectionString);
        var settings = builder.ConnectionStringBuilder;
        settings.Pooling = false;
        settings.ApplicationName = $"{ApplicationName} {Environment.MachineName}/{Environment.ProcessId}";
        settings.CommandTimeout = Math.Max(1, (int)(_options.Lease.TotalSeconds / 3));
        settings.CancellationTimeout = -1;
        settings.Timeout = settings.CommandTimeout;
        settings.TcpKeepAlive = true;
        settings.TcpKeepAliveTime = probe;
        settings.TcpKeepAliveInterval = probe;
        settings.Options = $"{settings.Options} -c tcp_keepalives_idle={probe} -c tcp_keepalives_interval={probe} -c tcp_keepalives_count={probes}".Trim();
        return builder.Build();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("key", LockKey);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }

    private async Task WhenStartedAsync(CancellationToken ct)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(ct);
    }
}
