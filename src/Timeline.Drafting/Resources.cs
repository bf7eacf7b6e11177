using System.Collections.Frozen;
using System.Text.Json;

namespace Timeline.Drafting;

/// <summary>The data files shipped inside the assembly (Data/*.json): the drafter interprets them, it does not hold them.</summary>
internal static class Resources
{
    public static JsonDocument Load(string name)
    {
        using var stream = typeof(Resources).Assembly.GetManifestResourceStream($"Timeline.Drafting.Data.{name}")
                           ?? throw new InvalidOperationException($"The drafting data file {name} is not embedded.");
        return JsonDocument.Parse(stream);
    }

    public static string[] Strings(this JsonElement element, string property) =>
        element.GetProperty(property).EnumerateArray().Select(x => x.GetString()!).ToArray();
}

/// <summary>The grammar words of <c>Data/language.json</c>, folded.</summary>
internal sealed class Language(JsonElement words)
{
    public static readonly Language Default = Load();

    private static Language Load()
    {
        using var doc = Resources.Load("language.json");
        return new Language(doc.RootElement);
    }

    public FrozenSet<string> Positions { get; } = Set(words, "positions");
    public FrozenSet<string> Roles { get; } = Set(words, "roles");
    public FrozenSet<string> NotNames { get; } = Set(words, "notNames");
    public FrozenSet<string> StopCapitals { get; } = Set(words, "stopCapitals");
    public FrozenSet<string> ClauseBreakWords { get; } = Set(words, "clauseBreakWords");
    public FrozenSet<string> SubjectStarts { get; } = Set(words, "subjectStarts");
    public FrozenSet<string> Prepositions { get; } = Set(words, "prepositions");
    public FrozenSet<string> ClubReferenceNouns { get; } = Set(words, "clubReferenceNouns");

    /// <summary>"french" -> "france", "serie a" -> "italy", "north london" -> "north london": what a description of a club names.</summary>
    public FrozenDictionary<string, string> ClubDescriptions { get; } = words.GetProperty("clubDescriptions").EnumerateObject()
        .ToFrozenDictionary(p => Folding.Fold(p.Name), p => p.Value.GetString()!, StringComparer.Ordinal);
    public string[] Negators { get; } = Phrases(words, "negators");
    public string[] Modals { get; } = Phrases(words, "modals");
    public string[] PastMarkers { get; } = Phrases(words, "pastMarkers");
    /// <summary>"while he was at", "during his time at": a past verb before them is set in the player's earlier days.</summary>
    public string[] PastSettings { get; } = Phrases(words, "pastSettings");

    /// <summary>"the window closed", "deadline day": the article is written with the window shut.</summary>
    public string[] WindowShut { get; } = Phrases(words, "windowShut");

    public FrozenSet<string> PastVerbs { get; } = Set(words, "pastVerbs");
    public string[] Refutations { get; } = Phrases(words, "refutations");
    public FrozenSet<string> Hearsay { get; } = Set(words, "hearsay");
    public string[] PriceTagAfter { get; } = words.Strings("priceTagAfter").Select(Folding.Fold).ToArray();
    public string[] PriceTagBefore { get; } = words.Strings("priceTagBefore").Select(Folding.Fold).ToArray();
    public FrozenSet<string> Joiners { get; } = Set(words, "joiners");
    public string[] ConditionalStarts { get; } = Phrases(words, "conditionalStarts");
    public string[] Months { get; } = words.Strings("months");
    public string[] Weekdays { get; } = words.Strings("weekdays");
    public string[] RenewalWords { get; } = Phrases(words, "renewalWords");
    public FrozenSet<string> StayWords { get; } = Set(words, "stayWords");
    public FrozenSet<string> Abbreviations { get; } = Set(words, "abbreviations");
    public FrozenSet<string> IndefiniteObjects { get; } = Set(words, "indefiniteObjects");

    /// <summary>"for a fortnight", "over two weeks": a stretch of time, not someone talked about.</summary>
    public FrozenSet<string> Durations { get; } = Set(words, "durations");

    private static FrozenSet<string> Set(JsonElement words, string name) =>
        words.Strings(name).Select(Folding.Fold).ToFrozenSet(StringComparer.Ordinal);

    private static string[] Phrases(JsonElement words, string name) =>
        words.Strings(name).Select(Folding.Fold).OrderByDescending(x => x.Length).ToArray();

    /// <summary>Whether <paramref name="text"/> holds <paramref name="phrase"/> as whole words.</summary>
    public static bool HasPhrase(string text, string phrase)
    {
        for (var at = text.IndexOf(phrase, StringComparison.Ordinal); at >= 0; at = text.IndexOf(phrase, at + 1, StringComparison.Ordinal))
        {
            var before = at == 0 || !char.IsLetterOrDigit(text[at - 1]) || !char.IsLetterOrDigit(phrase[0]);
            var end = at + phrase.Length;
            var after = end >= text.Length || !char.IsLetterOrDigit(text[end]) || !char.IsLetterOrDigit(phrase[^1]);
            if (before && after)
            {
                return true;
            }
        }

        return false;
    }
}
