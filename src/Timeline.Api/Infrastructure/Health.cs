using Microsoft.Extensions.Diagnostics.HealthChecks;

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
/// The change feed moves by its lease (ChangeFeed/ChangeFeedLease): at once when the holder's
/// session ends, after <see cref="Lease"/> when it stays open but silent. Wolverine's own work (webhook
/// deliveries a dead node had queued, scheduled messages) moves by heartbeats: each node writes one every
/// <see cref="HeartbeatInterval"/>, and a node silent for <see cref="StaleNodeTimeout"/> is taken for dead.
/// Shorter moves work sooner after a crash, but a node stalled that long (a long pause, a saturated database)
/// is also taken for dead and loses its work to another.
/// </summary>
public sealed class ClusterOptions
{
    public const string Section = "Timeline:Cluster";

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan StaleNodeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the change feed's holder proves its lease, and every other node tries to take it.</summary>
    public TimeSpan LeaseInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the holder's lease session may stay silent before another node ends it and takes over.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(10);
}

public static class Health
{
    /// <summary>The tag of the checks <c>/health/ready</c> runs.</summary>
    public const string Ready = "ready";

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
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [Ready]);
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
