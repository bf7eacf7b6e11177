using JasperFx.Events.Daemon;
using Wolverine.Marten;

namespace Timeline.Api.ChangeFeed;

/// <summary>
/// The change feed (README, "How changes flow"): a Marten subscription run on the node holding its lease, storing each saga update
/// and handing it to what plugs in (<see cref="ISagaUpdateConsumer"/>), with its health on <c>/health/ready</c>.
/// </summary>
public static class Configuration
{
    public static StoreOptions ConfigureChangeFeed(this StoreOptions options)
    {
        // Wake the change feed as soon as events are committed rather than at the next poll.
        options.Events.UseListenNotifyForEventAppends = true;
        // The asynchronous shards run where ChangeFeedLease starts them, not under a coordinator of Marten's.
        options.Projections.AsyncMode = DaemonMode.ExternallyManaged;
        options.Schema.For<SagaUpdate>().Identity(x => x.Id).Index(x => x.Saga);
        return options;
    }

    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddChangeFeed(
        this MartenServiceCollectionExtensions.MartenConfigurationExpression marten) =>
        marten.SubscribeToEventsWithServices<SagaChangeFeed>(ServiceLifetime.Singleton);

    public static IServiceCollection AddChangeFeed(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ChangeFeedOptions>(configuration.GetSection(ChangeFeedOptions.Section));
        services.AddSingleton<ChangeFeedLease>();
        services.AddHostedService(sp => sp.GetRequiredService<ChangeFeedLease>());
        services.AddHealthChecks().AddCheck<ChangeFeedHealthCheck>("change-feed", tags: [Health.Ready]);
        return services;
    }
}
