using System.Diagnostics;
using Timeline.Api.ChangeFeed;

namespace Timeline.Api.Live;

/// <summary>
/// One open stream's inbox. The feed offers updates without ever waiting; the stream takes them when
/// its client is ready, every change in order. A client that falls <c>bound</c> updates behind gets
/// only the newest unsent state of each saga (older ones are conflated away, positions stay
/// increasing); one still more than <c>bound</c> sagas behind is told to end, and resumes from its last id.
/// </summary>
public sealed class LiveSubscriber(IReadOnlySet<string> sagas, IReadOnlySet<string> clubs, int bound)
{
    private readonly List<LiveFrame> _pending = [];
    private readonly Dictionary<string, long> _sentVersions = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _signal = new(0);
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _overflow = new();
    private long _lastWrite = Stopwatch.GetTimestamp();
    private bool _beat;

    /// <summary>Set when the client fell too far behind: the stream ends and the client resumes from its last id.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>
    /// Cancelled when the stream overflows, also while it waits on a client that does not read: a stream
    /// stuck in a write is ended too, so a client that stopped reading costs at most its buffer.
    /// </summary>
    public CancellationToken OverflowToken => _overflow.Token;

    /// <summary>How many times unsent changes were conflated to the newest state per saga.</summary>
    public int Conflations { get; private set; }

    public bool Wants(string saga, SagaRegisters state) =>
        (sagas.Count == 0 || sagas.Contains(saga))
        && (clubs.Count == 0 || clubs.Any(club => SagaChanges.Involves(state, club)));

    /// <summary>Queues <paramref name="frame"/> if this stream wants it and lacks it; says whether it did.</summary>
    public bool Offer(LiveFrame frame)
    {
        var update = frame.Update;
        if (!Wants(update.Saga, update.State))
        {
            return false;
        }

        bool overflowed;
        lock (_gate)
        {
            if (Overflowed || _sentVersions.GetValueOrDefault(update.Saga) >= update.Version)
            {
                return false;
            }

            _pending.Add(frame);
            if (_pending.Count > bound)
            {
                Conflate();
                Overflowed = _pending.Count > bound;
                if (Overflowed)
                {
                    _pending.Clear();
                }
            }

            overflowed = Overflowed;
        }

        if (overflowed)
        {
            // Not disposed: the feed may still be offering when the stream ends, and a plain source needs no disposal.
            _overflow.Cancel();
        }

        _signal.Release();
        return true;
    }

    /// <summary>Keeps only the newest pending update of each saga, where it stands in the queue.</summary>
    private void Conflate()
    {
        var newest = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var update in _pending.Select(f => f.Update))
        {
            newest[update.Saga] = Math.Max(newest.GetValueOrDefault(update.Saga), update.Version);
        }

        _pending.RemoveAll(f => f.Update.Version < newest[f.Update.Saga]);
        Conflations++;
    }

    /// <summary>Remembers that the client has this saga's state at <paramref name="version"/>, so older updates are not sent.</summary>
    public void Sent(string saga, long version)
    {
        lock (_gate)
        {
            if (_sentVersions.GetValueOrDefault(saga) < version)
            {
                _sentVersions[saga] = version;
            }
        }
    }

    /// <summary>The stream wrote to its client: its next heartbeat is due a heartbeat interval from now.</summary>
    public void Wrote() => Volatile.Write(ref _lastWrite, Stopwatch.GetTimestamp());

    /// <summary>
    /// Wakes the stream for a heartbeat when it has written nothing for <paramref name="idle"/> (in
    /// <see cref="Stopwatch"/> ticks, as <paramref name="now"/>). The feed asks every stream from one timer
    /// (<see cref="LiveFeed"/>), so an idle stream costs no timer of its own: ten thousand of them waiting with
    /// a timeout each made and cancelled ten thousand timers on every push.
    /// </summary>
    public void BeatIfIdle(long now, long idle)
    {
        if (now - Volatile.Read(ref _lastWrite) < idle)
        {
            return;
        }

        lock (_gate)
        {
            if (_beat)
            {
                return;
            }

            _beat = true;
        }

        _signal.Release();
    }

    /// <summary>
    /// Waits until there is something to send, a heartbeat is asked for (<see cref="BeatIfIdle"/>) or
    /// <paramref name="timeout"/> passes (the streams wait without one); returns what is pending,
    /// oldest first. Each offer signals once but one take drains every offer before it, so a signal whose
    /// offer was already taken is passed over: answered with an empty batch, the stream would write and
    /// flush a heartbeat for nothing after every burst.
    /// </summary>
    public async Task<IReadOnlyList<LiveFrame>> TakeAsync(TimeSpan timeout, CancellationToken ct)
    {
        while (await _signal.WaitAsync(timeout, ct))
        {
            lock (_gate)
            {
                var beat = _beat;
                _beat = false;
                if (_pending.Count > 0)
                {
                    return Drain();
                }

                if (beat)
                {
                    return [];
                }
            }
        }

        return [];
    }

    private List<LiveFrame> Drain()
    {
        var taken = new List<LiveFrame>(_pending.Count);
        foreach (var frame in _pending)
        {
            var update = frame.Update;
            if (_sentVersions.GetValueOrDefault(update.Saga) < update.Version)
            {
                taken.Add(frame);
                _sentVersions[update.Saga] = update.Version;
            }
        }

        _pending.Clear();
        return taken;
    }
}
