namespace Timeline.Api.ChangeFeed;

/// <summary>The change feed's settings, under <c>Timeline:Live</c> with the live streams' (README, "Configuration").</summary>
public sealed class ChangeFeedOptions
{
    public const string Section = "Timeline:Live";

    /// <summary>
    /// How far back (in events) updates are kept for <c>Last-Event-ID</c>: older ones are pruned, and a
    /// client further behind gets the current state instead.
    /// </summary>
    public long ReplayWindowEvents { get; set; } = 100_000;
}
