using System.Diagnostics;
using System.Net.Http.Headers;

namespace Timeline.Bench;

/// <summary>
/// The built service in a process of its own on loopback, as production starts it: for what only another
/// process shows (its start, its memory and CPU apart from the client's, a node that has just started).
/// </summary>
public sealed class ServiceProcess(Process process, Uri address) : IAsyncDisposable
{
    /// <summary>A writer's key, as long as a key outside Development must be.</summary>
    public const string Key = "bench-process-key-0123456789abcdef";

    public Uri Address => address;

    /// <summary>Starts the service; <paramref name="settings"/> are configuration keys (<c>Timeline:Live:MaxStreams</c>) over the defaults.</summary>
    public static ServiceProcess Start(string connection, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Timeline.Api.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["ConnectionStrings__Timeline"] = connection,
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Timeline__SeedDemoData"] = "false",
                ["Logging__LogLevel__Default"] = "Warning",
                ["Auth__ApiKeys__bench"] = Key,
            },
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var started = Process.Start(start)!;
        started.OutputDataReceived += (_, _) => { };
        started.ErrorDataReceived += (_, _) => { };
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        return new ServiceProcess(started, new Uri($"http://127.0.0.1:{port}"));
    }

    /// <summary>Waits until <c>/health/ready</c> answers 200; false when <paramref name="budget"/> passed first.</summary>
    public async Task<bool> WaitReadyAsync(TimeSpan budget)
    {
        var clock = Stopwatch.StartNew();
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (clock.Elapsed < budget)
        {
            try
            {
                using var ready = await probe.GetAsync(new Uri(Address, "/health/ready"));
                if (ready.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(25);
        }

        return false;
    }

    /// <summary>A client that writes with the bench's key.</summary>
    public HttpClient Client()
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        return client;
    }

    /// <summary>The process's resident memory, in bytes (Linux: VmRSS of /proc/pid/status).</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

    /// <summary>The CPU time the process has used so far.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    public async ValueTask DisposeAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
