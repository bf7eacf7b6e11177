using JasperFx.CommandLine;
using Spectre.Console;
using Timeline.Drafting;

namespace Timeline.Api.Drafts;

public sealed class DraftInputArgs : NetCoreInput
{
    [Description("The article as a text file, or - to read it from standard input")]
    public string File { get; set; } = "";

    [FlagAlias("published-at")]
    [Description("When the article was published (ISO-8601; default: now)")]
    public string? PublishedAtFlag { get; set; }

    [FlagAlias("outlet")]
    [Description("The article's own outlet: claims credited to no one are its")]
    public string? OutletFlag { get; set; }

    [FlagAlias("reporter")]
    [Description("The article's by-line")]
    public string? ReporterFlag { get; set; }

    [FlagAlias("json")]
    [Description("Print the drafts as POST /api/drafts answers them")]
    public bool JsonFlag { get; set; }
}

[Description("Drafts the reports an article holds (one per credited source) and prints them; stores nothing", Name = "draft")]
public sealed class DraftCommand : JasperFxAsyncCommand<DraftInputArgs>
{
    public DraftCommand() => Usage("Draft an article").Arguments(x => x.File);

    public override async Task<bool> Execute(DraftInputArgs input)
    {
        string text;
        if (input.File == "-")
        {
            text = await Console.In.ReadToEndAsync();
        }
        else if (System.IO.File.Exists(input.File))
        {
            text = await System.IO.File.ReadAllTextAsync(input.File);
        }
        else
        {
            await Console.Error.WriteLineAsync($"No such file: {input.File}");
            return false;
        }

        using var host = input.BuildHost();
        var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var body = JsonSerializer.SerializeToElement(new
        {
            text, publishedAt = input.PublishedAtFlag, outlet = input.OutletFlag, reporter = input.ReporterFlag,
        });
        var (article, errors) = DraftInput.Validate(body, now);
        if (article is null)
        {
            foreach (var (field, messages) in errors.ToDictionary())
            {
                await Console.Error.WriteLineAsync($"{(field == "publishedAt" ? "--published-at" : field)} {string.Join(" ", messages)}");
            }

            return false;
        }

        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var result = Drafter.Draft(article, await DraftArticle.StoreKnowledgeAsync(session, CancellationToken.None));
        if (input.JsonFlag)
        {
            Console.WriteLine(JsonSerializer.Serialize(DraftArticle.View(result), new JsonSerializerOptions(TimelineJson.Api) { WriteIndented = true }));
            return true;
        }

        Render(result);
        return true;
    }

    private static void Render(DraftResult result)
    {
        if (result.Drafts.Count == 0)
        {
            AnsiConsole.WriteLine("No claims drafted.");
        }

        foreach (var draft in result.Drafts)
        {
            var report = draft.Report;
            AnsiConsole.MarkupLineInterpolated($"[bold]{report.Reporter}[/] ({report.Outlet}), {report.PublishedAt:yyyy-MM-dd HH:mm}{(draft.Attribution is { } a ? $", credited by \"{a.Source}\"" : ", the article's own")}");
            var table = new Table().AddColumns("saga", "claim", "club", "value", "cue", "conf.");
            for (var i = 0; i < report.Claims.Count; i++)
            {
                var (type, club, value) = Describe(report.Claims[i]);
                var cue = draft.Evidence[i].Cue.Length > 40 ? draft.Evidence[i].Cue[..37] + "..." : draft.Evidence[i].Cue;
                table.AddRow(new[] { report.Claims[i].Saga, type, club ?? "", value, cue, $"{draft.Evidence[i].Confidence:0.00}" }.Select(c => new Text(c)));
            }

            AnsiConsole.Write(table);
        }

        if (result.Players.Count > 0)
        {
            AnsiConsole.WriteLine("Players: " + string.Join(", ", result.Players.Select(p => p.Saga is null ? $"{p.Name} (no saga; suggested {p.SuggestedSlug})" : $"{p.Name} ({p.Saga})")));
        }

        foreach (var unparsed in result.Unparsed)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]not understood[/] ({unparsed.Reason}): {unparsed.Text}");
        }
    }

    private static (string Type, string? Club, string Value) Describe(Claim claim) => claim switch
    {
        InterestClaim c => (claim.Type, c.Club, Vocabulary<InterestLevel>.Name(c.Level)),
        OfferClaim c => (claim.Type, c.Club, $"{Vocabulary<OfferKind>.Name(c.Kind)} {Vocabulary<OfferStatus>.Name(c.Status)}{(c.Amount is { } a ? $" {a:N0} {c.Currency}" : "")}"),
        PlayerStanceClaim c => (claim.Type, c.Club, Vocabulary<PlayerStance>.Name(c.Stance) + (c.From is null ? "" : $" from {c.From}")),
        ClubStanceClaim c => (claim.Type, c.Club, Vocabulary<ClubStance>.Name(c.Stance)),
        ExpectationClaim c => (claim.Type, c.Club, Vocabulary<ExpectedOutcome>.Name(c.Outcome) + (c.Confidence is { } x ? $" ({x:0.0})" : "")),
        OutcomeClaim c => (claim.Type, c.Club, Vocabulary<OutcomeResult>.Name(c.Result) + (c.Fee is { } f ? $" {f:N0}" : "")),
        _ => (claim.Type, null, ""),
    };
}
