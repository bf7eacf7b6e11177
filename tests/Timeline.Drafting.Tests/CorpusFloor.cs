using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Timeline.Drafting.Tests;

/// <summary>
/// The labelled corpus (Corpus/*.json, our own wording, the dev set's format) drafted and scored with the
/// evaluation's matching: micro precision and recall stay above their floors, with the players' sagas
/// in the store (as an editor's store would have them) and with an empty store.
/// </summary>
public sealed class CorpusFloor(ITestOutputHelper output)
{
    public static IReadOnlyList<LabelledArticle> Corpus() => LabelledArticle.LoadAll(Drafting.FileNear("Corpus"));

    public static DraftScoring.Result Score(bool withSagas, Action<string>? log = null) => Score(Corpus(), withSagas, log);

    public static DraftScoring.Result Score(IEnumerable<LabelledArticle> articles, bool withSagas, Action<string>? log = null)
    {
        var results = new List<DraftScoring.Result>();
        foreach (var article in articles)
        {
            var result = article.Score(withSagas);
            results.Add(result);
            foreach (var missed in result.Missed)
            {
                log?.Invoke($"{article.Id}: missed   {DraftScoring.Describe(missed)}");
            }

            foreach (var spurious in result.Spurious)
            {
                log?.Invoke($"{article.Id}: spurious {DraftScoring.Describe(spurious)}");
            }
        }

        return DraftScoring.Micro(results);
    }

    [Fact]
    public void the_corpus_has_sixty_labelled_articles_or_more()
    {
        var corpus = Corpus().ToList();
        corpus.Count.ShouldBeGreaterThanOrEqualTo(60);
        corpus.Sum(a => a.Claims.Count).ShouldBeGreaterThan(100);
        corpus.ShouldAllBe(a => a.Claims.All(c => c["saga"]!.GetValue<string>() == DraftScoring.Slugify(c["saga"]!.GetValue<string>())));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void with_the_players_sagas_in_the_store_or_an_empty_store_precision_and_recall_hold_their_floor(bool withSagas)
    {
        var micro = Score(withSagas, output.WriteLine);
        output.WriteLine($"{(withSagas ? "players' sagas" : "empty store")}: micro P={micro.Precision:0.000} R={micro.Recall:0.000} (tp={micro.Tp} fp={micro.Fp} fn={micro.Fn})");
        micro.Precision.ShouldBeGreaterThanOrEqualTo(0.85);
        micro.Recall.ShouldBeGreaterThanOrEqualTo(0.75);
    }

    [Fact]
    public void the_scorer_matches_the_evaluations_rules()
    {
        JsonObject C(string json) => JsonNode.Parse(json)!.AsObject();
        var bid = C("""{"saga":"marc-guehi","type":"interest","club":"Manchester United","level":"bid"}""");
        DraftScoring.Score([bid], [C("""{"saga":"Marc Guéhi","type":"interest","club":"Man Utd","level":"bid"}""")]).Tp.ShouldBe(1);
        DraftScoring.Score([bid], [C("""{"saga":"marc-guehi","type":"interest","club":"Man Utd","level":"advanced"}""")]).Tp.ShouldBe(0);
        var two = DraftScoring.Score([bid], [bid, bid]);
        (two.Tp, two.Fp, two.Fn).ShouldBe((1, 1, 0));
        var renewal = C("""{"saga":"x","type":"expectation","outcome":"renewal"}""");
        DraftScoring.Score([renewal], [C("""{"saga":"x","type":"expectation","outcome":"renewal","club":"Liverpool"}""")]).Tp.ShouldBe(1);
        var toCity = C("""{"saga":"x","type":"expectation","outcome":"transfer","club":"Manchester City"}""");
        DraftScoring.Score([toCity], [C("""{"saga":"x","type":"expectation","outcome":"transfer"}""")]).Tp.ShouldBe(0);
        DraftScoring.CanonicalClub("Spurs").ShouldBe(DraftScoring.CanonicalClub("Tottenham Hotspur"));
        DraftScoring.CanonicalClub("Inter Miami").ShouldNotBe(DraftScoring.CanonicalClub("Inter Milan"));
        DraftScoring.Slugify("Kenan Yıldız").ShouldBe("kenan-yildiz");
    }
}

/// <summary>
/// The held-out set (Holdout/*.json: ten articles labelled by another hand, never read while the rules were
/// written): the honest estimate of how the drafter meets wording it was not built on. Its figures are printed
/// and held above a floor lower than the corpus's, so a change that loses generality shows; nobody tunes to it.
/// </summary>
public sealed class HoldoutFigures(ITestOutputHelper output)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void the_held_out_articles_keep_precision_and_recall_above_their_floor(bool withSagas)
    {
        var holdout = LabelledArticle.LoadAll(Drafting.FileNear("Holdout"));
        holdout.Count.ShouldBe(10);
        var micro = CorpusFloor.Score(holdout, withSagas, output.WriteLine);
        output.WriteLine($"held out, {(withSagas ? "players' sagas" : "empty store")}: micro P={micro.Precision:0.000} R={micro.Recall:0.000} (tp={micro.Tp} fp={micro.Fp} fn={micro.Fn})");
        micro.Precision.ShouldBeGreaterThanOrEqualTo(0.85);
        micro.Recall.ShouldBeGreaterThanOrEqualTo(0.6);
    }
}
