using System.Net;
using JasperFx.Events.Projections;
using Marten;
using Timeline.Api.Webhooks;
using Wolverine;

namespace Timeline.Api.Intake;

public static class IntakeSetup
{
    /// <summary>Feeds, their poller and the articles' inbox: the documents, the projection, the durable poll queue, the guarded client.</summary>
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

        services.ConfigureMarten(options =>
        {
            options.Schema.For<FeedSubscription>().Identity(x => x.Id).UseOptimisticConcurrency(true);
            options.Schema.For<ArticleView>().Identity(x => x.Id).Index(x => x.SortAt).Index(x => x.FeedId);
            options.Projections.Add<ArticleProjection>(ProjectionLifecycle.Inline);
        });
        services.ConfigureWolverine(opts => opts.LocalQueueFor<PollFeed>().UseDurableInbox());
        return services;
    }
}
