namespace Timeline.Api.Reports;

/// <summary>Reports: the group commit that records the reports sent at the same time in one transaction.</summary>
public static class Configuration
{
    public static IServiceCollection AddReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<GroupCommitOptions>(configuration.GetSection(GroupCommitOptions.Section));
        services.AddSingleton<GroupCommit>();
        services.AddHostedService(sp => sp.GetRequiredService<GroupCommit>());
        return services;
    }
}
