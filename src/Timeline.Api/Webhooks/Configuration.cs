using Timeline.Api.ChangeFeed;

namespace Timeline.Api.Webhooks;

/// <summary>
/// Webhooks: subscriptions and their deliveries as documents, deliveries queued by the change feed in its
/// transaction (<see cref="WebhookFanOut"/>) and sent from a durable local queue.
/// </summary>
public static class Configuration
{
    public static StoreOptions ConfigureWebhooks(this StoreOptions options)
    {
        options.Schema.For<WebhookSubscription>().Identity(x => x.Id);
        options.Schema.For<WebhookDelivery>()
            .Identity(x => x.Id)
            .Index(x => x.SubscriptionId)
            .Index(x => x.Position);
        return options;
    }

    public static WolverineOptions ConfigureWebhooks(this WolverineOptions options)
    {
        options.LocalQueueFor<DeliverWebhooks>().UseDurableInbox();
        return options;
    }

    public static IServiceCollection AddTimelineWebhooks(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<WebhookOptions>()
            .Configure(o => o.AllowPrivateTargets = environment.IsDevelopment())
            .Bind(configuration.GetSection(WebhookOptions.Section));
        services.AddHttpClient(DeliverWebhooksHandler.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<WebhookOptions>>();
                return WebhookTargets.Handler(() => options.CurrentValue.AllowPrivateTargets);
            })
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<ISagaUpdateConsumer, WebhookFanOut>();
        return services;
    }
}
