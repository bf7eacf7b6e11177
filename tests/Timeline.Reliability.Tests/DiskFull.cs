using Timeline.Api.Infrastructure.LocalPostgres;
using static Timeline.Reliability.Tests.ClientLoad;

namespace Timeline.Reliability.Tests;

/// <summary>
/// A fact that needs a size-limited tmpfs mount: it runs only where this process may mount one (root, or
/// CAP_SYS_ADMIN, on Linux) and is skipped, saying why, everywhere else.
/// </summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (SmallDisk.WhyNot() is { } reason)
        {
            Skip = $"Needs a size-limited tmpfs mount for PostgreSQL's tablespace, which this machine does not allow: {reason}";
        }
    }
}

/// <summary>A tmpfs of a fixed size, mounted for a test and unmounted afterwards.</summary>
public sealed class SmallDisk : IAsyncDisposable
{
    private static readonly Lazy<string?> Refusal = new(Probe);

    private SmallDisk(string path) => Path = path;

    public string Path { get; }

    public long Free => new DriveInfo(Path).AvailableFreeSpace;

    /// <summary>Why no tmpfs can be mounted here, or null when one can.</summary>
    public static string? WhyNot() => Refusal.Value;

    /// <summary>Mounts a tmpfs of <paramref name="megabytes"/> MiB on a new directory, owned by <paramref name="owner"/>.</summary>
    public static async Task<SmallDisk> MountAsync(int megabytes, string owner)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"timeline-disk-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        var (code, output) = await RunAsync("mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=0755", "tmpfs", path);
        if (code != 0)
        {
            Directory.Delete(path);
            throw new InvalidOperationException($"mount failed ({code}): {output}");
        }

        var disk = new SmallDisk(path);
        if (await RunAsync("chown", owner, path) is not (0, _))
        {
            await disk.DisposeAsync();
            throw new InvalidOperationException($"Could not give {path} to {owner}.");
        }

        return disk;
    }

    /// <summary>Takes all but <paramref name="leave"/> bytes of what is free with a file of its own; returns the file.</summary>
    public string Fill(long leave)
    {
        var filler = System.IO.Path.Combine(Path, $"filler-{Guid.NewGuid():N}");
        using var file = new FileStream(filler, FileMode.CreateNew, FileAccess.Write);
        var chunk = new byte[1 << 20];
        Array.Fill(chunk, (byte)0xA5);
        long left;
        while ((left = Free - leave) > 0)
        {
            file.Write(chunk, 0, (int)Math.Min(chunk.Length, left));
            file.Flush();
        }

        return filler;
    }

    public async ValueTask DisposeAsync()
    {
        if (await RunAsync("umount", Path) is not (0, _))
        {
            await RunAsync("umount", "-l", Path);
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "not Linux.";
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return "the tests do not run as root.";
        }

        try
        {
            var disk = MountAsync(1, "root").GetAwaiter().GetResult();
            disk.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return e.Message;
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardError.ReadToEndAsync() + await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output.Trim());
    }
}

/// <summary>
/// A PostgreSQL cluster of this class's own whose Timeline database lives in a tablespace on a 32 MiB tmpfs
/// (its write-ahead log and catalogs on the ordinary disk, so a full tablespace fails a write with "could not
/// extend file" rather than stopping the server), and a node on it.
/// </summary>
public sealed class SmallTablespace : IAsyncLifetime
{
    private const string Owner = "postgres";

    private SmallDisk? _disk;

    public LocalPostgresCluster Cluster { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public ServiceNode Node { get; private set; } = null!;

    public SmallDisk Disk => _disk!;

    public async Task InitializeAsync()
    {
        if (SmallDisk.WhyNot() is not null)
        {
            return;
        }

        try
        {
            await StartAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        (_, Cluster) = await StartOwnClusterAsync("diskfull");
        _disk = await SmallDisk.MountAsync(32, Owner);
        var tablespace = Path.Combine(_disk.Path, "pg");
        Directory.CreateDirectory(tablespace);
        await RunAsync("chown", Owner, tablespace);
        await using (var connection = new NpgsqlConnection(Cluster.ConnectionString()))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"create tablespace small location '{tablespace}'", connection);
            await create.ExecuteNonQueryAsync();
            await using var database = new NpgsqlCommand("create database timeline tablespace small", connection);
            await database.ExecuteNonQueryAsync();
        }

        ConnectionString = Cluster.ConnectionString("timeline");
        Node = await ServiceNode.StartAsync(ConnectionString, ("Logging__LogLevel__Default", "Warning"));
    }

    public async Task DisposeAsync()
    {
        if (Node is not null)
        {
            await Node.DisposeAsync();
        }

        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        if (_disk is not null)
        {
            await _disk.DisposeAsync();
        }
    }

    private static async Task RunAsync(string tool, params string[] arguments)
    {
        using var process = Process.Start(tool, arguments);
        await process.WaitForExitAsync();
    }
}

/// <summary>
/// The database's disk fills up: writes are refused with a 503 problem and nothing half-stored, reads go on,
/// and once space is freed writes succeed again without a restart.
/// </summary>
public sealed class DiskFull(SmallTablespace fixture, ITestOutputHelper output) : IClassFixture<SmallTablespace>
{
    private static readonly string[] Sagas = ["disk-konate", "disk-guehi"];

    private ServiceNode Node => fixture.Node;

    [TmpfsFact]
    public async Task a_full_disk_refuses_writes_with_503_stores_nothing_half_keeps_reads_and_recovers_once_space_is_freed()
    {
        foreach (var saga in Sagas)
        {
            await Node.PutSagaAsync(saga, saga);
        }

        await Node.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        await Node.PostReportAsync(Body("disk-before"));

        var filler = fixture.Disk.Fill(leave: 256 * 1024);
        output.WriteLine($"Filled the tablespace's disk, {fixture.Disk.Free / 1024} KiB left.");

        // Write until the disk refuses, then a few more: every refusal a 503 problem, none a 500.
        using var client = Client(Node, ServiceNode.Key);
        var acknowledged = new List<string>();
        var refused = new List<(string Id, JsonElement Problem)>();
        var clock = Stopwatch.StartNew();
        for (var n = 0; refused.Count < 5 && n < 5000; n++)
        {
            var id = $"disk-{n}";
            using var response = await client.PostAsync("/api/reports", ServiceNode.JsonContent(Body(id)));
            var text = await response.Content.ReadAsStringAsync();
            switch (response.StatusCode)
            {
                case HttpStatusCode.Created:
                    acknowledged.Add(id);
                    break;
                case HttpStatusCode.ServiceUnavailable:
                    response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
                    response.Headers.RetryAfter.ShouldNotBeNull();
                    refused.Add((id, JsonDocument.Parse(text).RootElement.Clone()));
                    break;
                default:
                    throw new ShouldAssertException($"Write {id} got {(int)response.StatusCode}: {text}");
            }
        }

        var fullAfter = clock.Elapsed;
        refused.Count.ShouldBe(5, "the full disk refused writes");
        refused.ShouldAllBe(r => r.Problem.GetProperty("status").GetInt32() == 503);
        var titles = refused.Select(r => r.Problem.GetProperty("title").GetString()).Distinct().ToList();
        output.WriteLine($"{acknowledged.Count} writes stored before the disk was full; refusals titled {string.Join(", ", titles)}: {refused[0].Problem}");
        titles.ShouldContain("Database out of resources");

        // Nothing half-stored; what was acknowledged is there; reads still answer.
        foreach (var (id, _) in refused)
        {
            (await ReportPartsAsync(fixture.ConnectionString, id)).ShouldBe(0, $"refused report {id} left nothing behind");
        }

        var stored = await StoredReportsAsync(fixture.ConnectionString);
        acknowledged.ShouldAllBe(id => stored.Contains(id));
        foreach (var saga in Sagas)
        {
            var state = await Node.SendAsync(HttpMethod.Get, $"/api/sagas/{saga}");
            state.GetProperty("claims").GetInt32().ShouldBe(acknowledged.Count + 1, $"{saga} reads while the disk is full");
        }

        // Space is freed: the first refused report, sent again, is recorded without a restart.
        File.Delete(filler);
        var freedAt = clock.Elapsed;
        await EventuallyAsync(async () => (await PostJsonAsync(client, "/api/reports", Body(refused[0].Id))).Status == HttpStatusCode.Created,
            TimeSpan.FromSeconds(30), "a write succeeds once space is freed");
        var recoveredAfter = clock.Elapsed - freedAt;
        foreach (var (id, _) in refused.Skip(1))
        {
            (await PostJsonAsync(client, "/api/reports", Body(id))).Status.ShouldBe(HttpStatusCode.Created, id);
        }

        foreach (var (id, _) in refused)
        {
            (await ReportPartsAsync(fixture.ConnectionString, id)).ShouldBe(Sagas.Length + 1, $"report {id} stored whole, once");
        }

        await EventuallyAsync(async () => await ReadinessAsync(Node) is { Status: HttpStatusCode.OK } ready && FeedCaughtUp(ready.Report),
            TimeSpan.FromSeconds(60), "the change feed reads everything stored");
        Figures.Record(output, "disk full", $"PostgreSQL's tablespace on a 32 MiB tmpfs, filled but for 256 KiB: {acknowledged.Count} more reports on 2 sagas stored, then refused: {refused.Count} writes answered 503 problem details ({string.Join(", ", titles)}, Retry-After) within {fullAfter.TotalSeconds:0.0} s of filling; 0 x 500, none half-stored, reads answered; space freed: the first write succeeded {recoveredAfter.TotalSeconds:0.0} s later, no restart; the {refused.Count} refused reports re-sent and each recorded once");
    }

    private static object Body(string id) =>
        Report(id, "2025-11-30T09:00:00Z", Sagas.Select((saga, i) => Interest(saga, $"Club {id} {i}", "interested")).ToArray());
}
