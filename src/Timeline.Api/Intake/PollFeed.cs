using System.Diagnostics;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace Timeline.Api.Intake;

/// <summary>
/// A feed's poll that is due. It is a durable scheduled message in PostgreSQL: whichever node claims it
/// polls (exactly one, however many run), and when a node dies its claimed messages are recovered by
/// another. <see cref="Token"/> must be the feed's <see cref="FeedSubscription.PollToken"/>, else the poll
/// was superseded and does nothing.
/// </summary>
public sealed record PollFeed(Guid FeedId, Guid Token);

/// <summary>
/// Polls a feed: fetches it (<see cref="FeedFetcher"/>), stores each item not seen before as an
/// <see cref="ArticleReceived"/> stream of its own, records how the poll went, and schedules the next one,
/// all in one transaction with the outbox. A failing feed backs off exponentially; nothing a feed or its
/// server does can stop the poller or leave half an article.
/// </summary>
public static class PollFeedHandler
{
    public static void Configure(HandlerChain chain)
    {
        // Two polls of one feed raced to start the same article: the next attempt sees it stored.
        chain.OnException<Marten.Exceptions.ExistingStreamIdCollisionException>().RetryTimes(3);
        chain.OnException<JasperFx.Events.ExistingStreamIdCollisionException>().RetryTimes(3);
        // The feed changed under the poll (deleted, or polled now): the poll that superseded this one carries on.
        chain.OnException<JasperFx.ConcurrencyException>().Discard();
    }

    public static async Task<OutgoingMessages> Handle(
        PollFeed message, IDocumentSession session, FeedFetcher fetcher, IOptions<FeedOptions> options, TimeProvider clock,
        CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        var feed = await session.LoadAsync<FeedSubscription>(message.FeedId, ct);
        if (feed is null || feed.PollToken != message.Token)
        {
            return messages;
        }

        using var span = TimelineInstruments.Source.StartActivity("poll feed", ActivityKind.Client);
        span?.SetTag("timeline.feed.id", feed.Id);
        span?.SetTag("url.full", feed.Url);

        var fetched = await fetcher.FetchAsync(feed.Url, feed.ETag, feed.LastModified, ct);
        var now = clock.GetUtcNow();
        span?.SetTag("http.response.status_code", fetched.StatusCode);
        var (entries, parseError) = fetched.Outcome == FetchOutcome.Fetched ? FeedItems.Parse(fetched.Body!) : (null, null);

        string outcome;
        var received = 0;
        if (fetched.Outcome == FetchOutcome.Failed || parseError is not null)
        {
            outcome = "failed";
            var error = fetched.Error ?? parseError!;
            var failures = feed.ConsecutiveFailures + 1;
            feed = feed with
            {
                Status = FeedStatus.Failing,
                LastPolledAt = now,
                LastStatusCode = fetched.StatusCode,
                LastError = error,
                ConsecutiveFailures = failures,
                NextPollAt = now + BackOff(feed.Interval, failures, fetched.RetryAfter, options.Value),
            };
            span?.SetStatus(ActivityStatusCode.Error, error);
        }
        else
        {
            if (entries is not null)
            {
                received = await StoreNewAsync(session, feed, entries.Take(options.Value.MaxItemsPerPoll).ToList(), now, ct);
            }

            outcome = fetched.Outcome == FetchOutcome.NotModified ? "not-modified" : received > 0 ? "new-articles" : "unchanged";
            feed = feed with
            {
                Status = FeedStatus.Ok,
                LastPolledAt = now,
                LastStatusCode = fetched.StatusCode,
                LastError = null,
                ConsecutiveFailures = 0,
                ETag = fetched.ETag ?? (fetched.Outcome == FetchOutcome.NotModified ? feed.ETag : null),
                LastModified = fetched.LastModified ?? (fetched.Outcome == FetchOutcome.NotModified ? feed.LastModified : null),
                ArticlesReceived = feed.ArticlesReceived + received,
                NextPollAt = now + Wait(feed.Interval, fetched.MaxAge, options.Value),
            };
        }

        feed = feed with { PollToken = Guid.CreateVersion7(now) };
        session.Store(feed);
        messages.Add(new PollFeed(feed.Id, feed.PollToken).ScheduledAt(feed.NextPollAt!.Value));

        span?.SetTag("timeline.feed.outcome", outcome);
        span?.SetTag("timeline.feed.items", entries?.Count ?? 0);
        span?.SetTag("timeline.feed.new_articles", received);
        TimelineInstruments.FeedPolls.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        TimelineInstruments.ArticlesReceived.Add(received);
        return messages;
    }

    /// <summary>Starts a stream for each entry not stored before, oldest first, so the inbox's order is the feed's.</summary>
    private static async Task<int> StoreNewAsync(
        IDocumentSession session, FeedSubscription feed, IReadOnlyList<FeedEntry> entries, DateTimeOffset now, CancellationToken ct)
    {
        var byId = entries
            .Select((entry, position) => (Id: ArticleStreams.IdOf(feed.Id, entry.Identity), Entry: entry, Position: position))
            .DistinctBy(x => x.Id)
            .ToList();
        var keys = byId.Select(x => ArticleStreams.Key(x.Id)).ToArray();
        var stored = (await session.Query<ArticleView>().Where(a => a.Id.IsOneOf(keys)).Select(a => a.ArticleId).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        var fresh = byId.Where(x => !stored.Contains(x.Id))
            .OrderBy(x => x.Entry.Published ?? DateTimeOffset.MaxValue)
            .ThenByDescending(x => x.Position)
            .ToList();
        foreach (var (id, entry, _) in fresh)
        {
            session.Events.StartStream(ArticleStreams.Key(id), new ArticleReceived(
                id, feed.Id, feed.Outlet, feed.Reporter, entry.ItemGuid, entry.Link, entry.Title, entry.Published, entry.Text, now));
        }

        return fresh.Count;
    }

    /// <summary>The feed's interval, or longer when the outlet's <c>Cache-Control: max-age</c> says its answer stays fresh longer.</summary>
    public static TimeSpan Wait(TimeSpan interval, TimeSpan? maxAge, FeedOptions options) =>
        Min(Max(interval, maxAge ?? TimeSpan.Zero), options.MaxInterval);

    /// <summary>After the n-th failure in a row: the interval doubled n-1 times, at least what <c>Retry-After</c> asked, at most the longest interval.</summary>
    public static TimeSpan BackOff(TimeSpan interval, int failures, TimeSpan? retryAfter, FeedOptions options)
    {
        var doubled = interval.TotalSeconds * Math.Pow(2, Math.Min(failures - 1, 20));
        return Min(Max(TimeSpan.FromSeconds(Math.Min(doubled, options.MaxInterval.TotalSeconds)), retryAfter ?? TimeSpan.Zero), options.MaxInterval);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
