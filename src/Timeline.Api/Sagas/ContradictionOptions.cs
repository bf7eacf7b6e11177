namespace Timeline.Api.Sagas;

/// <summary>Configuration section <c>Timeline:Contradictions</c>.</summary>
public sealed class ContradictionOptions
{
    public const string Section = "Timeline:Contradictions";

    public const int MinWindowDays = 1;

    public const int MaxWindowDays = 3650;

    /// <summary>
    /// How many days apart (by publishedAt) two claims may be and still contradict each other; further
    /// apart, the story may simply have moved on. <c>?window=</c> overrides it per request.
    /// </summary>
    public int WindowDays { get; set; } = 30;

    public static bool InRange(int days) => days is >= MinWindowDays and <= MaxWindowDays;
}

public static class ContradictionSetup
{
    public static IServiceCollection AddTimelineContradictions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ContradictionOptions>()
            .Bind(configuration.GetSection(ContradictionOptions.Section))
            .Validate(o => ContradictionOptions.InRange(o.WindowDays),
                $"{ContradictionOptions.Section}:WindowDays must be between {ContradictionOptions.MinWindowDays} and {ContradictionOptions.MaxWindowDays}.")
            .ValidateOnStart();
        return services;
    }
}
