using Timeline.Domain;

namespace Timeline.Api.Live;

/// <summary>
/// One open stream's inbox. The feed offers updates without ever waiting; the stream takes them when
/// its client is ready. Unsent updates to the same saga are conflated to the newest, which moves to
/// the back so positions stay increasing; past the bound the stream is told to end.
/// </summary>
public sealed class LiveSubscriber(IReadOnlySet<string> sagas, IReadOnlySet<string> clubs, int bound)
{
    private readonly OrderedDictionary<string, SagaUpdate> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _sentVersions = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _signal = new(0);
    private readonly Lock _gate = new();

    /// <summary>Set when the client fell too far behind: the stream ends and the client resumes from its last id.</summary>
    public bool Overflowed { get; private set; }

    public bool Wants(string saga, SagaState state) =>
        (sagas.Count == 0 || sagas.Contains(saga))
        && (clubs.Count == 0 || clubs.Any(club => SagaChanges.Involves(state, club)));

    public void Offer(SagaUpdate update)
    {
        if (!Wants(update.Saga, update.State))
        {
            return;
        }

        lock (_gate)
        {
            if (Overflowed || _sentVersions.GetValueOrDefault(update.Saga) >= update.Version)
            {
                return;
            }

            _pending.Remove(update.Saga);
            _pending.Add(update.Saga, update);
            Overflowed = _pending.Count > bound;
        }

        _signal.Release();
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

    /// <summary>Waits until there is something to send or <paramref name="timeout"/> passes; returns what is pending, oldest first.</summary>
    public async Task<IReadOnlyList<SagaUpdate>> TakeAsync(TimeSpan timeout, CancellationToken ct)
    {
        await _signal.WaitAsync(timeout, ct);
        lock (_gate)
        {
            var taken = _pending.Values.Where(u => _sentVersions.GetValueOrDefault(u.Saga) < u.Version).ToList();
            _pending.Clear();
            foreach (var update in taken)
            {
                _sentVersions[update.Saga] = update.Version;
            }

            return taken;
        }
    }
}
