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
internal sealed class Language
{
    public static readonly Language Default = new();

    private Language()
    {
        using var doc = Resources.Load("language.json");
        var root = doc.RootElement;
        FrozenSet<string> Set(string name) => root.Strings(name).Select(Folding.Fold).ToFrozenSet(StringComparer.Ordinal);
        string[] Phrases(string name) => root.Strings(name).Select(Folding.Fold).OrderByDescending(x => x.Length).ToArray();
        Positions = Set("positions");
        Roles = Set("roles");
        NotNames = Set("notNames");
        StopCapitals = Set("stopCapitals");
        ClauseBreakWords = Set("clauseBreakWords");
        SubjectStarts = Set("subjectStarts");
        Prepositions = Set("prepositions");
        ClubReferenceNouns = Set("clubReferenceNouns");
        ClubDescriptions = root.GetProperty("clubDescriptions").EnumerateObject()
            .ToFrozenDictionary(p => Folding.Fold(p.Name), p => p.Value.GetString()!, StringComparer.Ordinal);
        Negators = Phrases("negators");
        Modals = Phrases("modals");
        PastMarkers = Phrases("pastMarkers");
        PastVerbs = Set("pastVerbs");
        PastSettings = Phrases("pastSettings");
        WindowShut = Phrases("windowShut");
        Refutations = Phrases("refutations");
        Hearsay = Set("hearsay");
        PriceTagAfter = root.Strings("priceTagAfter").Select(Folding.Fold).ToArray();
        PriceTagBefore = root.Strings("priceTagBefore").Select(Folding.Fold).ToArray();
        Joiners = Set("joiners");
        ConditionalStarts = Phrases("conditionalStarts");
        Months = root.Strings("months");
        Weekdays = root.Strings("weekdays");
        RenewalWords = Phrases("renewalWords");
        StayWords = Set("stayWords");
        Abbreviations = Set("abbreviations");
        IndefiniteObjects = Set("indefiniteObjects");
        Durations = Set("durations");
    }

    public FrozenSet<string> Positions { get; }
    public FrozenSet<string> Roles { get; }
    public FrozenSet<string> NotNames { get; }
    public FrozenSet<string> StopCapitals { get; }
    public FrozenSet<string> ClauseBreakWords { get; }
    public FrozenSet<string> SubjectStarts { get; }
    public FrozenSet<string> Prepositions { get; }
    public FrozenSet<string> ClubReferenceNouns { get; }

    /// <summary>"french" -> "france", "serie a" -> "italy", "north london" -> "north london": what a description of a club names.</summary>
    public FrozenDictionary<string, string> ClubDescriptions { get; }
    public string[] Negators { get; }
    public string[] Modals { get; }
    public string[] PastMarkers { get; }
    /// <summary>"while he was at", "during his time at": a past verb before them is set in the player's earlier days.</summary>
    public string[] PastSettings { get; }

    /// <summary>"the window closed", "deadline day": the article is written with the window shut.</summary>
    public string[] WindowShut { get; }

    public FrozenSet<string> PastVerbs { get; }
    public string[] Refutations { get; }
    public FrozenSet<string> Hearsay { get; }
    public string[] PriceTagAfter { get; }
    public string[] PriceTagBefore { get; }
    public FrozenSet<string> Joiners { get; }
    public string[] ConditionalStarts { get; }
    public string[] Months { get; }
    public string[] Weekdays { get; }
    public string[] RenewalWords { get; }
    public FrozenSet<string> StayWords { get; }
    public FrozenSet<string> Abbreviations { get; }
    public FrozenSet<string> IndefiniteObjects { get; }

    /// <summary>"for a fortnight", "over two weeks": a stretch of time, not someone talked about.</summary>
    public FrozenSet<string> Durations { get; }

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
