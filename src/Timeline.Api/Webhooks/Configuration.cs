using Timeline.Api.ChangeFeed;

namespace Timeline.Api.Webhooks;

/// <summary>
/// Webhooks: subscriptions and their deliveries as documents, deliveries queued by the change feed in its
/// transaction (<see cref="WebhookFanOut"/>) and sent from a durable local queue.
/// </summary>
public static class Configuration
{
    /// <summary>How many subscriptions may be delivering at once on one node.</summary>
    public const int DeliveryParallelism = 16;

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
        // Each subscription drains on its own (one at a time by its advisory lock), and an attempt on a receiver
        // that never answers holds its slot for the whole timeout: enough slots that a few such receivers leave
        // room for every other subscription, whatever the core count.
        options.LocalQueueFor<DeliverWebhooks>().UseDurableInbox().MaximumParallelMessages(DeliveryParallelism);
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
