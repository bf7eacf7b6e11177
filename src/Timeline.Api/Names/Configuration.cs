using Timeline.Domain.Names;

namespace Timeline.Api.Names;

/// <summary>Names recorded so far, by skeleton, so a lookalike of one is refused (<see cref="KnownNames"/>).</summary>
public static class Configuration
{
    public static StoreOptions ConfigureNames(this StoreOptions options)
    {
        options.Schema.For<KnownName>().Identity(x => x.Id);
        return options;
    }

    public static IServiceCollection AddTimelineNames(this IServiceCollection services)
    {
        services.AddHostedService<KnownNamesBackfill>();
        return services;
    }
}
