using System.Collections.Concurrent;
using System.Net.Sockets;

namespace Timeline.Reliability.Tests;

/// <summary>Which way bytes cross a <see cref="FaultProxy"/>: from the client that connected, or back to it.</summary>
public enum Direction
{
    ToServer,
    ToClient,
}

/// <summary>
/// A TCP proxy on loopback, in the test's own process, that a service is pointed at instead of its peer
/// (PostgreSQL, a webhook receiver) and that breaks the network between them on demand: latency on every
/// chunk, a blackhole (sockets stay open, nothing crosses, no RST: what a dead link or a dropped route looks
/// like to both ends), one direction cut, a connection reset (RST to both ends), or a reset triggered by what
/// the client sends, to cut a transaction at a chosen statement.
/// </summary>
/// <remarks>
/// A blackhole holds bytes instead of discarding them: TCP retransmits what was sent once the path heals, so a
/// real partition delivers late, never loses part of a stream. An end that gives up during the fault (closes
/// its socket) is seen by the other end only when the fault clears, as its FIN would be.
/// </remarks>
public sealed class FaultProxy : IAsyncDisposable
{
    private const int ChunkSize = 16 * 1024;

    /// <summary>How long a server is given to act on what it got before a reset that follows it.</summary>
    private static readonly TimeSpan AnswerTime = TimeSpan.FromMilliseconds(300);

    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Link, byte> _links = new();
    private readonly Gate[] _gates = [new(), new()];
    private readonly Task _accepting;
    private Trigger? _trigger;

    private FaultProxy(IPEndPoint target)
    {
        _target = target;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>Starts a proxy on a free loopback port, forwarding to <paramref name="targetPort"/> on loopback.</summary>
    public static FaultProxy Start(int targetPort) => new(new IPEndPoint(IPAddress.Loopback, targetPort));

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Waited before each chunk is forwarded, either way.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    private int _accepted;

    /// <summary>Nothing crosses either way until <see cref="Heal"/>; every socket stays open.</summary>
    public void Blackhole()
    {
        Cut(Direction.ToServer);
        Cut(Direction.ToClient);
    }

    /// <summary>Nothing crosses in <paramref name="direction"/> until <see cref="Heal"/>; the other way flows.</summary>
    public void Cut(Direction direction) => _gates[(int)direction].Close();

    /// <summary>Bytes in <paramref name="direction"/> cross one at a time, <paramref name="every"/> apart.</summary>
    public void Trickle(Direction direction, TimeSpan every) => _gates[(int)direction].Trickle = every;

    /// <summary>Everything flows again, and what was held is delivered in order.</summary>
    public void Heal()
    {
        foreach (var gate in _gates)
        {
            gate.Trickle = TimeSpan.Zero;
            gate.Open();
        }
    }

    /// <summary>Resets every open connection (RST to both ends); returns how many there were.</summary>
    public int ResetAll()
    {
        var links = _links.Keys.ToList();
        foreach (var link in links)
        {
            link.Reset();
        }

        return links.Count;
    }

    /// <summary>
    /// Resets a connection at a chosen point of what its client sends: the first connection to send a chunk that
    /// <paramref name="marks"/> is picked, and reset at its first chunk (that one included) that
    /// <paramref name="matches"/>: before the chunk reaches the server, or, when <paramref name="afterForwarding"/>,
    /// a moment after the server got it, its answer held back (a commit that lands while its acknowledgement is
    /// lost). Completes with the chunk's text once the reset is done.
    /// </summary>
    public Task<string> ResetWhen(Func<string, bool> marks, Func<string, bool> matches, bool afterForwarding = false)
    {
        var trigger = new Trigger(marks, matches, afterForwarding);
        Volatile.Write(ref _trigger, trigger);
        return trigger.Fired.Task;
    }

    /// <summary>Whether the trigger fires on <paramref name="link"/>'s chunk <paramref name="text"/>; true for one chunk only.</summary>
    private bool Fires(Trigger trigger, Link link, string text)
    {
        if (link.Mark != trigger && trigger.Picked is null && trigger.Marks(text))
        {
            if (Interlocked.CompareExchange(ref trigger.Picked, link, null) is null)
            {
                link.Mark = trigger;
            }
        }

        return link.Mark == trigger && trigger.Matches(text)
            && Interlocked.CompareExchange(ref _trigger, null, trigger) == trigger;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await server.ConnectAsync(_target, _stop.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            Link.Abort(client);
            server.Dispose();
            return;
        }

        var link = new Link(client, server);
        _links.TryAdd(link, 0);
        try
        {
            await Task.WhenAll(
                PumpAsync(link, client, server, Direction.ToServer),
                PumpAsync(link, server, client, Direction.ToClient));
        }
        finally
        {
            _links.TryRemove(link, out _);
            link.Close();
        }
    }

    /// <summary>Copies one direction chunk by chunk, each through its gate; an end's FIN is passed on in turn.</summary>
    private async Task PumpAsync(Link link, Socket from, Socket to, Direction direction)
    {
        var buffer = new byte[ChunkSize];
        var gate = _gates[(int)direction];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (Latency > TimeSpan.Zero)
                {
                    await Task.Delay(Latency, _stop.Token);
                }

                await gate.PassAsync(_stop.Token);
                if (read > 0 && direction == Direction.ToClient && link.Muted)
                {
                    continue;
                }

                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                var trigger = direction == Direction.ToServer ? Volatile.Read(ref _trigger) : null;
                var text = trigger is null ? null : System.Text.Encoding.UTF8.GetString(buffer, 0, read);
                var fire = trigger is not null && Fires(trigger, link, text!);
                if (fire && !trigger!.AfterForwarding)
                {
                    link.Reset();
                    trigger.Fired.TrySetResult(text!);
                    return;
                }

                if (fire)
                {
                    link.Muted = true;
                }

                await SendAsync(to, buffer.AsMemory(0, read), gate);
                if (fire)
                {
                    await Task.Delay(AnswerTime, _stop.Token);
                    link.Reset();
                    trigger!.Fired.TrySetResult(text!);
                    return;
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            link.Close();
        }
    }

    private async Task SendAsync(Socket to, ReadOnlyMemory<byte> chunk, Gate gate)
    {
        if (gate.Trickle <= TimeSpan.Zero)
        {
            await to.SendAsync(chunk, SocketFlags.None, _stop.Token);
            return;
        }

        for (var i = 0; i < chunk.Length; i++)
        {
            await to.SendAsync(chunk.Slice(i, 1), SocketFlags.None, _stop.Token);
            await Task.Delay(gate.Trickle, _stop.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Heal();
        await _accepting;
        foreach (var link in _links.Keys)
        {
            link.Close();
        }

        _stop.Dispose();
    }

    /// <summary>Open, or closed until opened: a closed gate holds every chunk that reaches it.</summary>
    private sealed class Gate
    {
        private volatile TaskCompletionSource _open = Opened();

        public TimeSpan Trickle { get; set; }

        public void Close()
        {
            var current = _open;
            if (current.Task.IsCompleted)
            {
                Interlocked.CompareExchange(ref _open, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), current);
            }
        }

        public void Open() => _open.TrySetResult();

        public Task PassAsync(CancellationToken ct) => _open.Task.WaitAsync(ct);

        private static TaskCompletionSource Opened()
        {
            var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            open.SetResult();
            return open;
        }
    }

    private sealed class Trigger(Func<string, bool> marks, Func<string, bool> matches, bool afterForwarding)
    {
        /// <summary>The connection the trigger picked: the first whose chunk it marks.</summary>
        public Link? Picked;

        public Func<string, bool> Marks => marks;

        public Func<string, bool> Matches => matches;

        public bool AfterForwarding => afterForwarding;

        public TaskCompletionSource<string> Fired { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>One proxied connection: the client's socket and the one to the server.</summary>
    private sealed class Link(Socket client, Socket server)
    {
        private int _closed;

        /// <summary>The trigger that marked this connection, if any.</summary>
        public Trigger? Mark { get; set; }

        /// <summary>Whatever the server sends is dropped: the connection is about to be reset.</summary>
        public bool Muted
        {
            get => Volatile.Read(ref _muted);
            set => Volatile.Write(ref _muted, value);
        }

        private bool _muted;

        /// <summary>Closes both sockets with a zero linger, so each end gets an RST rather than a FIN.</summary>
        public void Reset()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                Abort(client);
                Abort(server);
            }
        }

        public void Close()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                client.Dispose();
                server.Dispose();
            }
        }

        public static void Abort(Socket socket)
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }

            socket.Dispose();
        }
    }
}
