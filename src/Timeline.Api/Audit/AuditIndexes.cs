using System.Data.Common;
using Marten.Events;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using DbCommandBuilder = Weasel.Core.DbCommandBuilder;

namespace Timeline.Api.Audit;

/// <summary>
/// Indexes on Marten's event table for the audit trail's filters, each ending in the global sequence
/// so that a filtered page is read in keyset order from the index rather than found by scanning.
/// They are part of the schema Marten migrates (at start, or ahead of a release with <c>db-apply</c>),
/// and Marten's own migration of the event table is told to leave them alone.
/// </summary>
public static class AuditIndexes
{
    private static readonly (string Name, string Columns)[] Definitions =
    [
        ("timeline_events_stream_seq", "(stream_id, seq_id)"),
        ("timeline_events_reporter_seq", "((data -> 'source' ->> 'reporter'), seq_id)"),
        ("timeline_events_outlet_seq", "((data -> 'source' ->> 'outlet'), seq_id)"),
        ("timeline_events_recorded_by_seq", "(user_name, seq_id)"),
        ("timeline_events_recorded_at", "(timestamp)"),
    ];

    public static IEnumerable<string> Names => Definitions.Select(d => d.Name);

    /// <summary>The indexes as a schema feature that Marten applies after its event store tables.</summary>
    public static IFeatureSchema Feature(StoreOptions options) => new IndexFeature(options);

    private sealed class IndexFeature(StoreOptions options) : IFeatureSchema
    {
        public ISchemaObject[] Objects { get; } =
            [.. Definitions.Select(d => new EventTableIndex(options.DatabaseSchemaName, d.Name, d.Columns))];

        public Type StorageType => typeof(AuditIndexes);

        public string Identifier => "timeline-audit-indexes";

        public Migrator Migrator => options.Advanced.Migrator;

        public IEnumerable<Type> DependentTypes()
        {
            yield return typeof(EventGraph);
        }

        public void WritePermissions(Migrator rules, TextWriter writer)
        {
        }
    }

    /// <summary>One index on <c>mt_events</c>, created when missing.</summary>
    private sealed class EventTableIndex(string schema, string name, string columns) : ISchemaObject
    {
        public DbObjectName Identifier { get; } = new PostgresqlObjectName(schema, name, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General);

        public IEnumerable<DbObjectName> AllNames()
        {
            yield return Identifier;
        }

        public void WriteCreateStatement(Migrator migrator, TextWriter writer) =>
            writer.WriteLine($"create index if not exists {name} on {schema}.mt_events {columns};");

        public void WriteDropStatement(Migrator rules, TextWriter writer) =>
            writer.WriteLine($"drop index if exists {schema}.{name};");

        public void ConfigureQueryCommand(DbCommandBuilder builder) =>
            builder.Append($"select count(*) from pg_indexes where schemaname = '{schema}' and indexname = '{name}';");

        public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct) =>
            await reader.ReadAsync(ct) && await reader.GetFieldValueAsync<long>(0, ct) > 0
                ? new SchemaObjectDelta(this, SchemaPatchDifference.None)
                : new SchemaObjectDelta(this, SchemaPatchDifference.Create);
    }
}
