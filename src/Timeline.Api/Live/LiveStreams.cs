using System.Buffers;
using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Timeline.Api.Infrastructure;
using Timeline.Domain;
using Wolverine.Http;

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
    [EndpointSummary("Server-Sent Events: the saga's state, then every change")]
    [EndpointDescription("text/event-stream. The first event carries the current state; each later `state` event carries {position, saga, version, state, changed, cause}. Reconnect with Last-Event-ID (or ?lastEventId=) to receive what was missed; a comment line every 15 s keeps idle connections open.")]
    [ProducesResponseType(typeof(LiveMessage), StatusCodes.Status200OK, "text/event-stream")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Saga(string slug, long? lastEventId, HttpContext http, IQuerySession session, CancellationToken ct)
    {
        if (await session.Query<SagaState>().AnyAsync(s => s.Slug == slug, ct) is false)
        {
            return Sagas.GetSaga.NotFound(slug);
        }

        return new LiveStream(new HashSet<string>(StringComparer.Ordinal) { slug }, new HashSet<string>(), lastEventId);
    }

    [WolverineGet("/api/live", OperationId = "WatchSagas")]
    [ReadAccess]
    [EndpointSummary("Server-Sent Events for many sagas: the firehose, optionally filtered")]
    [EndpointDescription("saga (repeatable or comma-separated slugs) keeps only those sagas; club (repeatable or comma-separated) keeps sagas that involve one of the clubs. First one event per matching saga with its current state, then every change, as /api/sagas/{slug}/live.")]
    [ProducesResponseType(typeof(LiveMessage), StatusCodes.Status200OK, "text/event-stream")]
    public static IResult All(string[]? saga, string[]? club, long? lastEventId) =>
        new LiveStream(Split(saga, StringComparer.Ordinal), Split(club, StringComparer.OrdinalIgnoreCase), lastEventId);

    private static HashSet<string> Split(string[]? values, StringComparer comparer) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        .ToHashSet(comparer);

    /// <summary>The stream itself: runs until the client goes away (or falls too far behind).</summary>
    private sealed class LiveStream(HashSet<string> sagas, HashSet<string> clubs, long? lastEventId) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            var services = http.RequestServices;
            var feed = services.GetRequiredService<LiveFeed>();
            var options = services.GetRequiredService<IOptions<LiveOptions>>().Value;
            var clock = services.GetRequiredService<TimeProvider>();

            // A stream never ends by itself, so it must not hold up a shutdown: when the node stops it ends
            // cleanly and the client resumes on another node (or this one, restarted) with Last-Event-ID.
            using var open = CancellationTokenSource.CreateLinkedTokenSource(
                http.RequestAborted, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
            var ct = open.Token;
            var resumeFrom = lastEventId ?? ParseLastEventId(http.Request.Headers["Last-Event-ID"]);

            var subscriber = new LiveSubscriber(sagas, clubs, options.SubscriberBuffer);
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
                    var frames = await subscriber.TakeAsync(options.Heartbeat, ct);
                    if (frames.Count == 0)
                    {
                        body.Write(": heartbeat\n\n"u8);
                    }

                    // Every stream writes the frames the feed encoded once; one flush sends them together.
                    var pushed = 0;
                    foreach (var frame in frames.Where(f => f.Update.Id > floor))
                    {
                        body.Write(frame.Bytes);
                        pushed++;
                    }

                    await body.FlushAsync(ct);
                    if (pushed > 0)
                    {
                        TimelineInstruments.LivePushes.Add(pushed);
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // The client went away, or the node is stopping: nothing more to send.
            }
            finally
            {
                feed.Leave(subscriber);
                TimelineInstruments.LiveSubscribers.Add(-1);
            }
        }

        /// <summary>
        /// Writes what the client is missing: every change after its last id when the feed still holds
        /// them, otherwise the current state. Returns the position below which buffered updates are old news.
        /// </summary>
        private async Task<long> WriteStartAsync(
            HttpContext http, IDocumentStore store, LiveSubscriber subscriber, long position, long? resumeFrom,
            LiveOptions options, TimeProvider clock, CancellationToken ct)
        {
            await using var session = store.QuerySession();
            if (resumeFrom is { } last && await ResumableAsync(session, last, options, ct))
            {
                for (var after = last; after < position;)
                {
                    var missed = await Updates(session, after, position).Take(500).ToListAsync(ct);
                    if (missed.Count == 0)
                    {
                        break;
                    }

                    foreach (var update in missed.Where(u => subscriber.Wants(u.Saga, u.State)))
                    {
                        Write(http, LiveMessage.From(update));
                        subscriber.Sent(update.Saga, update.Version);
                    }

                    after = missed[^1].Id;
                    await http.Response.BodyWriter.FlushAsync(ct);
                }

                await http.Response.BodyWriter.FlushAsync(ct);
                return Math.Max(last, position);
            }

            var now = clock.GetUtcNow();
            IQueryable<SagaState> states = session.Query<SagaState>();
            if (sagas.Count > 0)
            {
                var slugs = sagas.ToArray();
                states = states.Where(s => slugs.Contains(s.Slug));
            }

            foreach (var state in (await states.ToListAsync(ct)).Where(s => subscriber.Wants(s.Slug, s)).OrderBy(s => s.Slug, StringComparer.Ordinal))
            {
                Write(http, LiveMessage.Current(position, state with { AsOf = now, KnownAt = now }));
                subscriber.Sent(state.Slug, state.Version);
            }

            await http.Response.BodyWriter.FlushAsync(ct);
            return position;
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

        /// <summary>Whether the feed still holds every update after <paramref name="last"/>: pruning keeps a window of events.</summary>
        private static async Task<bool> ResumableAsync(IQuerySession session, long last, LiveOptions options, CancellationToken ct)
        {
            if (last <= 0)
            {
                return false;
            }

            var latest = await session.Query<SagaUpdate>().OrderByDescending(u => u.Id).Select(u => u.Id).FirstOrDefaultAsync(ct);
            return last >= latest - options.ReplayWindowEvents;
        }

        /// <summary>Buffers one frame of this stream's own (its first state, or a replayed change); the caller flushes.</summary>
        private static void Write(HttpContext http, LiveMessage message)
        {
            http.Response.BodyWriter.Write(LiveFrame.Encode(message));
            TimelineInstruments.LivePushes.Add(1);
        }

        private static long? ParseLastEventId(string? value) =>
            long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }
}
