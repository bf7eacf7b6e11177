namespace Timeline.Api.Live;

/// <summary>Live updates: Server-Sent Events streams fed by every node's <see cref="LiveFeed"/> from the change feed.</summary>
public static class Configuration
{
    public static IServiceCollection AddTimelineLive(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<LiveOptions>(configuration.GetSection(LiveOptions.Section));
        services.AddSingleton<LiveFeed>();
        services.AddSingleton<LiveConnections>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveFeed>());
        return services;
    }
}
