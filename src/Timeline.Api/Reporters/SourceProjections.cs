using Marten.Events.Aggregation;
using Marten.Events.Projections;

namespace Timeline.Api.Reporters;

/// <summary>
/// Keeps one <see cref="SourceClaim"/> per claim event inline, in the transaction of its events. It only
/// inserts (each claim has a key of its own, so nothing can be lost to a concurrent writer) and deletes a
/// retracted report's claims; a rebuild therefore writes each claim once, by COPY. Partial so that
/// JasperFx's generator registers <see cref="SourceClaim"/> as what it publishes (a rebuild empties it first).
/// </summary>
public sealed partial class SourceClaimProjection : EventProjection
{
    public const string ProjectionName = "source-claims";

    public SourceClaimProjection()
    {
        Name = ProjectionName;
        IncludeType<InterestReported>();
        IncludeType<OfferReported>();
        IncludeType<PlayerStanceReported>();
        IncludeType<ClubStanceReported>();
        IncludeType<ExpectationReported>();
        IncludeType<OutcomeReported>();
        IncludeType<ClaimsRetracted>();
        Store.RebuildInLargePages(Options);
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
/// Keeps one record per reporter and per outlet: its name as last spelt. One projection for both, so that
/// a rebuild reads the events once for them. Asynchronous on purpose: one reporter's reports on different
/// sagas are recorded concurrently (each saga is locked, the reporter is not), and an inline multi-stream
/// document would then lose one of two updates; the daemon applies events one batch at a time in sequence
/// order, on one node. A record stays when its reports are retracted; what it published is in its
/// <see cref="SourceClaim"/>s, and reads show a source only while one of them stands. Reads lag the
/// writes by the daemon's poll (immediate with LISTEN/NOTIFY).
/// </summary>
public sealed class SourceProjection : MultiStreamProjection<SourceRecord, string>
{
    public const string ProjectionName = "sources";

    public SourceProjection()
    {
        Name = ProjectionName;
        Route<InterestReported>();
        Route<OfferReported>();
        Route<PlayerStanceReported>();
        Route<ClubStanceReported>();
        Route<ExpectationReported>();
        Route<OutcomeReported>();
        Store.RebuildInLargePages(Options);
    }

    // The explicit Evolve tells the daemon nothing about the events it needs: each type is listed.
    private void Route<TEvent>() where TEvent : IClaimReported
    {
        IncludeType<TEvent>();
        Identities<TEvent>(e =>
        [
            SourceRecord.KeyOf(SourceKind.Reporter, Sources.KeyOf(SourceKind.Reporter, e.Source)),
            SourceRecord.KeyOf(SourceKind.Outlet, Sources.KeyOf(SourceKind.Outlet, e.Source)),
        ]);
    }

    public override SourceRecord? Evolve(SourceRecord? snapshot, string id, IEvent e) => e.Data is IClaimReported reported
        ? (snapshot ?? SourceRecord.For(id, reported.Source)).Named(reported.Source)
        : snapshot;
}
