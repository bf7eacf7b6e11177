using JasperFx.CommandLine;
using Spectre.Console;

namespace Timeline.Api.Sagas;

public sealed class ReplayInput : NetCoreInput
{
    [Description("The saga's slug, e.g. ibrahima-konate")]
    public string Slug { get; set; } = "";

    [FlagAlias("at")]
    [Description("Valid time: claims published by then (a date means the end of that UTC day; default: now)")]
    public string? AtFlag { get; set; }

    [FlagAlias("known-at")]
    [Description("Recorded time: what Timeline had recorded by then (default: now)")]
    public string? KnownAtFlag { get; set; }
}

[Description("Prints a saga's state as of a date, as known at a date", Name = "replay")]
public sealed class ReplayCommand : JasperFxAsyncCommand<ReplayInput>
{
    public ReplayCommand() => Usage("Replay a saga").Arguments(x => x.Slug);

    public override async Task<bool> Execute(ReplayInput input)
    {
        var errors = new ValidationErrors();
        var at = Instants.Parse(input.AtFlag, "--at", errors);
        var knownAt = Instants.Parse(input.KnownAtFlag, "--known-at", errors);
        if (errors.Any)
        {
            foreach (var (flag, messages) in errors.ToDictionary())
            {
                Console.Error.WriteLine($"{flag} {string.Join(" ", messages)}");
            }

            return false;
        }

        using var host = input.BuildHost();
        var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var events = await SagaHistory.LoadAsync(session, input.Slug, CancellationToken.None);
        var state = SagaFold.Fold(SagaHistory.Entries(events), at ?? now, knownAt ?? now);
        if (state is null)
        {
            Console.Error.WriteLine(events.Count == 0 ? $"There is no saga '{input.Slug}'." : $"Saga '{input.Slug}' had not been opened by then.");
            return false;
        }

        Render(state, at ?? now, knownAt ?? now);
        return true;
    }

    private static void Render(SagaState state, DateTimeOffset asOf, DateTimeOffset knownAt)
    {
        AnsiConsole.MarkupLineInterpolated(
            $"[bold]{state.Player}[/] ({state.Slug}), {state.CurrentClub ?? "no club"}, contract to {state.ContractExpires?.ToString("yyyy-MM-dd") ?? "?"}: {Vocabulary<SagaStatus>.Name(state.Status)}");
        AnsiConsole.MarkupLineInterpolated($"as of {asOf:u}, as known at {knownAt:u}; {state.Claims} claims folded");

        var table = new Table().AddColumns("what", "who / club", "value", "since", "reported by");
        foreach (var suitor in state.Suitors)
        {
            AddRow(table, "interest", suitor.Club, Vocabulary<InterestLevel>.Name(suitor.Interest), Day(suitor.Since), Source(suitor.Reporter, suitor.Outlet));
        }

        if (state.PlayerStance is { } stance)
        {
            var value = Vocabulary<PlayerStance>.Name(stance.Stance) + (stance.From is null ? "" : $" from {stance.From}");
            AddRow(table, "player stance", stance.Club ?? "", value, Day(stance.Since), Source(stance.Reporter, stance.Outlet));
        }

        foreach (var club in state.ClubStances)
        {
            AddRow(table, "club stance", club.Club, Vocabulary<ClubStance>.Name(club.Stance), Day(club.Since), Source(club.Reporter, club.Outlet));
        }

        foreach (var offer in state.Offers)
        {
            var value = $"{Vocabulary<OfferKind>.Name(offer.Kind)} {Vocabulary<OfferStatus>.Name(offer.Status)}{(offer.Amount is { } a ? $" {a:N0} {offer.Currency}" : "")}";
            AddRow(table, "offer", offer.Club, value, Day(offer.Since), Source(offer.Reporter, offer.Outlet));
        }

        foreach (var expectation in state.Expectations)
        {
            AddRow(table, "expectation", expectation.Club ?? "", Vocabulary<ExpectedOutcome>.Name(expectation.Outcome), Day(expectation.At), Source(expectation.Reporter, expectation.Outlet));
        }

        if (state.Outcome is { } outcome)
        {
            AddRow(table, "outcome", outcome.Club ?? "", Vocabulary<OutcomeResult>.Name(outcome.Result), Day(outcome.At), "");
        }

        AnsiConsole.Write(table);
    }

    private static void AddRow(Table table, params string[] cells) => table.AddRow(cells.Select(cell => new Text(cell)));

    private static string Day(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm");

    private static string Source(string reporter, string outlet) => $"{reporter} ({outlet})";
}
