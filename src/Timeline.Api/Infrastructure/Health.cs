using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using Timeline.Api.Live;
using Wolverine.Runtime;

namespace Timeline.Api.Infrastructure;

/// <summary>Configuration section <c>Timeline:Health</c>.</summary>
public sealed class HealthOptions
{
    public const string Section = "Timeline:Health";

    /// <summary>
    /// How long a stored event may wait unread by the change feed before the node reports itself not
    /// ready: past this, live pages, Server-Sent Events and webhooks are behind the store.
    /// </summary>
    public TimeSpan MaxChangeFeedLag { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Configuration section <c>Timeline:Cluster</c>: how quickly the nodes notice that one of them is gone.
/// Each node writes a heartbeat every <see cref="HeartbeatInterval"/>; a node silent for
/// <see cref="StaleNodeTimeout"/> is taken for dead, and its work (the change feed, queued webhook
/// deliveries) moves to a live node. Shorter moves work sooner after a crash, but a node stalled that long
/// (a long pause, a saturated database) is also taken for dead and loses its work to another.
/// </summary>
public sealed class ClusterOptions
{
    public const string Section = "Timeline:Cluster";

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan StaleNodeTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

public static class Health
{
    private const string Ready = "ready";

    /// <summary>
    /// How long a check's query may take. A command timeout rather than a cancelled token: under load,
    /// cancelling Npgsql in the middle of a read left pooled connections out of step with the server, and
    /// the next query on them failed with "unexpected backend message".
    /// </summary>
    internal const int CommandTimeoutSeconds = 3;

    public static IServiceCollection AddTimelineHealth(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<HealthOptions>(configuration.GetSection(HealthOptions.Section));
        services.Configure<ClusterOptions>(configuration.GetSection(ClusterOptions.Section));
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [Ready])
            .AddCheck<ChangeFeedHealthCheck>("change-feed", tags: [Ready]);
        return services;
    }

    public static WebApplication MapTimelineHealth(this WebApplication app)
    {
        // Live: the process answers. Ready: it reaches its database and the change feed keeps up.
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new()
        {
            Predicate = check => check.Tags.Contains(Ready),
            ResponseWriter = WriteReportAsync,
        });
        return app;
    }

    /// <summary>
    /// The report as JSON: overall status, then each check with its description and data. When reads need a
    /// key, a caller without one learns only the status (what a load balancer needs), not which node runs
    /// the change feed or why the database failed.
    /// </summary>
    private static async Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var keys = context.RequestServices.GetRequiredService<IOptions<ApiKeyOptions>>().Value;
        if (keys.RequireKeyForReads && context.User.Identity?.IsAuthenticated is not true)
        {
            await context.Response.WriteAsync(JsonSerializer.Serialize(new { status = report.Status.ToString() }, TimelineJson.Api), context.RequestAborted);
            return;
        }

        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new
                {
                    status = entry.Value.Status.ToString(),
                    description = entry.Value.Description,
                    data = entry.Value.Data,
                }),
        };
        await context.Response.WriteAsync(JsonSerializer.Serialize(body, TimelineJson.Api), context.RequestAborted);
    }
}

internal sealed class DatabaseHealthCheck(NpgsqlDataSource database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        try
        {
            await using var command = database.CreateCommand("select 1");
            command.CommandTimeout = Health.CommandTimeoutSeconds;
            // Bounded by the command timeout, not the probe's token (see CommandTimeoutSeconds).
            await command.ExecuteScalarAsync(CancellationToken.None);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is unreachable.", e);
        }
    }
}

/// <summary>
/// Whether the change feed (a Marten subscription Wolverine runs on one node of the cluster) keeps up
/// with the store: unhealthy when the oldest event it has not read is older than
/// <see cref="HealthOptions.MaxChangeFeedLag"/>, degraded while no node runs it yet.
/// </summary>
public sealed class ChangeFeedHealthCheck(
    NpgsqlDataSource database, IWolverineRuntime runtime, IOptions<HealthOptions> options, IOptions<ClusterOptions> cluster,
    TimeProvider clock) : IHealthCheck
{
    private static readonly string Sql = $"""
        with feed as (
            select coalesce((select last_seq_id from {Store.Schema}.mt_event_progression where name = @progression), 0) as position)
        select feed.position,
               coalesce((select max(seq_id) from {Store.Schema}.mt_events), 0),
               (select e.timestamp from {Store.Schema}.mt_events e where e.seq_id > feed.position order by e.seq_id limit 1)
        from feed
        """;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        try
        {
            long position, head;
            DateTimeOffset? oldestUnread;
            // The reader (and with it the pooled connection) is disposed once, at the end of this block, before
            // the node table is asked: a second dispose after the connection went back to the pool could close
            // it under its next user.
            await using (var command = database.CreateCommand(Sql))
            {
                command.CommandTimeout = Health.CommandTimeoutSeconds;
                command.Parameters.AddWithValue("progression", $"{SagaChangeFeed.Name}:All");
                await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
                await reader.ReadAsync(CancellationToken.None);
                position = reader.GetInt64(0);
                head = reader.GetInt64(1);
                oldestUnread = reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2);
            }

            var here = runtime.Agents.AllRunningAgentUris().Any(IsChangeFeed);
            // Asking the node table can wait behind Wolverine's own locks: a probe answers in time regardless
            // (the query is left to finish on its own rather than cancelled mid-read).
            var running = here || await RunningElsewhereAsync().WaitAsync(TimeSpan.FromSeconds(Health.CommandTimeoutSeconds), ct);
            var result = Assess(position, head, oldestUnread, running, clock.GetUtcNow(), options.Value.MaxChangeFeedLag);
            return new HealthCheckResult(result.Status, result.Description, result.Exception,
                new Dictionary<string, object>(result.Data) { ["onThisNode"] = here });
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The change feed's position could not be read.", e);
        }
    }

    /// <summary>
    /// The verdict from what was read: <paramref name="oldestUnread"/> is when the first event past the
    /// feed's <paramref name="position"/> was stored, null when the feed has read everything.
    /// </summary>
    public static HealthCheckResult Assess(
        long position, long head, DateTimeOffset? oldestUnread, bool running, DateTimeOffset now, TimeSpan maxLag)
    {
        var lag = oldestUnread is { } recorded && recorded < now ? now - recorded : TimeSpan.Zero;
        var data = new Dictionary<string, object>
        {
            ["running"] = running,
            ["position"] = position,
            ["head"] = head,
            ["lagSeconds"] = Math.Round(lag.TotalSeconds, 3),
        };

        if (lag > maxLag)
        {
            return HealthCheckResult.Unhealthy(
                $"The change feed is {lag.TotalSeconds:0} s behind the store (at {position} of {head}).", data: data);
        }

        return running
            ? HealthCheckResult.Healthy($"At {position} of {head}.", data)
            : HealthCheckResult.Degraded("No node runs the change feed yet; Wolverine assigns it shortly after start.", data: data);
    }

    /// <summary>
    /// Whether another live node reports the change feed among its running agents. A node that was killed
    /// keeps its row, and its claim to the feed, until it is found stale: its word does not count.
    /// </summary>
    private async Task<bool> RunningElsewhereAsync()
    {
        var nodes = await runtime.Storage.Nodes.LoadAllNodesAsync(CancellationToken.None);
        var alive = clock.GetUtcNow() - cluster.Value.StaleNodeTimeout;
        return nodes.Where(node => node.LastHealthCheck > alive).SelectMany(node => node.ActiveAgents).Any(IsChangeFeed);
    }

    private static bool IsChangeFeed(Uri agent) =>
        agent.ToString().Contains(SagaChangeFeed.Name, StringComparison.OrdinalIgnoreCase);
}
