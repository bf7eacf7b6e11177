using System.Text.Json;
using System.Text.Json.Nodes;
using static Timeline.Drafting.Tests.Drafting;

namespace Timeline.Drafting.Tests;

/// <summary>The seed article (TEAMtalk, 30 November 2025) drafts exactly the demo data's three sourced reports.</summary>
public sealed class SeedArticle
{
    /// <summary>The demo data's claims read as stored, their kind in a "type" anywhere in the object.</summary>
    private static readonly JsonSerializerOptions ClaimJson =
        Timeline.Domain.Json.DomainJson.Vocabulary(new JsonSerializerOptions(JsonSerializerDefaults.Web) { AllowOutOfOrderMetadataProperties = true });

    private static readonly KnownSaga[] Sagas =
    [
        new("ibrahima-konate", "Ibrahima Konaté", "Liverpool"),
        new("marc-guehi", "Marc Guéhi", "Crystal Palace"),
        new("dayot-upamecano", "Dayot Upamecano", "Bayern Munich"),
    ];

    private static readonly string Text = File.ReadAllText(FileNear("Seed/konate-article-2025-11-30.txt"));

    private static DraftResult Seed() => Draft(Text, "TEAMtalk", null, November30, Sagas);

    private static IEnumerable<(string Outlet, string Reporter, List<string> Claims)> DemoReports()
    {
        var demo = JsonNode.Parse(File.ReadAllText(FileNear("Seed/demo-data.json")))!;
        foreach (var report in demo["reports"]!.AsArray().Where(r => r!["outlet"]!.GetValue<string>() != "Timeline demo"))
        {
            var claims = report!["claims"]!.AsArray()
                .Select(c => Short(JsonSerializer.Deserialize<Timeline.Domain.Claim>(c!.ToJsonString(), ClaimJson)!))
                .Order(StringComparer.Ordinal).ToList();
            yield return (report["outlet"]!.GetValue<string>(), report["reporter"]!.GetValue<string>(), claims);
        }
    }

    [Fact]
    public void it_drafts_the_three_sourced_reports_of_the_demo_data_with_their_claims()
    {
        var drafts = Seed().Drafts;
        drafts.Select(d => (d.Report.Outlet, d.Report.Reporter)).ShouldBe(
            [("The Athletic", "The Athletic"), ("TEAMtalk", "Dean Jones"), ("Sky Sports", "Vinny O'Connor")], ignoreOrder: true);
        foreach (var (outlet, reporter, claims) in DemoReports())
        {
            var draft = drafts.Single(d => d.Report.Outlet == outlet);
            draft.Report.Reporter.ShouldBe(reporter);
            draft.Report.Claims.Select(Short).Order(StringComparer.Ordinal).ToList().ShouldBe(claims, $"{outlet} claims");
        }
    }

    [Fact]
    public void each_claims_evidence_points_at_the_sentence_holding_its_cue()
    {
        foreach (var draft in Seed().Drafts)
        {
            draft.Evidence.Count.ShouldBe(draft.Report.Claims.Count);
            foreach (var evidence in draft.Evidence)
            {
                var sentence = Text[evidence.Start..evidence.End];
                sentence.ShouldContain(evidence.Cue);
                Text[evidence.CueStart..evidence.CueEnd].ShouldBe(evidence.Cue);
                evidence.Confidence.ShouldBeInRange(0.1, 1.0);
                draft.Report.Quote!.ShouldContain(sentence);
            }
        }
    }

    [Fact]
    public void the_athletics_report_is_dated_on_the_friday_the_text_gives_and_its_credit_is_quoted()
    {
        var athletic = Seed().Drafts.Single(d => d.Report.Outlet == "The Athletic");
        athletic.Report.PublishedAt.ShouldBe(new DateTimeOffset(2025, 11, 28, 10, 0, 0, TimeSpan.Zero));
        athletic.Attribution.ShouldNotBeNull();
        Text[athletic.Attribution.Start..athletic.Attribution.End].ShouldBe(athletic.Attribution.Source);
        athletic.Attribution.Source.ShouldStartWith("The Athletic");
    }

    [Fact]
    public void the_three_players_are_listed_with_their_sagas_even_when_misspelt()
    {
        var players = Seed().Players;
        players.Select(p => p.Saga).ShouldBe(["ibrahima-konate", "marc-guehi", "dayot-upamecano"]);
        players.Single(p => p.Saga == "dayot-upamecano").Name.ShouldBe("Dayot Upamacano");
    }

    [Fact]
    public void the_same_text_drafts_identically_twice()
    {
        var options = Timeline.Domain.Json.DomainJson.Web;
        JsonSerializer.Serialize(Seed(), options).ShouldBe(JsonSerializer.Serialize(Seed(), options));
    }
}
