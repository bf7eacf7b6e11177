using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Marten.Events.Projections;
using Timeline.Domain;

namespace Timeline.Api.Reporters;

/// <summary>
/// Keeps each saga's <see cref="SagaEvidence"/> (interest and outcome claims) inline, in the transaction
/// of its events: saga streams are written under an exclusive lock, so a per-saga document cannot lose
/// an update, and an outcome counts the moment it is recorded.
/// </summary>
public sealed class SagaEvidenceProjection : SingleStreamProjection<SagaEvidence, string>
{
    public SagaEvidenceProjection()
    {
        IncludeType<InterestReported>();
        IncludeType<OutcomeReported>();
        IncludeType<ClaimsRetracted>();
        RebuildInLargePages(Options);
    }

    /// <summary>
    /// Rebuilds read large pages and write each document once per flush rather than once per page
    /// (measured with bench/: see the README's performance section).
    /// </summary>
    internal static void RebuildInLargePages(JasperFx.Events.Projections.AsyncOptions options)
    {
        options.BatchSize = 10_000;
        options.RebuildFlushThreshold = 10_000;
    }

    public override SagaEvidence? Evolve(SagaEvidence? snapshot, string id, IEvent e) =>
        e.Data is ISagaEvent data ? SagaEvidence.Evolve(snapshot, id, e.Version, data) : snapshot;
}

/// <summary>
/// Keeps one <see cref="SourceClaim"/> per claim event inline, in the transaction of its events. It only
/// inserts (each claim has a key of its own, so nothing can be lost to a concurrent writer) and deletes a
/// retracted report's claims; a rebuild therefore writes each claim once, by COPY. Partial so that
/// JasperFx's generator registers <see cref="SourceClaim"/> as what it publishes (a rebuild empties it first).
/// </summary>
public sealed partial class SourceClaimProjection : EventProjection
{
    public SourceClaimProjection()
    {
        IncludeType<InterestReported>();
        IncludeType<OfferReported>();
        IncludeType<PlayerStanceReported>();
        IncludeType<ClubStanceReported>();
        IncludeType<ExpectationReported>();
        IncludeType<OutcomeReported>();
        IncludeType<ClaimsRetracted>();
        SagaEvidenceProjection.RebuildInLargePages(Options);
    }

    public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        switch (e.Data)
        {
            case IClaimReported reported:
                operations.Insert(SourceClaim.Of(reported, e.Id, e.Version));
                break;
            // Appended to every saga the report touched; each deletes the report's claims in that saga.
            case ClaimsRetracted r:
                var saga = e.StreamKey!;
                operations.DeleteWhere<SourceClaim>(c => c.ReportId == r.ReportId && c.Saga == saga);
                break;
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Keeps one record per reporter or outlet: its name as last spelt. Asynchronous on purpose: one
/// reporter's reports on different sagas are recorded concurrently (each saga is locked, the reporter is
/// not), and an inline multi-stream document would then lose one of two updates; the daemon applies
/// events one batch at a time in sequence order, on one node. A record stays when its reports are
/// retracted; what it published is in its <see cref="SourceClaim"/>s, and reads show a source only while
/// one of them stands. Reads lag the writes by the daemon's poll (immediate with LISTEN/NOTIFY).
/// </summary>
public abstract class SourceProjection<TRecord> : MultiStreamProjection<TRecord, string> where TRecord : SourceRecord
{
    private readonly SourceKind _kind;
    private readonly Func<string, string, TRecord> _create;

    protected SourceProjection(string name, SourceKind kind, Func<string, string, TRecord> create)
    {
        Name = name;
        _kind = kind;
        _create = create;
        Route<InterestReported>();
        Route<OfferReported>();
        Route<PlayerStanceReported>();
        Route<ClubStanceReported>();
        Route<ExpectationReported>();
        Route<OutcomeReported>();
        SagaEvidenceProjection.RebuildInLargePages(Options);
    }

    // The explicit Evolve tells the daemon nothing about the events it needs: each type is listed.
    private void Route<TEvent>() where TEvent : IClaimReported
    {
        IncludeType<TEvent>();
        Identity<TEvent>(e => Sources.KeyOf(_kind, e.Source));
    }

    public override TRecord? Evolve(TRecord? snapshot, string id, IEvent e) => e.Data is IClaimReported reported
        ? (TRecord)(snapshot ?? _create(id, Sources.NameOf(_kind, reported.Source.Reporter, reported.Source.Outlet))).Named(reported)
        : snapshot;
}

public sealed class ReporterProjection() : SourceProjection<ReporterRecord>(
    ProjectionName, SourceKind.Reporter, (id, name) => new ReporterRecord { Id = id, Name = name })
{
    public const string ProjectionName = "reporters";
}

public sealed class OutletProjection() : SourceProjection<OutletRecord>(
    ProjectionName, SourceKind.Outlet, (id, name) => new OutletRecord { Id = id, Name = name })
{
    public const string ProjectionName = "outlets";
}
