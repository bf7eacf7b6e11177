using System.Collections.Concurrent;
using System.Diagnostics;
using Timeline.Api.ChangeFeed;

namespace Timeline.Api.Live;

/// <summary>
/// Every node's view of the change feed. It LISTENs on <see cref="SagaChangeFeed.Channel"/> (the feed
/// notifies in the transaction that stores the updates, so a notification means they are committed),
/// reads the new updates in position order and offers them to the streams open on this node. A lost
/// connection or notification costs at most <see cref="LiveOptions.ListenTimeout"/>: it then reads anyway;
/// a failed read is logged and retried on a new connection.
/// </summary>
public sealed class LiveFeed(
    IDocumentStore store, NpgsqlDataSource dataSource, IOptions<LiveOptions> options, ILogger<LiveFeed> logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<LiveSubscriber, byte> _subscribers = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _position;

    /// <summary>The last position offered to the streams of this node.</summary>
    public long Position => Interlocked.Read(ref _position);

    /// <summary>Adds a stream; returns the position after which it receives every update.</summary>
    public async Task<long> JoinAsync(LiveSubscriber subscriber, CancellationToken ct)
    {
        await _started.Task.WaitAsync(ct);
        _subscribers.TryAdd(subscriber, 0);
        return Position;
    }

    public void Leave(LiveSubscriber subscriber) => _subscribers.TryRemove(subscriber, out _);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var beating = BeatAsync(stoppingToken);
        try
        {
            await ListenAsync(stoppingToken);
        }
        finally
        {
            await beating;
        }
    }

    /// <summary>
    /// One timer for every stream of the node: a stream that wrote nothing for a heartbeat interval is woken
    /// to write one, at most a quarter interval late.
    /// </summary>
    private async Task BeatAsync(CancellationToken ct)
    {
        var heartbeat = options.Value.Heartbeat;
        var idle = (long)(heartbeat.TotalSeconds * Stopwatch.Frequency);
        using var timer = new PeriodicTimer(heartbeat / 4);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                var now = Stopwatch.GetTimestamp();
                foreach (var subscriber in _subscribers.Keys)
                {
                    subscriber.BeatIfIdle(now, idle);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"listen {SagaChangeFeed.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                if (!_started.Task.IsCompleted)
                {
                    Interlocked.Exchange(ref _position, await LatestPositionAsync(stoppingToken));
                    _started.TrySetResult();
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    await DispatchNewUpdatesAsync(stoppingToken);

                    // A notification that arrived while dispatching is already buffered: this returns at once.
                    await connection.WaitAsync(options.Value.ListenTimeout, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Whatever failed (Marten wraps Npgsql's errors in its own exception), the feed must outlive
                // it: an exception leaving this loop would stop the host.
                logger.LogWarning(e, "The live feed could not read the change feed; reconnecting");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private async Task DispatchNewUpdatesAsync(CancellationToken ct)
    {
        while (true)
        {
            var after = Position;
            await using var session = store.QuerySession();
            var updates = await session.Query<SagaUpdate>()
                .Where(u => u.Id > after)
                .OrderBy(u => u.Id)
                .Take(500)
                .ToListAsync(ct);
            foreach (var update in updates)
            {
                Offer(update);
                Interlocked.Exchange(ref _position, update.Id);
            }

            if (updates.Count < 500)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Hands one update to every stream of this node, encoded once for all of them (encoding per stream
    /// cost 12 µs and 6.5 KB of garbage per stream, most of a push). One span per update and node, with
    /// the number of streams it went to, joins the report's trace: a span per stream would put a thousand
    /// alike spans into one trace and through the exporter.
    /// </summary>
    private void Offer(SagaUpdate update)
    {
        if (_subscribers.IsEmpty)
        {
            return;
        }

        using var span = TimelineInstruments.StartFrom("push saga update", update.TraceParent);
        var frame = new LiveFrame(update);
        var streams = 0;
        foreach (var subscriber in _subscribers.Keys)
        {
            streams += subscriber.Offer(frame) ? 1 : 0;
        }

        span?.SetTag("timeline.saga", update.Saga);
        span?.SetTag("timeline.saga.version", update.Version);
        span?.SetTag("timeline.live.streams", streams);
    }

    private async Task<long> LatestPositionAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.Query<SagaUpdate>().OrderByDescending(u => u.Id).Select(u => u.Id).FirstOrDefaultAsync(ct);
    }
}
