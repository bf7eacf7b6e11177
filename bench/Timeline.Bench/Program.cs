using System.Diagnostics;
using System.Text.Json;
using Spectre.Console;
using Timeline.Bench;

// dotnet run -c Release --project bench/Timeline.Bench -- [--quick | --smoke] [--only ingest,import,asof,rebuild,fanout,startup] [--out file]
var quick = args.Contains("--quick");
var smoke = args.Contains("--smoke");
string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
var only = Option("--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries);
var size = smoke ? BenchSize.Smoke : quick ? BenchSize.Quick : BenchSize.Full;
var results = new List<Measurement>();
var clock = Stopwatch.StartNew();

void Progress(string message) => AnsiConsole.MarkupLineInterpolated($"[grey]{clock.Elapsed:mm\\:ss}[/] {message}");

void Report(Measurement m)
{
    results.Add(m);
    var ratio = m.Ratio is { } r ? $"  ({r:0.###} x {m.Baseline})" : "";
    AnsiConsole.MarkupLineInterpolated($"[grey]{clock.Elapsed:mm\\:ss}[/] [bold]{m.Name}[/] = {m.Value:0.###} {m.Unit}{ratio}");
}

await using var database = await BenchDatabase.StartAsync();
Progress($"{(smoke ? "smoke" : quick ? "quick" : "full")} run on {database.Description}, {Environment.ProcessorCount} cores");
var scenarios = new Scenarios(database, size, Report, Progress);
(string Name, Func<Task> Run)[] plan =
[
    ("ingest", scenarios.IngestAsync),
    ("import", scenarios.ImportAsync),
    ("asof", scenarios.AsOfAsync),
    ("rebuild", scenarios.RebuildAsync),
    ("fanout", scenarios.FanoutAsync),
    ("startup", scenarios.StartupAsync),
];

var failed = 0;
foreach (var (name, run) in plan.Where(p => only is null || only.Contains(p.Name)))
{
    try
    {
        await run();
    }
    catch (Exception e)
    {
        failed++;
        AnsiConsole.MarkupLineInterpolated($"[red]{name} failed:[/] {e.Message}");
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
await File.WriteAllTextAsync(output, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
Progress($"wrote {output} in {clock.Elapsed:mm\\:ss}");
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
