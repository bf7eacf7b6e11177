namespace Timeline.Api.Live;

/// <summary>
/// Counts the Server-Sent Events streams open on this node, in all and per client address, so one client
/// cannot hold the node's streams (each costs a connection, a subscriber and up to a pipe of unsent bytes).
/// </summary>
public sealed class LiveConnections(Microsoft.Extensions.Options.IOptions<LiveOptions> options)
{
    private readonly Dictionary<string, int> _perClient = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _total;

    public enum Refusal
    {
        None,
        ClientFull,
        NodeFull,
    }

    /// <summary>Opens a stream for <paramref name="client"/> if both limits allow; dispose the lease when it ends.</summary>
    public Refusal TryOpen(string client, out IDisposable? lease)
    {
        lock (_gate)
        {
            lease = null;
            if (_total >= options.Value.MaxStreams)
            {
                return Refusal.NodeFull;
            }

            var open = _perClient.GetValueOrDefault(client);
            if (open >= options.Value.MaxStreamsPerClient)
            {
                return Refusal.ClientFull;
            }

            _perClient[client] = open + 1;
            _total++;
            lease = new Lease(this, client);
            return Refusal.None;
        }
    }

    private void Close(string client)
    {
        lock (_gate)
        {
            _total--;
            if (--_perClient[client] == 0)
            {
                _perClient.Remove(client);
            }
        }
    }

    private sealed class Lease(LiveConnections connections, string client) : IDisposable
    {
        private int _closed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                connections.Close(client);
            }
        }
    }
}
