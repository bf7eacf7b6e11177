using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Timeline.Api.ChangeFeed;

/// <summary>
/// Whether the change feed (a Marten subscription run by the node holding <see cref="ChangeFeedLease"/>) keeps up
/// with the store: unhealthy when the oldest event it has not read is older than
/// <see cref="HealthOptions.MaxChangeFeedLag"/>, degraded while no node holds the lease.
/// </summary>
public sealed class ChangeFeedHealthCheck(
    NpgsqlDataSource database, ChangeFeedLease lease, IOptions<HealthOptions> options, TimeProvider clock) : IHealthCheck
{
    private static readonly string Sql = $"""
        with feed as (
            select coalesce((select last_seq_id from {Store.Schema}.mt_event_progression where name = @progression), 0) as position),
        holder as ({ChangeFeedLease.HolderSql})
        select feed.position,
               coalesce((select max(seq_id) from {Store.Schema}.mt_events), 0),
               (select e.timestamp from {Store.Schema}.mt_events e where e.seq_id > feed.position order by e.seq_id limit 1),
               (select application_name from holder)
        from feed
        """;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        try
        {
            await using var command = database.CreateCommand(Sql);
            command.CommandTimeout = Health.CommandTimeoutSeconds;
            command.Parameters.AddWithValue("progression", $"{SagaChangeFeed.Name}:All");
            // Bounded by the command timeout, not the probe's token (see Health.CommandTimeoutSeconds).
            await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
            await reader.ReadAsync(CancellationToken.None);
            var position = reader.GetInt64(0);
            var head = reader.GetInt64(1);
            DateTimeOffset? oldestUnread = reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2);
            var holder = reader.IsDBNull(3) ? null : reader.GetString(3);
            var result = Assess(position, head, oldestUnread, holder is not null, clock.GetUtcNow(), options.Value.MaxChangeFeedLag);
            return new HealthCheckResult(result.Status, result.Description, result.Exception,
                new Dictionary<string, object>(result.Data) { ["onThisNode"] = lease.Holds, ["holder"] = holder ?? "" });
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
            : HealthCheckResult.Degraded("No node holds the change feed's lease yet; one takes it within a second of starting.", data: data);
    }
}
