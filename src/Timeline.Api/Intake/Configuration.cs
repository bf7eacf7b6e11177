using System.Net;
using JasperFx.Events.Projections;
using Timeline.Api.Webhooks;

namespace Timeline.Api.Intake;

/// <summary>
/// Intake: followed feeds as documents, their items as article streams projected inline into the inbox, and
/// the polls as durable scheduled messages on a local queue, fetched through the private-address guard.
/// </summary>
public static class Configuration
{
    public static StoreOptions ConfigureIntake(this StoreOptions options)
    {
        options.Schema.For<FeedSubscription>().Identity(x => x.Id).UseOptimisticConcurrency(true);
        options.Schema.For<ArticleView>().Identity(x => x.Id).Index(x => x.SortAt).Index(x => x.FeedId);
        options.Projections.Add<ArticleProjection>(ProjectionLifecycle.Inline);
        return options;
    }

    public static WolverineOptions ConfigureIntake(this WolverineOptions options)
    {
        options.LocalQueueFor<PollFeed>().UseDurableInbox();
        return options;
    }

    public static IServiceCollection AddTimelineIntake(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<FeedOptions>()
            .Configure(o => o.AllowPrivateTargets = environment.IsDevelopment())
            .Bind(configuration.GetSection(FeedOptions.Section));
        services.AddSingleton<FeedFetcher>();
        services.AddHttpClient(FeedFetcher.HttpClientName, client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Timeline/1.0 (feed reader)");
            })
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<FeedOptions>>();
                var handler = WebhookTargets.Handler(() => options.CurrentValue.AllowPrivateTargets);
                handler.AutomaticDecompression = DecompressionMethods.All;
                return handler;
            });
        return services;
    }
}
