namespace Timeline.Api.Intake;

/// <summary>Configuration section <c>Timeline:Feeds</c>: how followed feeds are fetched.</summary>
public sealed class FeedOptions
{
    public const string Section = "Timeline:Feeds";

    /// <summary>Allow feeds on loopback, private and other non-public addresses (the webhooks' guard); on in Development only.</summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>How often a feed is polled unless its follower asks otherwise.</summary>
    public TimeSpan DefaultInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The shortest interval a feed may be given: outlets are not to be hammered.</summary>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest wait between polls, also of a failing feed's back-off and of an outlet's max-age or Retry-After.</summary>
    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How long one fetch (all its redirects included) may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest feed body read; a larger one is a failed poll.</summary>
    public long MaxBodyBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Redirects followed before a poll fails.</summary>
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Items taken from one poll, newest first; a feed's older items beyond this are left alone.</summary>
    public int MaxItemsPerPoll { get; set; } = 200;
}
