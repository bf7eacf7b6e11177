namespace Timeline.Api.Live;

/// <summary>Configuration section <c>Timeline:Live</c>.</summary>
public sealed class LiveOptions
{
    public const string Section = "Timeline:Live";

    /// <summary>How often an idle stream gets a comment line, so proxies and clients know it is alive.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The most updates a resuming stream is sent: a client that missed more of those it follows gets the
    /// current state instead (a client that was away for a deadline day wants where things stand, and a
    /// replay of thousands of states would cost the node what a thousand readers do).
    /// </summary>
    public int ResumeWindow { get; set; } = 1_000;

    /// <summary>Streams one node serves at once; past it a new stream is answered 503 with Retry-After.</summary>
    public int MaxStreams { get; set; } = 10_000;

    /// <summary>Streams one client address may hold open on a node; past it 429 with Retry-After.</summary>
    public int MaxStreamsPerClient { get; set; } = 20;

    /// <summary>
    /// How many updates one stream may hold unsent. A client that falls this far behind gets only the
    /// newest state of each saga (intermediate changes are conflated away); one that is still more than
    /// this many sagas behind is disconnected and resumes with <c>Last-Event-ID</c>.
    /// </summary>
    public int SubscriberBuffer { get; set; } = 1_000;

    /// <summary>How long the feed listener waits for a notification before looking for updates anyway.</summary>
    public TimeSpan ListenTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
