using Marten;
using Marten.Schema;
using Npgsql;
using Timeline.Api.Infrastructure;

namespace Timeline.Api.Audit;

/// <summary>
/// Indexes on Marten's event table for the audit trail's filters, each ending in the global sequence
/// so a filtered page is read in keyset order from the index rather than found by scanning. Marten
/// is told to leave them alone (<see cref="Names"/>); they are created at start, concurrently, so a
/// large existing table keeps taking writes meanwhile.
/// </summary>
public sealed class AuditIndexes(NpgsqlDataSource database) : IInitialData
{
    private static readonly (string Name, string Expression)[] Indexes =
    [
        ("timeline_events_stream_seq", "(stream_id, seq_id)"),
        ("timeline_events_reporter_seq", "((data -> 'source' ->> 'reporter'), seq_id)"),
        ("timeline_events_outlet_seq", "((data -> 'source' ->> 'outlet'), seq_id)"),
        ("timeline_events_recorded_by_seq", "(user_name, seq_id)"),
        ("timeline_events_recorded_at", "(timestamp)"),
    ];

    public static IEnumerable<string> Names => Indexes.Select(i => i.Name);

    public async Task Populate(IDocumentStore store, CancellationToken cancellation)
    {
        foreach (var (name, expression) in Indexes)
        {
            try
            {
                await using var command = database.CreateCommand(
                    $"create index concurrently if not exists {name} on {Store.Schema}.mt_events {expression}");
                await command.ExecuteNonQueryAsync(cancellation);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.UniqueViolation)
            {
                // Another node created it at the same moment.
            }
        }
    }
}
