using System.Text.Json;
using System.Text.RegularExpressions;

namespace Timeline.Drafting;

/// <summary>One claim a cue gives: its type and main value ("interest", "cooling"; "offer", "transfer-fee/rejected").</summary>
internal sealed record Emission(string Type, string Value, string? Status);

/// <summary>
/// A cue of <c>Data/cues.json</c>: a phrase pattern and the claims it gives, where the claim's club is
/// (<see cref="Agents"/>, tried in order), which player it is about and, for expectations, the hedge.
/// </summary>
internal sealed record Cue(
    string Id, IReadOnlyList<Emission> Emits, Regex Pattern, string[] Agents, bool SagaPrior, double? Confidence,
    string? Subject, double Weight)
{
    /// <summary>A cue that must open its clause ("^which ... rejected") is looked for in each clause alone.</summary>
    public bool Anchored { get; } = Pattern.ToString().Contains("(?:^", StringComparison.Ordinal);

    /// <summary>
    /// The cue's matches that start on a word edge (not inside a word or a marked mention), leftmost first and
    /// not overlapping; one that a word edge rules out is retried a character further on. A pattern that runs
    /// past its time limit counts as no match rather than failing the article.
    /// </summary>
    public List<Match> Matches(string text)
    {
        var found = new List<Match>();
        try
        {
            for (var m = Pattern.Match(text); m.Success; )
            {
                var at = m.Index;
                if (at > 0 && (char.IsLetterOrDigit(text[at - 1]) || text[at - 1] is '_' or Lexicon.ClubMark or Lexicon.PlayerMark) && IsWordStart(text[at]))
                {
                    m = Pattern.Match(text, at + 1);
                    continue;
                }

                found.Add(m);
                m = Pattern.Match(text, m.Length > 0 ? at + m.Length : at + 1);
            }
        }
        catch (RegexMatchTimeoutException)
        {
            return [];
        }

        return found;
    }

    private static bool IsWordStart(char c) => char.IsLetterOrDigit(c) || c is '_' or Lexicon.ClubMark or Lexicon.PlayerMark;
}

internal sealed class Lexicon
{
    public const char ClubMark = '\u00A7';
    public const char PlayerMark = '\u00B6';
    public const char MoneyMark = '\u00A4';

    public static readonly Lexicon Default = new();

    public IReadOnlyList<Cue> Cues { get; }

    private Lexicon()
    {
        using var doc = Resources.Load("cues.json");
        Cues = doc.RootElement.GetProperty("cues").EnumerateArray().Select(Read).ToList();
    }

    private static Cue Read(JsonElement e)
    {
        var emits = e.GetProperty("emit").EnumerateArray().Select(x =>
        {
            var parts = x.GetString()!.Split(':');
            return new Emission(parts[0], parts[1], parts.Length > 2 ? parts[2] : null);
        }).ToList();
        var pattern = Expand(e.GetProperty("pattern").GetString()!);
        return new Cue(
            e.GetProperty("id").GetString()!,
            emits,
            new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(2)),
            e.GetProperty("agent").GetString()!.Split('|'),
            e.TryGetProperty("saga", out var saga) && saga.GetString() == "prior",
            e.TryGetProperty("confidence", out var c) ? c.GetDouble() : null,
            e.TryGetProperty("subject", out var s) ? s.GetString() : null,
            e.TryGetProperty("weight", out var w) ? w.GetDouble() : 0.8);
    }

    /// <summary>Macros: a space is any run of blanks, &lt;club&gt;/&lt;player&gt;/&lt;money&gt; a marked mention; a cue starts and ends on word edges.</summary>
    internal static string Expand(string pattern)
    {
        var expanded = pattern
            .Replace("<club>", $"{ClubMark}+", StringComparison.Ordinal)
            .Replace("<player>", $"{PlayerMark}+", StringComparison.Ordinal)
            .Replace("<money>", $"{MoneyMark}+", StringComparison.Ordinal)
            .Replace(" ", @"\s+", StringComparison.Ordinal)
            // A skipped word is taken whole, once: without this a gap of a few words backtracks without end.
            .Replace(@"\S+\s+", @"(?>\S+\s+)", StringComparison.Ordinal);
        // Lazy word gaps ("{0,4}?") send the compiled regex engine into a loop it does not leave before its
        // timeout (seen on .NET 10 with an optional group after the gap); greedy gaps of whole words match the same.
        expanded = Regex.Replace(expanded, @"\)\{(\d+),(\d+)\}\?", "){$1,$2}");
        // The word edge before a cue is checked by Cue.Matches: a lookbehind here would keep the engine
        // from jumping to a cue's first letters and make it try every position of the text.
        return $@"(?:{expanded})(?![\w])";
    }
}
