using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Timeouts;
using Timeline.Api.ChangeFeed;

namespace Timeline.Api.Live;

/// <summary>
/// <c>GET /api/sagas/{slug}/live</c> and <c>GET /api/live?saga=&amp;club=</c>: Server-Sent Events. First
/// the current state of each saga, then one <c>state</c> event per change; <c>id</c> is the feed position,
/// so a client that reconnects with <c>Last-Event-ID</c> receives every change it missed.
/// </summary>
public static class LiveStreams
{
    [WolverineGet("/api/sagas/{slug}/live", OperationId = "WatchSaga")]
    [ReadAccess]
    [DisableRequestTimeout]
    [EndpointSummary("Server-Sent Events: the saga's state, then every change")]
    [EndpointDescription("text/event-stream. The first event carries the current state; each later `state` event carries {position, saga, version, state, changed, cause}. Reconnect with Last-Event-ID (or ?lastEventId=) to receive what was missed (at most Timeline:Live:ResumeWindow updates, else the current state); a comment line every 15 s keeps idle connections open. view=summary carries each saga's summary (slug, player, currentClub, contractExpires, status, outcome, suitors, claims, lastReportAt, version) instead of its state. A client may hold Timeline:Live:MaxStreamsPerClient streams (429 past it), a node serves Timeline:Live:MaxStreams (503 past it); a client that stops reading is disconnected once Timeline:Live:SubscriberBuffer updates wait for it.")]
    [ProducesResponseType(typeof(LiveMessage), StatusCodes.Status200OK, "text/event-stream")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status429TooManyRequests, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public static async Task<IResult> Saga(string slug, long? lastEventId, string? view, IQuerySession session, CancellationToken ct)
    {
        if (!TryParseView(view, out var summary))
        {
            return ViewProblem();
        }

        if (await session.Query<SagaState>().AnyAsync(s => s.Slug == slug, ct) is false)
        {
            return Sagas.GetSaga.NotFound(slug);
        }

        return new LiveStream(new HashSet<string>(StringComparer.Ordinal) { slug }, new HashSet<string>(), lastEventId, summary);
    }

    [WolverineGet("/api/live", OperationId = "WatchSagas")]
    [ReadAccess]
    [DisableRequestTimeout]
    [EndpointSummary("Server-Sent Events for many sagas: the firehose, optionally filtered")]
    [EndpointDescription("saga (repeatable or comma-separated slugs) keeps only those sagas; club (repeatable or comma-separated) keeps sagas that involve one of the clubs. First one event per matching saga with its current state, then every change, as /api/sagas/{slug}/live (with the same view, resume and limits).")]
    [ProducesResponseType(typeof(LiveMessage), StatusCodes.Status200OK, "text/event-stream")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status429TooManyRequests, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public static IResult All(string[]? saga, string[]? club, long? lastEventId, string? view) =>
        TryParseView(view, out var summary)
            ? new LiveStream(Split(saga, StringComparer.Ordinal), Split(club, StringComparer.OrdinalIgnoreCase), lastEventId, summary)
            : ViewProblem();

    private static bool TryParseView(string? view, out bool summary)
    {
        summary = string.Equals(view, "summary", StringComparison.Ordinal);
        return summary || string.IsNullOrEmpty(view) || string.Equals(view, "state", StringComparison.Ordinal);
    }

    private static IResult ViewProblem() => Problems.Validation("view", "must be 'state' (the default) or 'summary'.");

    private static HashSet<string> Split(string[]? values, StringComparer comparer) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        .ToHashSet(comparer);

    /// <summary>The stream itself: runs until the client goes away (or falls too far behind).</summary>
    private sealed class LiveStream(HashSet<string> sagas, HashSet<string> clubs, long? lastEventId, bool summary) : IResult
    {
        /// <summary>Unsent bytes a stream lets gather before it waits for the client to take them.</summary>
        private const int FlushThreshold = 16 * 1024;

        public async Task ExecuteAsync(HttpContext http)
        {
            var services = http.RequestServices;
            var connections = services.GetRequiredService<LiveConnections>();
            switch (connections.TryOpen(Clients.Of(http), out var lease))
            {
                case LiveConnections.Refusal.ClientFull:
                    await RateLimits.TooManyAsync(
                        http, TimeSpan.FromSeconds(10), "Too many live streams",
                        "This client already holds as many live streams as one client may (Timeline:Live:MaxStreamsPerClient); close one, or follow several sagas in one stream with /api/live?saga=a,b.");
                    return;
                case LiveConnections.Refusal.NodeFull:
                    TimelineInstruments.Refused("live_streams_full");
                    http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    http.Response.Headers.RetryAfter = "10";
                    await services.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                    {
                        HttpContext = http,
                        ProblemDetails = new ProblemDetails
                        {
                            Status = StatusCodes.Status503ServiceUnavailable,
                            Title = "This node serves as many live streams as it may",
                            Detail = "Retry shortly; behind a load balancer another node may take the stream.",
                        },
                    });
                    return;
            }

            using var _ = lease;
            var feed = services.GetRequiredService<LiveFeed>();
            var options = services.GetRequiredService<IOptions<LiveOptions>>().Value;
            var clock = services.GetRequiredService<TimeProvider>();
            var subscriber = new LiveSubscriber(sagas, clubs, options.SubscriberBuffer);

            // A stream never ends by itself, so it must not hold up a shutdown: when the node stops it ends
            // cleanly and the client resumes on another node (or this one, restarted) with Last-Event-ID.
            // It also ends when its client falls too far behind, even while a write waits on that client.
            using var open = CancellationTokenSource.CreateLinkedTokenSource(
                http.RequestAborted, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping,
                subscriber.OverflowToken);
            var ct = open.Token;
            // The header is what a reconnecting EventSource sends, and newer than a query parameter in the URL it reopens.
            var resumeFrom = ParseLastEventId(http.Request.Headers["Last-Event-ID"]) ?? lastEventId;

            var position = await feed.JoinAsync(subscriber, ct);
            TimelineInstruments.LiveSubscribers.Add(1);
            try
            {
                http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
                http.Response.ContentType = "text/event-stream";
                http.Response.Headers.CacheControl = "no-cache";
                http.Response.Headers["X-Accel-Buffering"] = "no";
                var body = http.Response.BodyWriter;
                body.Write("retry: 2000\n\n"u8);

                var store = services.GetRequiredService<IDocumentStore>();
                var floor = await WriteStartAsync(http, store, subscriber, position, resumeFrom, options, clock, ct);
                while (!subscriber.Overflowed)
                {
                    var frames = await subscriber.TakeAsync(Timeout.InfiniteTimeSpan, ct);
                    if (frames.Count == 0)
                    {
                        body.Write(": heartbeat\n\n"u8);
                    }

                    // Every stream writes the frames the feed encoded once; one flush sends them together.
                    var pushed = 0;
                    foreach (var frame in frames.Where(f => f.Update.Id > floor))
                    {
                        body.Write(summary ? frame.SummaryBytes : frame.Bytes);
                        pushed++;
                    }

                    await body.FlushAsync(ct);
                    subscriber.Wrote();
                    if (pushed > 0)
                    {
                        TimelineInstruments.LivePushes.Add(pushed);
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // The client went away, the node is stopping, or the client stopped reading.
            }
            finally
            {
                feed.Leave(subscriber);
                TimelineInstruments.LiveSubscribers.Add(-1);
            }

            if (subscriber.Overflowed)
            {
                // Whatever is still queued for a client that does not read is dropped with its connection.
                http.Abort();
            }
        }

        /// <summary>
        /// Writes what the client is missing: every change after its last id when there are at most
        /// <see cref="LiveOptions.ResumeWindow"/> of them and the feed still holds them, otherwise the current
        /// state. Writes wait for the client whenever <see cref="FlushThreshold"/> bytes are unsent, so a
        /// client that does not read holds the node's memory to one pipe, not to every saga's state.
        /// Returns the position below which buffered updates are old news.
        /// </summary>
        private async Task<long> WriteStartAsync(
            HttpContext http, IDocumentStore store, LiveSubscriber subscriber, long position, long? resumeFrom,
            LiveOptions options, TimeProvider clock, CancellationToken ct)
        {
            await using var session = store.QuerySession();
            var replayWindow = http.RequestServices.GetRequiredService<IOptions<ChangeFeedOptions>>().Value.ReplayWindowEvents;
            if (resumeFrom is { } last && await ResumableAsync(session, last, position, options, replayWindow, ct))
            {
                for (var after = last; after < position;)
                {
                    var missed = await Updates(session, after, position).Take(100).ToListAsync(ct);
                    if (missed.Count == 0)
                    {
                        break;
                    }

                    foreach (var update in missed.Where(u => subscriber.Wants(u.Saga, u.State)))
                    {
                        await WriteAsync(http, LiveMessage.From(update), ct);
                        subscriber.Sent(update.Saga, update.Version);
                    }

                    after = missed[^1].Id;
                }

                await http.Response.BodyWriter.FlushAsync(ct);
                return Math.Max(last, position);
            }

            var now = clock.GetUtcNow();
            // Pages of states in slug order: the node holds one page, not every saga, whatever the client does.
            for (string? after = null; ;)
            {
                var page = await States(session, after).Take(100).ToListAsync(ct);
                foreach (var state in page.Where(s => subscriber.Wants(s.Slug, s)))
                {
                    await WriteAsync(http, LiveMessage.Current(position, SagaView.Of(state, now, now)), ct);
                    subscriber.Sent(state.Slug, state.Version);
                }

                if (page.Count < 100)
                {
                    break;
                }

                after = page[^1].Slug;
            }

            await http.Response.BodyWriter.FlushAsync(ct);
            return position;
        }

        private IQueryable<SagaState> States(IQuerySession session, string? after)
        {
            var states = session.Query<SagaState>();
            IQueryable<SagaState> query = states;
            if (sagas.Count > 0)
            {
                var slugs = sagas.ToArray();
                query = query.Where(s => slugs.Contains(s.Slug));
            }

            if (after is not null)
            {
                query = query.Where(s => s.Slug.CompareTo(after) > 0);
            }

            return query.OrderBy(s => s.Slug);
        }

        private IQueryable<SagaUpdate> Updates(IQuerySession session, long after, long upTo)
        {
            var query = session.Query<SagaUpdate>().Where(u => u.Id > after && u.Id <= upTo);
            if (sagas.Count > 0)
            {
                var slugs = sagas.ToArray();
                query = query.Where(u => slugs.Contains(u.Saga));
            }

            return query.OrderBy(u => u.Id);
        }

        /// <summary>
        /// Whether the client can be sent what it missed: the feed still holds every update after
        /// <paramref name="last"/> (pruning keeps a window of events), and there are at most
        /// <see cref="LiveOptions.ResumeWindow"/> of those this stream follows (counted by saga; a club filter
        /// is decided by each state, so the count is of every saga's updates and errs toward the current state).
        /// </summary>
        private async Task<bool> ResumableAsync(
            IQuerySession session, long last, long position, LiveOptions options, long replayWindow, CancellationToken ct)
        {
            if (last <= 0)
            {
                return false;
            }

            var latest = await session.Query<SagaUpdate>().OrderByDescending(u => u.Id).Select(u => u.Id).FirstOrDefaultAsync(ct);
            if (last < latest - replayWindow)
            {
                return false;
            }

            var missed = await Updates(session, last, position).Select(u => u.Id).Take(options.ResumeWindow + 1).ToListAsync(ct);
            return missed.Count <= options.ResumeWindow;
        }

        /// <summary>Writes one frame of this stream's own (its first state, or a replayed change), waiting for the client past the threshold.</summary>
        private async ValueTask WriteAsync(HttpContext http, LiveMessage message, CancellationToken ct)
        {
            var body = http.Response.BodyWriter;
            body.Write(LiveFrame.Encode(message, summary));
            TimelineInstruments.LivePushes.Add(1);
            if (body.UnflushedBytes >= FlushThreshold)
            {
                await body.FlushAsync(ct);
            }
        }

        private static long? ParseLastEventId(string? value) =>
            long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }
}
