namespace Timeline.Api.Demo;

/// <summary>The demo data, loaded at start when <c>Timeline:SeedDemoData</c> is on (Development).</summary>
public static class Configuration
{
    public static IServiceCollection AddDemoData(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetValue<bool>("Timeline:SeedDemoData"))
        {
            services.AddHostedService<DemoSeedOnStartup>();
        }

        return services;
    }
}
