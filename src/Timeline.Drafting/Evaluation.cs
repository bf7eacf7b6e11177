using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Globalization;
using Timeline.Domain;

namespace Timeline.Drafting;

/// <summary>
/// The matching of the evaluation's scorer (<c>drafting_score.py</c>), in C# so that the corpus floor and
/// the benchmark need no Python: a drafted claim matches an expected one when saga (as a slug), type, club
/// (through the scorer's alias table) and main value agree; an expected claim without a club on a type
/// whose club is optional accepts any club; each claim is used once.
/// </summary>
public static class DraftScoring
{
    public sealed record Result(int Tp, int Fp, int Fn, List<JsonObject> Missed, List<JsonObject> Spurious)
    {
        public double Precision => Tp + Fp == 0 ? (Fn == 0 ? 1 : 0) : (double)Tp / (Tp + Fp);

        public double Recall => Tp + Fn == 0 ? 1 : (double)Tp / (Tp + Fn);
    }

    private static readonly Dictionary<string, string[]> Clubs = new()
    {
        ["manchester united"] = ["man utd", "man united", "manchester utd", "mufc", "man u", "red devils"],
        ["manchester city"] = ["man city", "mcfc", "citizens", "cityzens"],
        ["tottenham hotspur"] = ["spurs", "tottenham", "thfc", "lilywhites"],
        ["bayern munich"] = ["bayern", "bayern munchen", "bayern muenchen", "fc bayern munich"],
        ["paris saint germain"] = ["psg", "paris st germain", "paris sg", "paris saint-germain"],
        ["inter milan"] = ["inter", "internazionale", "internazionale milano", "inter milano", "nerazzurri"],
        ["barcelona"] = ["barca", "barcelona", "blaugrana"],
        ["atletico madrid"] = ["atletico", "atleti", "atletico de madrid", "club atletico de madrid"],
        ["real madrid"] = ["los blancos", "real madrid cf"],
        ["ac milan"] = ["milan", "rossoneri"],
        ["juventus"] = ["juve", "juventus turin", "bianconeri"],
        ["newcastle united"] = ["newcastle", "newcastle utd", "nufc", "magpies"],
        ["west ham united"] = ["west ham", "hammers"],
        ["brighton and hove albion"] = ["brighton", "brighton hove albion", "brighton and hove", "seagulls"],
        ["nottingham forest"] = ["forest", "nottm forest", "notts forest"],
        ["wolverhampton wanderers"] = ["wolves", "wolverhampton"],
        ["aston villa"] = ["villa", "avfc"],
        ["crystal palace"] = ["palace", "cpfc", "eagles"],
        ["liverpool"] = ["lfc", "reds"],
        ["arsenal"] = ["gunners"],
        ["chelsea"] = ["cfc"],
        ["everton"] = ["toffees"],
        ["leicester city"] = ["leicester", "foxes"],
        ["leeds united"] = ["leeds"],
        ["bournemouth"] = ["afc bournemouth", "cherries"],
        ["brentford"] = ["bees"],
        ["fulham"] = ["cottagers"],
        ["borussia dortmund"] = ["dortmund", "bvb"],
        ["bayer leverkusen"] = ["leverkusen", "bayer 04 leverkusen", "bayer 04"],
        ["rb leipzig"] = ["leipzig", "rasenballsport leipzig"],
        ["sporting cp"] = ["sporting", "sporting lisbon", "sporting clube de portugal", "sporting portugal"],
        ["benfica"] = ["sl benfica"],
        ["porto"] = ["fc porto"],
        ["napoli"] = ["ssc napoli"],
        ["as roma"] = ["roma"],
        ["lazio"] = ["ss lazio"],
        ["psv eindhoven"] = ["psv"],
        ["al hilal"] = ["al-hilal"],
        ["al nassr"] = ["al-nassr"],
        ["al ittihad"] = ["al-ittihad"],
        ["al ahli"] = ["al-ahli"],
        ["inter miami"] = ["inter miami cf"],
        ["galatasaray"] = ["gala", "cimbom"],
        ["fenerbahce"] = [],
        ["celtic"] = ["hoops"],
        ["rangers"] = [],
    };

    private static readonly Dictionary<string, string> Alias = BuildAliases();

    private static Dictionary<string, string> BuildAliases()
    {
        var alias = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (canonical, aliases) in Clubs)
        {
            var key = NormaliseClub(canonical);
            alias[key] = key;
            foreach (var a in aliases)
            {
                alias[NormaliseClub(a)] = key;
            }
        }

        return alias;
    }

    public static string Fold(string text) => Folding.Fold(text.Replace("ß", "ss").Replace("æ", "ae").Replace("œ", "oe"));

    public static string Slugify(string name) => Regex.Replace(Fold(name), "[^a-z0-9]+", "-").Trim('-');

    private static string NormaliseClub(string name)
    {
        var s = Regex.Replace(Fold(name).Replace("&", " and "), "[^a-z0-9 ]+", " ");
        var words = s.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var kept = words.Where(w => w is not ("fc" or "afc" or "cf" or "the")).ToArray();
        return string.Join(' ', kept.Length > 0 ? kept : words);
    }

    public static string? CanonicalClub(string? name)
    {
        if (name is null)
        {
            return null;
        }

        var s = NormaliseClub(name);
        return s.Length == 0 ? null : Alias.GetValueOrDefault(s, s);
    }

    private static string? Str(JsonObject c, string field) => c[field]?.GetValue<string>();

    private static string MainValue(JsonObject c) => Str(c, "type") switch
    {
        "interest" => Str(c, "level") ?? "",
        "offer" => $"{Str(c, "kind")}/{Str(c, "status")}",
        "player-stance" or "club-stance" => Str(c, "stance") ?? "",
        "expectation" => Str(c, "outcome") ?? "",
        "outcome" => Str(c, "result") ?? "",
        _ => "",
    };

    private static bool OptionalClub(JsonObject c) => Str(c, "type") is not ("interest" or "offer" or "club-stance");

    private static string Key(JsonObject c, bool foldNotPursuing)
    {
        var type = Str(c, "type");
        var value = MainValue(c);
        if (foldNotPursuing && type == "club-stance" && value == "not-pursuing")
        {
            (type, value) = ("interest", "withdrawn");
        }

        return $"{Slugify(Str(c, "saga") ?? "")}|{type}|{value}";
    }

    /// <summary>score() of drafting_score.py: first same-club pairs, then optional-club wildcards.</summary>
    public static Result Score(IReadOnlyList<JsonObject> expected, IReadOnlyList<JsonObject> drafted, bool foldNotPursuing = false)
    {
        var used = new bool[drafted.Count];
        var pair = new int?[expected.Count];
        var ekeys = expected.Select(c => Key(c, foldNotPursuing)).ToArray();
        var dkeys = drafted.Select(c => Key(c, foldNotPursuing)).ToArray();
        foreach (var wildcard in new[] { false, true })
        {
            for (var i = 0; i < expected.Count; i++)
            {
                if (pair[i] is not null)
                {
                    continue;
                }

                var eclub = CanonicalClub(Str(expected[i], "club"));
                if (wildcard && !(eclub is null && OptionalClub(expected[i])))
                {
                    continue;
                }

                for (var j = 0; j < drafted.Count; j++)
                {
                    if (used[j] || dkeys[j] != ekeys[i])
                    {
                        continue;
                    }

                    if (wildcard || CanonicalClub(Str(drafted[j], "club")) == eclub)
                    {
                        (pair[i], used[j]) = (j, true);
                        break;
                    }
                }
            }
        }

        var tp = pair.Count(p => p is not null);
        return new Result(tp, drafted.Count - tp, expected.Count - tp,
            expected.Where((_, i) => pair[i] is null).ToList(), drafted.Where((_, j) => !used[j]).ToList());
    }

    public static Result Micro(IEnumerable<Result> results)
    {
        var all = results.ToList();
        return new Result(all.Sum(r => r.Tp), all.Sum(r => r.Fp), all.Sum(r => r.Fn), all.SelectMany(r => r.Missed).ToList(), all.SelectMany(r => r.Spurious).ToList());
    }

    public static string Describe(JsonObject c)
    {
        var text = new StringBuilder($"{Str(c, "saga")} | {Str(c, "type")}");
        if (Str(c, "club") is { } club)
        {
            text.Append($" | {club}");
        }

        return text.Append($" | {MainValue(c)}").ToString();
    }
}

/// <summary>A labelled article (the drafting dev set's JSON format): its text, its players and the claims an editor records.</summary>
public sealed record LabelledArticle(
    string Id, string Text, DateTimeOffset PublishedAt, string Outlet, string? Reporter, IReadOnlyList<KnownSaga> Players, IReadOnlyList<JsonObject> Claims)
{
    public static IReadOnlyList<LabelledArticle> LoadAll(string directory) =>
        Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal).Select(path =>
        {
            var doc = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            return new LabelledArticle(
                doc["id"]!.GetValue<string>(), doc["text"]!.GetValue<string>(),
                DateTimeOffset.Parse(doc["publishedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture),
                doc["outlet"]!.GetValue<string>(), doc["reporter"]?.GetValue<string>(),
                doc["players"]!.AsArray().Select(p => new KnownSaga(p!["slug"]!.GetValue<string>(), p["name"]!.GetValue<string>(), p["currentClub"]?.GetValue<string>())).ToList(),
                doc["claims"]!.AsArray().Select(c => c!.AsObject()).ToList());
        }).ToList();

    /// <summary>Drafts the article (its players' sagas in the store, or none) and scores the claims against the labels.</summary>
    public DraftScoring.Result Score(bool withSagas)
    {
        var drafted = Drafter.Draft(new Article(Text, PublishedAt, Outlet, Reporter), new StoreKnowledge(withSagas ? Players : [], []));
        return DraftScoring.Score(Claims, drafted.Drafts.SelectMany(d => d.Report.Claims).Select(ToJson).ToList());
    }

    /// <summary>The claim as the API writes it, its kind in <c>type</c>.</summary>
    public static JsonObject ToJson(Claim claim) => System.Text.Json.JsonSerializer.SerializeToNode(claim, Timeline.Domain.Json.DomainJson.Web)!.AsObject();
}
