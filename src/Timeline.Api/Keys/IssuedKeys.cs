using System.Collections.Concurrent;

namespace Timeline.Api.Keys;

/// <summary>
/// The issued keys this node accepts, read again from PostgreSQL every <see cref="KeyOptions.RefreshInterval"/> (a
/// small table, one query): every node of the cluster sees a new or revoked key within about that, and the node that
/// made the change at once. The same loop stores the keys' last uses, each at most once per
/// <see cref="KeyOptions.LastUseResolution"/>.
/// </summary>
public sealed class IssuedKeys(IDocumentStore store, TimeProvider clock, IOptions<KeyOptions> options, ILogger<IssuedKeys> logger)
    : BackgroundService, IIssuedKeys
{
    private readonly SemaphoreSlim _reading = new(1, 1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _unstoredUses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _storedUses = new(StringComparer.Ordinal);
    private volatile IReadOnlyList<IssuedKey> _current = [];

    public IReadOnlyList<IssuedKey> Current => _current;

    public void Used(string name)
    {
        var now = clock.GetUtcNow();
        if (!_storedUses.TryGetValue(name, out var stored) || now - stored >= options.Value.LastUseResolution)
        {
            _unstoredUses[name] = now;
        }
    }

    /// <summary>
    /// Reads the keys that are not revoked. One read at a time, so one that began before a change cannot finish after
    /// the read its writer started once it had committed.
    /// </summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        await _reading.WaitAsync(ct);
        try
        {
            await using var session = store.QuerySession();
            var keys = await session.Query<IssuedKeyView>().Where(k => k.RevokedAt == null).ToListAsync(ct);
            _current = keys.Select(k => new IssuedKey(k.Name, Convert.FromHexString(k.KeyHash), k.Scopes.ToHashSet(StringComparer.Ordinal))).ToList();
        }
        finally
        {
            _reading.Release();
        }
    }

    private async Task StoreUsesAsync(CancellationToken ct)
    {
        if (_unstoredUses.IsEmpty)
        {
            return;
        }

        var uses = new List<KeyUse>();
        foreach (var name in _unstoredUses.Keys)
        {
            if (_unstoredUses.TryRemove(name, out var at))
            {
                uses.Add(new KeyUse(name, at));
            }
        }

        await using var session = store.LightweightSession();
        session.Store(uses.ToArray());
        await session.SaveChangesAsync(ct);
        foreach (var use in uses)
        {
            _storedUses[use.Id] = use.LastUsedAt;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
                await StoreUsesAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The keys read last stay in force until PostgreSQL answers again (writes need it anyway).
                logger.LogWarning(e, "Could not read the issued API keys; the ones read before stay in force");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override void Dispose()
    {
        _reading.Dispose();
        base.Dispose();
    }
}
