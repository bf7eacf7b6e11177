using JasperFx.Events.Projections;

namespace Timeline.Api.Keys;

/// <summary>
/// Keys issued through the API: their streams projected inline into one document per key, their last uses, and the
/// per-node copy of the keys in force that the authentication handler reads (<see cref="IIssuedKeys"/>).
/// </summary>
public static class Configuration
{
    public static StoreOptions ConfigureKeys(this StoreOptions options)
    {
        options.Schema.For<IssuedKeyView>().Identity(x => x.Id);
        options.Schema.For<KeyUse>().Identity(x => x.Id);
        options.Projections.Add<IssuedKeyProjection>(ProjectionLifecycle.Inline);
        return options;
    }

    public static IServiceCollection AddTimelineKeys(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<KeyOptions>(configuration.GetSection(KeyOptions.Section));
        services.AddSingleton<IssuedKeys>();
        services.AddSingleton<IIssuedKeys>(sp => sp.GetRequiredService<IssuedKeys>());
        services.AddHostedService(sp => sp.GetRequiredService<IssuedKeys>());
        return services;
    }
}
