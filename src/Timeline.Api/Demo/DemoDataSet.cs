using JasperFx.CommandLine;
using Timeline.Api.Reports;
using Timeline.Api.Sagas;

namespace Timeline.Api.Demo;

/// <summary>
/// The demo data set: the 30 November 2025 article on Konaté, Guéhi and Upamecano, encoded as
/// reports with typed claims, plus a few earlier reports clearly labelled as illustrative.
/// </summary>
public sealed record DemoDataSet(IReadOnlyList<DemoSaga> Sagas, IReadOnlyList<ReportInput> Reports)
{
    public const string RecordedBy = "demo-data";

    public static DemoDataSet Load()
    {
        using var stream = typeof(DemoDataSet).Assembly.GetManifestResourceStream("Timeline.Api.Demo.demo-data.json")
                           ?? throw new InvalidOperationException("The demo data is not embedded in the assembly.");
        return JsonSerializer.Deserialize<DemoDataSet>(stream, TimelineJson.Api)
               ?? throw new InvalidOperationException("The demo data file is empty.");
    }
}

public sealed record DemoSaga(string Slug, string Player, string? CurrentClub, DateOnly? ContractExpires);

public sealed record SeedSummary(int SagasOpened, int ReportsRecorded, int ReportsAlreadyThere);

public static class DemoSeeder
{
    /// <summary>Opens the demo sagas and records the demo reports; what is already there is left alone.</summary>
    public static async Task<SeedSummary> SeedAsync(IDocumentStore store, TimeProvider clock, CancellationToken ct)
    {
        var data = DemoDataSet.Load();
        var opened = 0;
        foreach (var saga in data.Sagas)
        {
            // Only what is missing: a demo saga opened before, whatever its details now, is left alone.
            var details = new SagaDetails(saga.Player, saga.CurrentClub, saga.ContractExpires);
            switch (await OpenSaga.WriteAsync(store, saga.Slug, details, DemoDataSet.RecordedBy, mayChange: false, clock.GetUtcNow(), null, ct))
            {
                case SagaDetailsResult.Opened:
                    opened++;
                    break;
                case SagaDetailsResult.Invalid invalid:
                    throw new InvalidOperationException(
                        $"Demo saga '{saga.Slug}' was refused: {string.Join("; ", invalid.Errors.ToDictionary().Select(e => $"{e.Key} {string.Join(" ", e.Value)}"))}");
            }
        }

        int recorded = 0, repeated = 0;
        foreach (var input in data.Reports)
        {
            var (report, errors) = ReportValidation.Validate(input, clock.GetUtcNow());
            if (report is null)
            {
                throw new InvalidOperationException(
                    $"Demo report '{input.Id}' is invalid: {string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key} {string.Join(" ", e.Value)}"))}");
            }

            switch (await RecordReport.RecordAsync(store, report, DemoDataSet.RecordedBy, clock, ct))
            {
                case RecordResult.Recorded:
                    recorded++;
                    break;
                case RecordResult.Repeated:
                    repeated++;
                    break;
                case var other:
                    throw new InvalidOperationException($"Demo report '{input.Id}' was refused: {other}.");
            }
        }

        return new SeedSummary(opened, recorded, repeated);
    }
}

/// <summary>
/// Loads the demo data at start-up when <c>Timeline:SeedDemoData</c> is on (Development) and nobody but
/// the demo loader has recorded anything yet. Seeding is idempotent, so a load that was interrupted
/// is completed on the next start.
/// </summary>
internal sealed class DemoSeedOnStartup(
    IDocumentStore store, NpgsqlDataSource dataSource, TimeProvider clock, ILogger<DemoSeedOnStartup> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await using (var command = dataSource.CreateCommand(
                         $"select exists (select 1 from {Store.Schema}.mt_events where user_name is distinct from $1)"))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = DemoDataSet.RecordedBy });
            if (await command.ExecuteScalarAsync(ct) is true)
            {
                return;
            }
        }

        var summary = await DemoSeeder.SeedAsync(store, clock, ct);
        if (summary.SagasOpened + summary.ReportsRecorded > 0)
        {
            logger.LogInformation(
                "Loaded the demo data: {Sagas} sagas opened, {Reports} reports recorded", summary.SagasOpened,
                summary.ReportsRecorded);
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

/// <summary><c>dotnet run --project src/Timeline.Api -- seed</c>: loads the demo data into any store, leaving what is there alone.</summary>
[Description("Loads the demo data (the 30 November 2025 Konate article and a few illustrative reports); what is already stored is left alone", Name = "seed")]
public sealed class SeedDemoCommand : JasperFxAsyncCommand<NetCoreInput>
{
    public override async Task<bool> Execute(NetCoreInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        Console.WriteLine("Applying the database schema...");
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        Console.WriteLine("Loading the demo data...");
        var summary = await DemoSeeder.SeedAsync(store, host.Services.GetRequiredService<TimeProvider>(), CancellationToken.None);
        Console.WriteLine(
            $"Done: {summary.SagasOpened} sagas opened, {summary.ReportsRecorded} reports recorded, " +
            $"{summary.ReportsAlreadyThere} already there.");
        return true;
    }
}
