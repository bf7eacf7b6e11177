using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Timeline.Bench;

/// <summary>
/// Deadline day: <see cref="BenchSize.WideSubscribers"/> Server-Sent Events streams on one node. The service
/// runs in a process of its own, so that its memory per idle stream and its CPU per push are its own, and the
/// client is as lean as it can be: a socket per stream speaking HTTP/1.0 (the body arrives as it is written,
/// without chunk framing) and read by <see cref="SseReceipts"/>.
/// </summary>
public static class WideFanout
{
    private const string Slug = "deadline-day";

    /// <summary>Streams opened before the memory is first read, so what the first ones warm up is not counted per stream.</summary>
    private const int Warm = 100;

    public static async Task RunAsync(string connection, BenchSize size, Action<Measurement> report, Action<string> progress)
    {
        var streams = size.WideSubscribers;
        var warm = Math.Min(Warm, streams / 2);
        progress($"fanout.p99.{streams}: open files limit {OpenFiles.Raise(4 * streams + 1_000)}");
        await using var service = ServiceProcess.Start(connection, new Dictionary<string, string>
        {
            ["Timeline:RateLimit:Enabled"] = "false",
            ["Timeline:Live:MaxStreams"] = $"{2 * streams}",
            ["Timeline:Live:MaxStreamsPerClient"] = $"{2 * streams}",
        });
        if (!await service.WaitReadyAsync(TimeSpan.FromSeconds(60)))
        {
            throw new TimeoutException("The service did not become ready.");
        }

        using var http = service.Client();
        (await http.PutAsJsonAsync($"/api/sagas/{Slug}", new { player = "Deadline Day", currentClub = "Liverpool" })).EnsureSuccessStatusCode();

        using var stop = new CancellationTokenSource();
        var readers = new List<Task<List<(string Id, long At)>>>(streams);
        var opened = 0;
        using var opening = new SemaphoreSlim(200);
        async Task OpenAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                await opening.WaitAsync();
                readers.Add(ReadAsync(service.Address, () =>
                {
                    Interlocked.Increment(ref opened);
                    opening.Release();
                }, stop.Token));
            }

            await WaitAsync(() => Volatile.Read(ref opened) >= readers.Count, TimeSpan.FromMinutes(3), "streams to open");
        }

        var committed = new Dictionary<string, long>();
        async Task PushAsync(string id, int n)
        {
            var json = JsonSerializer.Serialize(Workload.Report(id, n, 1)).Replace(Workload.Slug(0), Slug, StringComparison.Ordinal);
            using var response = await http.PostAsync("/api/reports", new StringContent(json, Encoding.UTF8, "application/json"));
            var at = Stopwatch.GetTimestamp();
            response.EnsureSuccessStatusCode();
            committed[id] = at;
        }

        // A few streams and one push first: what the first stream and the first push warm up is not per stream.
        await OpenAsync(warm);
        await PushAsync("wide-warm", 0);
        await Task.Delay(1_000);
        var before = service.ResidentBytes();
        progress($"fanout.p99.{streams}: opening {streams - readers.Count} more streams (server {before / 1048576.0:N0} MB)");
        var clock = Stopwatch.StartNew();
        await OpenAsync(streams - readers.Count);
        progress($"fanout.p99.{streams}: {readers.Count} streams open after {clock.Elapsed.TotalSeconds:N1} s");
        await Task.Delay(2_000);
        var idle = service.ResidentBytes();
        var perStream = (idle - before) / 1024.0 / (streams - warm);
        progress($"fanout.p99.{streams}: server {idle / 1048576.0:N0} MB with every stream idle, {perStream:N1} KB per idle stream");

        var cpu = service.ProcessorTime;
        for (var n = 1; n <= size.FanoutReports; n++)
        {
            await PushAsync($"wide-{n}", n);
            await Task.Delay(1_000);
        }

        await Task.Delay(2_000);
        var cpuPerPush = (service.ProcessorTime - cpu).TotalMilliseconds / size.FanoutReports;
        await stop.CancelAsync();
        var receipts = (await Task.WhenAll(readers)).SelectMany(r => r).Where(r => r.Id != "wide-warm" && committed.ContainsKey(r.Id)).ToList();
        var samples = receipts.Select(r => Math.Max(0, Stopwatch.GetElapsedTime(committed[r.Id], r.At).TotalMilliseconds)).ToList();
        if (samples.Count == 0)
        {
            throw new InvalidOperationException("no stream received a pushed report.");
        }

        progress($"fanout.p99.{streams}: {samples.Count} of {size.FanoutReports * streams} pushes received, p50 {Stats.Percentile(samples, 50):N1} ms; "
                 + $"server CPU {cpuPerPush:N0} ms per push ({cpuPerPush * 1000 / streams:N1} µs per stream, heartbeats included)");
        report(Measurement.Of($"fanout.p99.{streams}", Stats.Percentile(samples, 99), "ms"));
        report(Measurement.Of($"fanout.memory.{streams}", perStream, "KB/stream"));
        report(Measurement.Of($"fanout.cpu.{streams}", cpuPerPush, "ms/push"));
    }

    /// <summary>One stream: its request by hand over a socket, its receipts read in place.</summary>
    private static async Task<List<(string Id, long At)>> ReadAsync(Uri address, Action opened, CancellationToken ct)
    {
        var receipts = new List<(string Id, long At)>();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(address.Host, address.Port, ct);
            await socket.SendAsync(Encoding.ASCII.GetBytes($"GET /api/sagas/{Slug}/live HTTP/1.0\r\nHost: {address.Authority}\r\n\r\n"), ct);
            await using var body = new NetworkStream(socket, ownsSocket: false);
            await SseReceipts.ReadAsync(body, opened, (id, at) => receipts.Add((id, at)), ct);
        }
        catch (OperationCanceledException)
        {
        }

        return receipts;
    }

    private static async Task WaitAsync(Func<bool> condition, TimeSpan budget, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > budget)
            {
                throw new TimeoutException($"Waited {budget} for {what}.");
            }

            await Task.Delay(50);
        }
    }
}

/// <summary>The process's limit on open files (a socket each), raised for itself and the processes it starts.</summary>
public static class OpenFiles
{
    private const int NoFile = 7;

    [StructLayout(LayoutKind.Sequential)]
    private struct Limit
    {
        public ulong Current;
        public ulong Max;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrlimit(int resource, out Limit limit);

    [DllImport("libc", SetLastError = true)]
    private static extern int setrlimit(int resource, ref Limit limit);

    /// <summary>Raises the limit to at least <paramref name="wanted"/> (the hard limit too, when allowed); returns the limit now.</summary>
    public static ulong Raise(int wanted)
    {
        if (!OperatingSystem.IsLinux() || getrlimit(NoFile, out var limit) != 0)
        {
            return 0;
        }

        if (limit.Current < (ulong)wanted)
        {
            var raised = new Limit { Current = (ulong)wanted, Max = Math.Max(limit.Max, (ulong)wanted) };
            if (setrlimit(NoFile, ref raised) != 0)
            {
                raised = limit with { Current = limit.Max };
                setrlimit(NoFile, ref raised);
            }
        }

        getrlimit(NoFile, out limit);
        return limit.Current;
    }
}
