using System.Net.Sockets;

namespace Timeline.Api.Tests;

/// <summary>
/// The built service as its own process, exactly as a user starts it: no connection string, so it
/// runs its private PostgreSQL cluster, and in Development it loads the demo data.
/// </summary>
public sealed class when_the_service_runs_as_a_process : IAsyncLifetime
{
    private static readonly TimeSpan StartBudget = TimeSpan.FromMinutes(2);
    private readonly string _workingDirectory = Path.Combine(Path.GetTempPath(), $"timeline-process-{Guid.NewGuid():N}");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_workingDirectory);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_workingDirectory, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task it_serves_the_demo_saga_on_its_own_postgres_then_stops_it_and_reuses_the_data()
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };

        await using (var first = ServiceProcessHandle.Start(_workingDirectory, url))
        {
            var konate = await first.WaitForAsync(http, "/api/sagas/ibrahima-konate", StartBudget);
            konate.GetProperty("claims").GetInt32().ShouldBeGreaterThan(5);
            konate.GetProperty("suitors")[0].GetProperty("club").GetString().ShouldBe("Real Madrid");
            File.Exists(PidFile()).ShouldBeTrue("the private cluster should be running while the service is");

            (await first.StopAsync()).ShouldBe(0, first.Output);
            File.Exists(PidFile()).ShouldBeFalse($"the private cluster should stop with the service{Environment.NewLine}{first.Output}");
        }

        await using var second = ServiceProcessHandle.Start(_workingDirectory, url);
        var again = await second.WaitForAsync(http, "/api/sagas/ibrahima-konate", StartBudget);
        again.GetProperty("version").GetInt64().ShouldBeGreaterThan(5);
        second.Output.ShouldNotContain("Creating a PostgreSQL cluster", Case.Sensitive, "a second start reuses the data");
        (await second.StopAsync()).ShouldBe(0, second.Output);
    }

    [Fact]
    public async Task without_postgres_binaries_it_stops_with_one_clear_message()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_workingDirectory, "no-postgres-here")).FullName;
        await using var service = ServiceProcessHandle.Start(
            _workingDirectory, $"http://127.0.0.1:{FreePort()}", ("Timeline__LocalPostgres__BinDirectory", empty));

        var exitCode = await service.WaitForExitAsync(TimeSpan.FromMinutes(1));

        exitCode.ShouldBe(2, service.Output);
        service.Error.ShouldContain("apt-get install");
        service.Error.ShouldContain("ConnectionStrings__Timeline");
        service.Error.ShouldNotContain("   at ", Case.Sensitive, "one clear message, not a stack trace");
    }

    [Fact]
    public async Task the_verify_command_checks_every_chain_and_fails_once_an_event_was_edited()
    {
        var database = await TestDatabase.CreateDatabaseAsync("verify");
        (string, string) connection = ("ConnectionStrings__Timeline", database);
        await SucceedsAsync(["seed"], connection);

        var verify = await SucceedsAsync(["verify"], connection);
        verify.ShouldContain("3 sagas");
        verify.ShouldContain("every hash chain holds");

        await using (var connectionToEdit = new Npgsql.NpgsqlConnection(database))
        {
            await connectionToEdit.OpenAsync();
            await using var edit = new Npgsql.NpgsqlCommand(
                $"update {Infrastructure.Store.Schema}.mt_events set data = jsonb_set(data, '{{source,outlet}}', '\"The Sun\"') " +
                "where stream_id = 'ibrahima-konate' and data -> 'source' ->> 'outlet' = 'Sky Sports' and version = " +
                $"(select min(version) from {Infrastructure.Store.Schema}.mt_events where stream_id = 'ibrahima-konate' and data -> 'source' ->> 'outlet' = 'Sky Sports')",
                connectionToEdit);
            (await edit.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        await using var broken = ServiceProcessHandle.Start(_workingDirectory, "http://127.0.0.1:0", ["verify"], connection);
        (await broken.WaitForExitAsync(TimeSpan.FromMinutes(1))).ShouldNotBe(0, broken.Output);
        broken.Output.ShouldContain("ibrahima-konate: broken at version");
        broken.Output.ShouldContain("1 of 3 sagas failed verification");
    }

    [Fact]
    public async Task the_seed_command_loads_the_demo_data_into_a_configured_database_once()
    {
        var database = await TestDatabase.CreateDatabaseAsync("seed");
        (string, string) connection = ("ConnectionStrings__Timeline", database);

        var first = await SucceedsAsync(["seed"], connection);
        first.ShouldContain("3 sagas opened, 8 reports recorded, 0 already there");

        var second = await SucceedsAsync(["seed"], connection);
        second.ShouldContain("0 sagas opened, 0 reports recorded, 8 already there");
        Directory.Exists(Path.Combine(_workingDirectory, ".timeline")).ShouldBeFalse("a configured database needs no private cluster");

        var replay = await SucceedsAsync(["replay", "ibrahima-konate", "--at", "2025-10-01"], connection);
        replay.ShouldContain("Real Madrid");
        replay.ShouldContain("advanced");
        replay.ShouldNotContain("withdrawn", Case.Sensitive, "as of 1 October 2025 Madrid had not withdrawn");
    }

    [Fact]
    public async Task importing_ten_thousand_reports_shows_progress_and_a_summary()
    {
        var file = Path.Combine(_workingDirectory, "reports.ndjson");
        await using (var writer = File.CreateText(file))
        {
            for (var i = 0; i < 50; i++)
            {
                await writer.WriteLineAsync($$"""{"kind":"saga","slug":"player-{{i}}","player":"Player {{i}}"}""");
            }

            for (var i = 0; i < 10_000; i++)
            {
                await writer.WriteLineAsync(
                    $$"""{"id":"bulk-{{i}}","reporter":"Reporter {{i % 37}}","outlet":"Outlet {{i % 11}}","publishedAt":"2025-{{1 + i % 12:00}}-{{1 + i % 28:00}}T{{i % 24:00}}:00:00Z","claims":[{"saga":"player-{{i % 50}}","type":"interest","club":"Club {{i % 7}}","level":"interested"}]}""");
            }

            await writer.WriteLineAsync("""{"id":"bad-1","reporter":"x","outlet":"y","publishedAt":"2025-01-01T00:00:00Z","claims":[{"saga":"player-1","type":"interest","club":"A","level":"obsessed"}]}""");
        }

        var database = await TestDatabase.CreateDatabaseAsync("bulk");
        await using var import = ServiceProcessHandle.Start(
            _workingDirectory, "http://127.0.0.1:0", ["import", file, "--batch-size", "300"], ("ConnectionStrings__Timeline", database));
        var exitCode = await import.WaitForExitAsync(TimeSpan.FromMinutes(4));

        exitCode.ShouldBe(1, "a refused line fails the command");
        var progress = System.Text.RegularExpressions.Regex.Matches(import.Output, @"(\d+)/10051 lines")
            .Select(m => int.Parse(m.Groups[1].Value)).ToList();
        progress.Count.ShouldBeGreaterThanOrEqualTo(9, "a progress line about every thousand lines");
        progress[0].ShouldBe(1250, "after the 50 saga lines, batches of 300 end at lines 350, 650, 950, 1250: the first past a thousand");
        progress.ShouldBe(progress.Order().ToList(), "progress only moves forward");
        progress[^1].ShouldBeGreaterThanOrEqualTo(10_000);
        import.Output.ShouldContain("Imported 10051 lines: 10000 recorded, 0 repeated, 1 refused.");
        import.Output.ShouldContain("line 10051:");
        import.Output.ShouldContain("claims[0].level");
    }

    [Fact]
    public async Task an_import_with_a_batch_size_below_one_is_refused_before_anything_is_read()
    {
        var file = Path.Combine(_workingDirectory, "one.ndjson");
        await File.WriteAllTextAsync(file, """{"kind":"saga","slug":"player-1","player":"Player 1"}""");
        var database = await TestDatabase.CreateDatabaseAsync("batchsize");
        await using var import = ServiceProcessHandle.Start(
            _workingDirectory, "http://127.0.0.1:0", ["import", file, "--batch-size", "0"], ("ConnectionStrings__Timeline", database));

        (await import.WaitForExitAsync(TimeSpan.FromMinutes(1))).ShouldBe(1, import.Output);
        import.Output.ShouldContain("--batch-size must be at least 1 (was 0).");
        import.Output.ShouldNotContain("Imported");
    }

    private string PidFile() => Path.Combine(ResolveDataDirectory(), "postmaster.pid");

    /// <summary>Where the service put its cluster: under the working directory, or its fallback for the postgres user.</summary>
    private string ResolveDataDirectory()
    {
        var requested = Path.Combine(_workingDirectory, ".timeline", "pg");
        return File.Exists(Path.Combine(requested, "PG_VERSION"))
            ? requested
            : Directory.GetDirectories("/var/tmp", "timeline-*").Select(d => Path.Combine(d, "pg"))
                .OrderByDescending(Directory.GetLastWriteTimeUtc).First();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs the built service with a command (<c>seed</c>, <c>verify</c>, <c>replay</c>) to its end, which must be exit code 0; its output.</summary>
    private async Task<string> SucceedsAsync(string[] command, params (string Name, string Value)[] environment)
    {
        await using var process = ServiceProcessHandle.Start(_workingDirectory, "http://127.0.0.1:0", command, environment);
        (await process.WaitForExitAsync(TimeSpan.FromMinutes(1))).ShouldBe(0, process.Output);
        return process.Output;
    }
}
