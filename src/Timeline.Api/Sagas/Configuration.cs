using Timeline.Api.Web;
using JasperFx.Events.Projections;

namespace Timeline.Api.Sagas;

/// <summary>Sagas: each saga's current state as a document projected inline, and the caches of historical reads.</summary>
public static class Configuration
{
    public static StoreOptions ConfigureSagas(this StoreOptions options)
    {
        options.Schema.For<SagaState>()
            .Identity(x => x.Slug)
            .Index(x => x.Status)
            .Index(x => x.LastReportAt);
        options.Projections.Add<SagaProjection>(ProjectionLifecycle.Inline);
        return options;
    }

    public static IServiceCollection AddSagas(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddSagaHistory(configuration)
            .AddSagaReadCache(configuration)
            .AddTimelineContradictions(configuration)
            .AddScoped<ISagaPageHead, SagaPageHead>();
}
