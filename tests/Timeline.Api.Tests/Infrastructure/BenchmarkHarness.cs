namespace Timeline.Api.Tests;

/// <summary>
/// The benchmark harness at its smallest size: every scenario runs against real PostgreSQL and lands in
/// the results file with the fields the README documents. Speed itself is measured by the harness, not here.
/// </summary>
public sealed class the_benchmark_harness
{
    [Fact]
    public async Task a_smoke_run_writes_every_scenario_with_its_baseline_and_ratio()
    {
        var database = await TestDatabase.CreateDatabaseAsync("bench");
        var output = Path.Combine(Path.GetTempPath(), $"timeline-bench-{Guid.NewGuid():N}.json");
        var start = new ProcessStartInfo("dotnet", [ServiceProcessHandle.BuiltAssembly(Path.Combine("bench", "Timeline.Bench"), "Timeline.Bench.dll"), "--smoke", "--out", output])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["ConnectionStrings__Timeline"] = database },
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // About a minute and a half on a quiet machine; a machine busy with other tests can triple it.
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(7)))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"The smoke run did not finish:{Environment.NewLine}{await stdout}");
            }
        }

        var log = await stdout + await stderr;
        process.ExitCode.ShouldBe(0, log);
        log.ShouldContain("fanout.p99.20: opening 20 streams", Case.Sensitive, "progress is shown as it goes");

        var results = JsonDocument.Parse(await File.ReadAllTextAsync(output)).RootElement.EnumerateArray().ToList();
        File.Delete(output);
        var byName = results.ToDictionary(r => r.GetProperty("name").GetString()!);
        byName.Keys.ShouldBe(
        [
            "ingest.npgsql.c8", "ingest.marten.c1", "ingest.marten.c8", "ingest.http.c1", "ingest.http.c8", "ingest.http.c64",
            "import.copy", "import.bulk",
            "current.p99.10", "asof.p99.10", "current.p99.100", "asof.p99.100",
            "rebuild.select", "rebuild", "fanout.p99.20", "fanout.p99.50", "fanout.memory.50", "fanout.cpu.50",
            "fanout.first", "startup",
            "drafting.precision", "drafting.recall", "drafting.f1", "drafting.p99",
        ], ignoreOrder: true);
        foreach (var result in results)
        {
            // Memory per stream is a difference of resident sizes: at 25 streams it is noise, of either sign.
            if (result.GetProperty("name").GetString()!.StartsWith("fanout.memory.", StringComparison.Ordinal))
            {
                double.IsFinite(result.GetProperty("value").GetDouble()).ShouldBeTrue(result.ToString());
                continue;
            }

            result.GetProperty("value").GetDouble().ShouldBeGreaterThan(0, result.ToString());
            result.GetProperty("unit").GetString().ShouldNotBeNullOrEmpty();
        }

        string?[] withBaselines = ["ingest.http.c1", "ingest.http.c8", "ingest.http.c64", "ingest.marten.c8", "import.bulk", "asof.p99.10", "asof.p99.100", "rebuild"];
        foreach (var name in withBaselines)
        {
            var result = byName[name!];
            var baseline = byName[result.GetProperty("baseline").GetString()!];
            var value = result.GetProperty("value").GetDouble();
            var baselineValue = result.GetProperty("baselineValue").GetDouble();
            baselineValue.ShouldBe(baseline.GetProperty("value").GetDouble());
            var higherIsBetter = result.GetProperty("unit").GetString()!.EndsWith("/s");
            result.GetProperty("ratio").GetDouble().ShouldBe(
                Math.Round(higherIsBetter ? value / baselineValue : baselineValue / value, 3), 0.002, name);
        }
    }

    /// <summary>
    /// The committed results of the last full run hold every scenario the README's performance section names,
    /// and its table shows exactly those figures, each target with its verdict.
    /// </summary>
    [Fact]
    public void the_readme_shows_the_last_full_run_with_a_verdict_for_each_target()
    {
        var root = ServiceProcessHandle.RepositoryRoot();
        var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "bench", "results", "latest.json"))).RootElement
            .EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("value").GetDouble());
        string[] scenarios =
        [
            "ingest.npgsql.c8", "ingest.marten.c1", "ingest.marten.c8", "ingest.http.c1", "ingest.http.c8", "ingest.http.c64", "import.copy",
            "import.bulk", "current.p99.10", "asof.p99.10", "current.p99.100", "asof.p99.100", "current.p99.1000", "asof.p99.1000",
            "current.p99.10000", "asof.p99.10000", "rebuild.select", "rebuild", "fanout.p99.1000", "fanout.p99.10000",
            "fanout.memory.10000", "fanout.cpu.10000", "fanout.first", "startup",
            "drafting.precision", "drafting.recall", "drafting.f1", "drafting.p99",
        ];
        results.Keys.ShouldBe(scenarios, ignoreOrder: true);

        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var performance = readme[readme.IndexOf("## Performance", StringComparison.Ordinal)..];
        var rows = performance.Split('\n')
            .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries))
            .ToDictionary(cells => cells[1].Trim('`'), cells => cells);
        foreach (var (name, value) in results)
        {
            rows.ShouldContainKey(name);
            var shown = double.Parse(rows[name][2].Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
            shown.ShouldBe(value, Math.Max(0.01, value * 0.001), name);
        }

        foreach (var target in new[]
                 {
                     "ingest.http.c8", "ingest.http.c64", "import.bulk", "asof.p99.1000", "asof.p99.10000", "rebuild", "fanout.p99.1000",
                     "fanout.p99.10000", "fanout.memory.10000", "fanout.first", "startup", "drafting.precision", "drafting.recall", "drafting.p99",
                 })
        {
            rows[target][7].ShouldMatch(@": (met|not met)", target);
        }
    }
}
