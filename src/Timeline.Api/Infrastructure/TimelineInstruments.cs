using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Timeline.Api.Infrastructure;

/// <summary>Timeline's own spans and metrics, exported with ASP.NET Core's, Npgsql's, Marten's and Wolverine's.</summary>
public static class TimelineInstruments
{
    public const string Name = "Timeline";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> ReportsRecorded =
        Meter.CreateCounter<long>("timeline.reports.recorded", "{report}", "Reports recorded; repeats are not counted.");

    public static readonly Counter<long> ClaimsRecorded =
        Meter.CreateCounter<long>("timeline.claims.recorded", "{claim}", "Claims recorded, by claim.type.");

    public static readonly Counter<long> ReportsRefused =
        Meter.CreateCounter<long>("timeline.reports.refused", "{report}", "Writes refused, by reason: invalid, conflict, unauthorized.");

    public static readonly Histogram<long> ReportCommitSize = Meter.CreateHistogram<long>(
        "timeline.reports.commit.size", "{report}", "Reports of POST /api/reports tried in one transaction (group commit), by outcome: saved, failed (then saved one by one).");

    public static readonly Histogram<double> HistoricalReadDuration = Meter.CreateHistogram<double>(
        "timeline.saga.historical_read.duration", "s", "Time to fold a saga as of a date or as known at a date.");

    public static readonly Counter<long> SagaUpdatesPublished = Meter.CreateCounter<long>(
        "timeline.live.updates.published", "{update}", "Saga state changes published by the change feed.");

    public static readonly UpDownCounter<long> LiveSubscribers = Meter.CreateUpDownCounter<long>(
        "timeline.live.subscribers", "{subscriber}", "Server-Sent Events streams open on this node.");

    public static readonly Counter<long> LivePushes = Meter.CreateCounter<long>(
        "timeline.live.pushes", "{event}", "State events written to Server-Sent Events streams.");

    public static readonly Counter<long> WebhookDeliveries = Meter.CreateCounter<long>(
        "timeline.webhooks.deliveries", "{attempt}", "Webhook delivery attempts, by outcome: delivered, failed, rejected.");

    public static readonly Histogram<double> ChangeFeedLag = Meter.CreateHistogram<double>(
        "timeline.live.feed.lag", "s", "From an event's commit to its saga update being published.");

    public static readonly Counter<long> FeedPolls = Meter.CreateCounter<long>(
        "timeline.feeds.polls", "{poll}", "Feed polls, by outcome: new-articles, unchanged, not-modified, failed.");

    public static readonly Counter<long> ArticlesReceived = Meter.CreateCounter<long>(
        "timeline.articles.received", "{article}", "Feed items stored as new articles.");

    /// <summary>The header under which events keep the W3C trace context of the request that recorded them.</summary>
    public const string TraceParentHeader = "traceparent";

    /// <summary>Keeps the current trace on the events the session saves, so the change feed and its pushes join it.</summary>
    public static void StampTrace(Marten.IDocumentSession session)
    {
        if (Activity.Current is { } current)
        {
            session.SetHeader(TraceParentHeader, current.Id!);
        }
    }

    /// <summary>Starts a span that continues the trace an event or update carries, or a new one.</summary>
    public static Activity? StartFrom(string name, string? traceParent, ActivityKind kind = ActivityKind.Internal) =>
        ActivityContext.TryParse(traceParent, null, out var parent)
            ? Source.StartActivity(name, kind, parent)
            : Source.StartActivity(name, kind);

    public static void Refused(string reason) =>
        ReportsRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
