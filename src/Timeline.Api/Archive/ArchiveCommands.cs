using JasperFx.CommandLine;
using Spectre.Console;

namespace Timeline.Api.Archive;

public sealed class ImportInput : NetCoreInput
{
    [Description("The NDJSON file to import: one report per line (as POST /api/reports takes it), or saga and retraction lines as export writes them")]
    public string File { get; set; } = "";

    [FlagAlias("recorded-by")]
    [Description("Who the events are recorded by when a line does not say (default: import)")]
    public string RecordedByFlag { get; set; } = "import";

    [FlagAlias("batch-size")]
    [Description("How many consecutive reports are recorded per transaction (default 1000); smaller batches hold each saga's lock for less time")]
    public int BatchSizeFlag { get; set; } = Importer.DefaultBatchSize;
}

[Description("Imports reports from an NDJSON file in bulk; lines already recorded are repeats, so importing twice is harmless", Name = "import")]
public sealed class ImportCommand : JasperFxAsyncCommand<ImportInput>
{
    public ImportCommand() => Usage("Import a file").Arguments(x => x.File);

    public override async Task<bool> Execute(ImportInput input)
    {
        if (!System.IO.File.Exists(input.File))
        {
            AnsiConsole.MarkupLineInterpolated($"[red]No such file: {input.File}[/]");
            return false;
        }

        if (input.BatchSizeFlag < 1)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]--batch-size must be at least 1 (was {input.BatchSizeFlag}).[/]");
            return false;
        }

        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var importer = new Importer(store, host.Services.GetRequiredService<TimeProvider>(), input.BatchSizeFlag);
        var total = File.ReadLines(input.File).Count();

        ImportSummary summary;
        using (var reader = System.IO.File.OpenText(input.File))
        {
            if (AnsiConsole.Profile.Capabilities.Interactive)
            {
                summary = null!;
                await AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .StartAsync(async context =>
                    {
                        var task = context.AddTask($"Importing {Path.GetFileName(input.File)}", maxValue: Math.Max(total, 1));
                        summary = await importer.ImportAsync(reader, input.RecordedByFlag, new Progress<int>(line => task.Value = line), CancellationToken.None);
                        task.Value = task.MaxValue;
                    });
            }
            else
            {
                // Redirected output (CI, logs): a line every twentieth of the file (at least a thousand lines)
                // instead of a redrawn bar. Progress arrives per batch, so it steps over most line numbers.
                var step = Math.Max(1000, total / 20);
                var next = step;
                summary = await importer.ImportAsync(reader, input.RecordedByFlag, new SyncProgress(line =>
                {
                    if (line >= next)
                    {
                        Console.WriteLine($"{line}/{total} lines");
                        next = (line / step + 1) * step;
                    }
                }), CancellationToken.None);
            }
        }

        var table = new Table().AddColumns(
            "lines", "recorded", "repeated", "sagas opened", "sagas updated", "retracted", "articles", "dismissed", "refused");
        table.AddRow(new[]
        {
            summary.Lines.ToString(), summary.Recorded.ToString(), summary.Repeated.ToString(), summary.SagasOpened.ToString(),
            summary.SagasUpdated.ToString(), summary.Retracted.ToString(), summary.Articles.ToString(), summary.Dismissed.ToString(),
            summary.Refused.Count.ToString(),
        }.Select(cell => new Text(cell)));
        AnsiConsole.Write(table);
        foreach (var refused in summary.Refused.Take(50))
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]line {refused.Line}:[/] {refused.Reason}");
        }

        if (summary.Refused.Count > 50)
        {
            AnsiConsole.WriteLine($"... and {summary.Refused.Count - 50} more refused lines.");
        }

        Console.WriteLine(
            $"Imported {summary.Lines} lines: {summary.Recorded} recorded, {summary.Repeated} repeated, {summary.Refused.Count} refused.");
        return summary.Refused.Count == 0;
    }
}

public sealed class ExportInput : NetCoreInput
{
    [Description("The NDJSON file to write")]
    public string File { get; set; } = "";
}

[Description("Exports every saga, report and retraction, in recorded order, as NDJSON that import reads back", Name = "export")]
public sealed class ExportCommand : JasperFxAsyncCommand<ExportInput>
{
    public ExportCommand() => Usage("Export to a file").Arguments(x => x.File);

    public override async Task<bool> Execute(ExportInput input)
    {
        using var host = input.BuildHost();
        var exporter = new Exporter(host.Services.GetRequiredService<IDocumentStore>());
        await using var file = System.IO.File.CreateText(input.File);
        var written = await AnsiConsole.Status().StartAsync("Exporting...", async context =>
            await exporter.ExportAsync(file, new Progress<int>(n => context.Status($"Exporting... {n} lines")), CancellationToken.None));
        Console.WriteLine($"Exported {written} lines to {input.File}.");
        return true;
    }
}

/// <summary>Reports on the caller's thread, in order, unlike <see cref="Progress{T}"/>.</summary>
internal sealed class SyncProgress(Action<int> report) : IProgress<int>
{
    public void Report(int value) => report(value);
}
