namespace Timeline.Api.Live;

/// <summary>Configuration section <c>Timeline:Live</c>.</summary>
public sealed class LiveOptions
{
    public const string Section = "Timeline:Live";

    /// <summary>How often an idle stream gets a comment line, so proxies and clients know it is alive.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How far back (in events) <c>Last-Event-ID</c> can resume: updates older than the latest position
    /// minus this are pruned, and a client further behind gets the current state instead.
    /// </summary>
    public long ReplayWindowEvents { get; set; } = 100_000;

    /// <summary>
    /// How many updates one stream may hold unsent. A client that falls this far behind gets only the
    /// newest state of each saga (intermediate changes are conflated away); one that is still more than
    /// this many sagas behind is disconnected and resumes with <c>Last-Event-ID</c>.
    /// </summary>
    public int SubscriberBuffer { get; set; } = 1_000;

    /// <summary>How long the feed listener waits for a notification before looking for updates anyway.</summary>
    public TimeSpan ListenTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

public static class LiveSetup
{
    public static IServiceCollection AddTimelineLive(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<LiveOptions>(configuration.GetSection(LiveOptions.Section));
        services.AddSingleton<LiveFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveFeed>());
        return services;
    }
}
