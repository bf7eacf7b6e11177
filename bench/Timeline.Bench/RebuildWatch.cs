using System.Collections.Concurrent;
using JasperFx.Events.Projections;

namespace Timeline.Bench;

/// <summary>
/// Follows a rebuild through the daemon's shard states and prints how far each projection has read,
/// every few seconds until disposed: a long rebuild shows where it is, not just that it is still running.
/// </summary>
public sealed class RebuildWatch : IObserver<ShardState>, IAsyncDisposable
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, long> _read = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _done = new();
    private readonly Task _printing;

    public RebuildWatch(long total, Action<string> progress) => _printing = PrintAsync(total, progress);

    public void OnNext(ShardState value)
    {
        if (value.ShardName != ShardState.HighWaterMark)
        {
            _read[value.ShardName] = value.Sequence;
        }
    }

    public void OnError(Exception error)
    {
    }

    public void OnCompleted()
    {
    }

    private async Task PrintAsync(long total, Action<string> progress)
    {
        using var ticks = new PeriodicTimer(Every);
        try
        {
            while (await ticks.WaitForNextTickAsync(_done.Token))
            {
                progress("rebuild: read " + string.Join(", ", _read
                    .OrderBy(s => s.Key, StringComparer.Ordinal)
                    .Select(s => $"{s.Key} {100.0 * s.Value / total:N0}%")));
            }
        }
        catch (OperationCanceledException) when (_done.IsCancellationRequested)
        {
            // Disposed: the rebuild is over.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _done.CancelAsync();
        await _printing;
        _done.Dispose();
    }
}
