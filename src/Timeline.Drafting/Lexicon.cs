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
    string? Subject, double Weight, IReadOnlyList<string[]> Keys, string? When = null, bool SagaReplaced = false)
{
    /// <summary>
    /// Whether the cue can match anywhere in <paramref name="text"/>: each of its alternatives needs one of a
    /// few words (its <see cref="Keys"/>), and most articles hold none of a given cue's. Cheaper than the search.
    /// </summary>
    public bool CanMatch(string text) =>
        Keys.Count == 0 || Keys.Any(words => words.Any(w => text.Contains(w, StringComparison.Ordinal)));

    /// <summary>A cue that must open its clause ("^which ... rejected") is looked for in each clause alone.</summary>
    public bool Anchored { get; } = Pattern.ToString().Contains("(?:^", StringComparison.Ordinal);

    /// <summary>
    /// The cue's matches that start on a word edge (not inside a word or a marked mention), leftmost first and
    /// not overlapping; one that a word edge rules out is retried a character further on. A pattern that runs
    /// past its time limit counts as no match rather than failing the article.
    /// </summary>
    public List<Match> Matches(string text)
    {
        // The first search of a compiled pattern also compiles it to machine code, and on a busy machine that
        // alone can outlast the time limit: a pattern that times out is given one more try before it counts as
        // no match.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return Search(text);
            }
            catch (RegexMatchTimeoutException) when (attempt == 0)
            {
            }
            catch (RegexMatchTimeoutException)
            {
                return [];
            }
        }
    }

    private List<Match> Search(string text)
    {
        var found = new List<Match>();
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
            e.TryGetProperty("weight", out var w) ? w.GetDouble() : 0.8,
            KeysOf(e.GetProperty("pattern").GetString()!),
            e.TryGetProperty("when", out var when) ? when.GetString() : null,
            e.TryGetProperty("saga", out var replaced) && replaced.GetString() == "replaced");
    }

    /// <summary>
    /// For each top-level alternative of a pattern, the words one of which every match of it holds: a plain
    /// word, or a group of plain words not made optional, whichever has the longest shortest word. An
    /// alternative with neither makes the cue always worth a search (no keys).
    /// </summary>
    internal static IReadOnlyList<string[]> KeysOf(string pattern)
    {
        var keys = new List<string[]>();
        foreach (var alternative in TopLevel(pattern, '|'))
        {
            string[]? best = null;
            foreach (var (words, optional) in Parts(alternative))
            {
                if (!optional && words.All(w => w.Length > 0 && w.All(c => char.IsLetter(c) || c is '\'' or '-' or ' '))
                    && (best is null || words.Min(x => x.Length) > best.Min(x => x.Length)))
                {
                    best = words;
                }
            }

            if (best is null || best.Min(x => x.Length) < 3)
            {
                return [];
            }

            keys.Add(best);
        }

        return keys;
    }

    /// <summary>The pieces of an alternative: each group's top-level options (or a bare word), and whether the piece is optional.</summary>
    private static IEnumerable<(string[] Words, bool Optional)> Parts(string alternative)
    {
        var i = 0;
        while (i < alternative.Length)
        {
            var c = alternative[i];
            if (c == '(')
            {
                var close = Closing(alternative, i);
                var inner = alternative[(i + 1)..close];
                var quantifier = close + 1 < alternative.Length ? alternative[close + 1] : ' ';
                var optional = quantifier is '?' or '*' || (quantifier == '{' && alternative[(close + 2)..].StartsWith('0'));
                if (inner.StartsWith("?:", StringComparison.Ordinal))
                {
                    yield return (TopLevel(inner[2..], '|').Select(x => x.Trim()).ToArray(), optional);
                }

                i = close + 1;
            }
            else if (c == '<')
            {
                // a macro (<club>, <player>, <money>) is a mark, not a word
                i = alternative.IndexOf('>', i) is var end && end > i ? end + 1 : i + 1;
            }
            else if (char.IsLetter(c))
            {
                var j = i;
                while (j < alternative.Length && (char.IsLetter(alternative[j]) || alternative[j] is '\'' or '-'))
                {
                    j++;
                }

                var optional = j < alternative.Length && alternative[j] is '?' or '*' or '{';
                var word = alternative[i..(optional ? j - 1 : j)];
                if (word.Length > 0 && !(i > 0 && alternative[i - 1] == '\\'))
                {
                    yield return ([word], false);
                }

                i = j;
            }
            else
            {
                i += c == '\\' ? 2 : 1;
            }
        }
    }

    private static int Closing(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '(')
            {
                depth++;
            }
            else if (text[i] == ')' && --depth == 0)
            {
                return i;
            }
        }

        return text.Length - 1;
    }

    private static List<string> TopLevel(string text, char separator)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '(')
            {
                depth++;
            }
            else if (text[i] == ')')
            {
                depth--;
            }
            else if (text[i] == separator && depth == 0)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }

    /// <summary>Macros: a space is any run of blanks, &lt;club&gt;/&lt;player&gt;/&lt;money&gt; a marked mention (whole or not at all); a cue starts and ends on word edges.</summary>
    internal static string Expand(string pattern)
    {
        var expanded = pattern
            .Replace("<club>", $"(?>{ClubMark}+)", StringComparison.Ordinal)
            .Replace("<player>", $"(?>{PlayerMark}+)", StringComparison.Ordinal)
            .Replace("<money>", $"(?>{MoneyMark}+)", StringComparison.Ordinal)
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
