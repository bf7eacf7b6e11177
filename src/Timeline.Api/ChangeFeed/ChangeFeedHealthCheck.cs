using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using Timeline.Api.Infrastructure;
using Wolverine.Runtime;

namespace Timeline.Api.ChangeFeed;

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
