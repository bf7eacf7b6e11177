using JasperFx.Events;
using JasperFx.Events.Grouping;
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
/// Builds one record per reporter or outlet from the claim events of every saga. Asynchronous on
/// purpose: one reporter's reports on different sagas are recorded concurrently (each saga is locked,
/// the reporter is not), and an inline multi-stream document would then lose one of two updates; the
/// daemon applies events one batch at a time in sequence order, on one node. Reads lag the writes by
/// the daemon's poll (immediate with LISTEN/NOTIFY).
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
        IncludeType<ClaimsRetracted>();
        CustomGrouping(GroupRetractionsAsync);
        SagaEvidenceProjection.RebuildInLargePages(Options);
    }

    // The explicit Evolve tells the daemon nothing about the events it needs: each type is listed.
    private void Route<TEvent>() where TEvent : IClaimReported
    {
        IncludeType<TEvent>();
        Identity<TEvent>(e => Sources.KeyOf(_kind, e.Source));
    }

    /// <summary>
    /// A retraction names only the report: whose report it was is in the report's own stream, which was
    /// committed before the retraction could be.
    /// </summary>
    private async Task GroupRetractionsAsync(IQuerySession session, IReadOnlyList<IEvent> events, IEventGrouping<string> grouping)
    {
        var retractions = events.Where(e => e.Data is ClaimsRetracted).ToList();
        if (retractions.Count == 0)
        {
            return;
        }

        var ids = retractions.Select(e => ((ClaimsRetracted)e.Data).ReportId).Distinct().ToArray();
        var reports = await session.Events.QueryRawEventDataOnly<ReportRecorded>()
            .Where(r => ids.Contains(r.ReportId))
            .ToListAsync();
        var owners = reports
            .GroupBy(r => r.ReportId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Sources.KeyOf(_kind, g.First().Reporter, g.First().Outlet), StringComparer.Ordinal);
        foreach (var e in retractions)
        {
            if (owners.TryGetValue(((ClaimsRetracted)e.Data).ReportId, out var owner))
            {
                grouping.AddEvent(owner, e);
            }
        }
    }

    public override TRecord? Evolve(TRecord? snapshot, string id, IEvent e) => e.Data switch
    {
        IClaimReported reported => (TRecord)(snapshot ?? _create(id, Sources.NameOf(_kind, reported.Source.Reporter, reported.Source.Outlet)))
            .With(reported, e.Version),
        // A source whose every report was retracted has no record left.
        ClaimsRetracted r when snapshot is not null => snapshot.Without(r.ReportId) is { Reports.Count: > 0 } rest ? (TRecord)rest : null,
        _ => snapshot,
    };
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
