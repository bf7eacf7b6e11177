using System.Diagnostics;
using System.Text.Json;
using Spectre.Console;
using Timeline.Bench;

// dotnet run -c Release --project bench/Timeline.Bench -- [--quick | --smoke] [--only ingest,import,asof,rebuild,fanout,fanout-wide,startup,drafting] [--out file]
//
// Each scenario runs in a process of its own (this program with --scenario), so that one scenario's
// service, connections and garbage never weigh on the next; this process starts PostgreSQL, runs
// them one after another, and collects what they measured.
var quick = args.Contains("--quick");
var smoke = args.Contains("--smoke");
string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
var size = smoke ? BenchSize.Smoke : quick ? BenchSize.Quick : BenchSize.Full;
var sizeFlag = smoke ? "--smoke" : quick ? "--quick" : "--full";
var clock = Stopwatch.StartNew();
const string MeasurementPrefix = "@@measurement ";

void Progress(string message) => AnsiConsole.MarkupLineInterpolated($"[grey]{clock.Elapsed:mm\\:ss}[/] {message}");

if (Option("--scenario") is { } single)
{
    await using var server = await BenchDatabase.StartAsync();
    var scenarios = new Scenarios(server, size, m => Console.WriteLine(MeasurementPrefix + JsonSerializer.Serialize(m)), Console.WriteLine);
    Func<Task> run = single switch
    {
        "ingest" => scenarios.IngestAsync,
        "import" => scenarios.ImportAsync,
        "asof" => scenarios.AsOfAsync,
        "rebuild" => scenarios.RebuildAsync,
        "fanout" => scenarios.FanoutAsync,
        "fanout-wide" => scenarios.FanoutWideAsync,
        "startup" => scenarios.StartupAsync,
        "drafting" => scenarios.DraftingAsync,
        _ => throw new ArgumentException($"Unknown scenario '{single}'."),
    };
    await run();
    return 0;
}

string[] plan = ["ingest", "import", "asof", "rebuild", "fanout", "fanout-wide", "startup", "drafting"];
var only = Option("--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries);
var results = new List<Measurement>();
await using var database = await BenchDatabase.StartAsync();
Progress($"{sizeFlag[2..]} run on {database.Description}, {Environment.ProcessorCount} cores");

var failed = 0;
foreach (var name in plan.Where(p => only is null || only.Contains(p)))
{
    Progress($"[{name}]");
    var start = new ProcessStartInfo("dotnet", [typeof(Scenarios).Assembly.Location, "--scenario", name, sizeFlag])
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
        Environment = { [BenchDatabase.ServerVariable] = database.Server },
    };
    using var process = Process.Start(start)!;
    var errors = process.StandardError.ReadToEndAsync();
    using var limit = new CancellationTokenSource(size.ScenarioBudget * 8 + TimeSpan.FromMinutes(1));
    try
    {
        while (await process.StandardOutput.ReadLineAsync(limit.Token) is { } line)
        {
            if (line.StartsWith(MeasurementPrefix, StringComparison.Ordinal))
            {
                var m = JsonSerializer.Deserialize<Measurement>(line[MeasurementPrefix.Length..])!;
                results.Add(m);
                var ratio = m.Ratio is { } r ? $"  ({r:0.###} x {m.Baseline})" : "";
                AnsiConsole.MarkupLineInterpolated($"[grey]{clock.Elapsed:mm\\:ss}[/] [bold]{m.Name}[/] = {m.Value:0.###} {m.Unit}{ratio}");
            }
            else if (!string.IsNullOrWhiteSpace(line))
            {
                Progress(line);
            }
        }

        await process.WaitForExitAsync(limit.Token);
    }
    catch (OperationCanceledException)
    {
        process.Kill(entireProcessTree: true);
        AnsiConsole.MarkupLineInterpolated($"[red]{name} did not finish in time[/]");
        failed++;
        continue;
    }

    if (process.ExitCode != 0)
    {
        failed++;
        var reason = (await errors).Split('\n').FirstOrDefault(l => l.Contains("Exception", StringComparison.Ordinal)) ?? $"exit code {process.ExitCode}";
        AnsiConsole.MarkupLineInterpolated($"[red]{name} failed:[/] {reason.Trim()}");
    }
}

var table = new Table().AddColumns("name", "value", "unit", "baseline", "baseline value", "ratio");
foreach (var m in results)
{
    table.AddRow(m.Name, $"{m.Value:0.###}", m.Unit, m.Baseline ?? "", m.BaselineValue is { } b ? $"{b:0.###}" : "", m.Ratio is { } r ? $"{r:0.###}" : "");
}

AnsiConsole.Write(table);
var output = Option("--out") ?? Path.Combine(RepositoryRoot(), "bench", "results", "latest.json");
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
if (only is not null && File.Exists(output))
{
    // --only refreshes the scenarios it ran; the other figures of the file stay as they were.
    var kept = JsonSerializer.Deserialize<List<Measurement>>(await File.ReadAllTextAsync(output)) ?? [];
    results = [.. kept.Where(k => results.All(r => r.Name != k.Name)), .. results];
}

await File.WriteAllTextAsync(output, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
Progress($"wrote {output}");
return failed == 0 ? 0 : 1;

static string RepositoryRoot()
{
    for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "Timeline.sln")))
        {
            return directory.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}
