using JasperFx.Events.Projections;

namespace Timeline.Api.Reporters;

/// <summary>Credibility: per-claim documents inline, per-source names in the daemon (<see cref="SourceProjection"/> says why).</summary>
public static class Configuration
{
    public static StoreOptions ConfigureReporters(this StoreOptions options)
    {
        options.Schema.For<SourceClaim>()
            .Identity(x => x.Id)
            .Index(x => x.ReporterSlug)
            .Index(x => x.OutletSlug)
            .Index(x => x.Saga);
        options.Projections.Add<SourceClaimProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<SourceRecord>().Identity(x => x.Id);
        options.Projections.Add<SourceProjection>(ProjectionLifecycle.Async);
        return options;
    }
}
