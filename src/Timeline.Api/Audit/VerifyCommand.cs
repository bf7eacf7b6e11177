using JasperFx.CommandLine;
using Spectre.Console;

namespace Timeline.Api.Audit;

public sealed class VerifyInput : NetCoreInput
{
    [FlagAlias("saga")]
    [Description("Verify only this saga (default: every saga)")]
    public string? SagaFlag { get; set; }
}

[Description("Recomputes every saga's hash chain; exits non-zero when any event no longer matches its hash", Name = "verify")]
public sealed class VerifyCommand : JasperFxAsyncCommand<VerifyInput>
{
    public VerifyCommand() => Usage("Verify every saga");

    public override async Task<bool> Execute(VerifyInput input)
    {
        using var host = input.BuildHost();
        var database = host.Services.GetRequiredService<NpgsqlDataSource>();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.QuerySession();
        var sagas = input.SagaFlag is { } one ? [one] : await ChainVerifier.SagasAsync(database, CancellationToken.None);

        var broken = new List<ChainVerdict>();
        ChainVerdict? last = null;
        long events = 0;
        var step = Math.Max(100, sagas.Count / 20);
        for (var i = 0; i < sagas.Count; i++)
        {
            var verdict = await ChainVerifier.VerifyAsync(database, session, sagas[i], CancellationToken.None);
            if (verdict is null)
            {
                Console.Error.WriteLine($"There is no saga '{sagas[i]}'.");
                return false;
            }

            last = verdict;
            events += verdict.Events;
            if (!verdict.Valid)
            {
                broken.Add(verdict);
                AnsiConsole.MarkupLineInterpolated(
                    $"[red]{verdict.Saga}: broken at version {verdict.FirstInvalidVersion}[/]: {verdict.Problem}");
            }

            if ((i + 1) % step == 0 && i + 1 < sagas.Count)
            {
                Console.WriteLine($"{i + 1}/{sagas.Count} sagas");
            }
        }

        if (broken.Count > 0)
        {
            Console.Error.WriteLine($"{broken.Count} of {sagas.Count} sagas failed verification ({events} events checked).");
            return false;
        }

        Console.WriteLine($"{sagas.Count} sagas, {events} events: every hash chain holds.");
        if (sagas.Count == 1)
        {
            Console.WriteLine($"head {last!.Head}");
        }

        return true;
    }
}
