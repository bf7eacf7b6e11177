using System.Globalization;
using System.Text;

namespace Timeline.Domain.Names;

/// <summary>
/// The name rules of Unicode Technical Standard #39 (security mechanisms) that attribution needs: a
/// reporter, outlet or player name must not carry bidirectional controls (which reorder what a reader
/// sees), must not mix scripts beyond the combinations a real name uses, and must not be confusable with
/// a different name already recorded ("Vinny O'Connоr" with a Cyrillic о is not Vinny O'Connor).
/// The tables are Unicode's own (<c>scripts.tsv</c>, <c>confusables.tsv</c>), embedded in this assembly.
/// </summary>
public static class Lookalikes
{
    private static readonly Lazy<ScriptTable> Scripts = new(ScriptTable.Load);
    private static readonly Lazy<Dictionary<int, string>> Prototypes = new(LoadConfusables);
    private static readonly Lazy<(Dictionary<int, int[]> Decompositions, Dictionary<int, int> Classes)> Canonical = new(LoadCanonical);

    /// <summary>
    /// Script sets a single name may combine (UTS #39 "highly restrictive"): one script, or Latin with
    /// the scripts of Japanese, Chinese (with Bopomofo) or Korean writing.
    /// </summary>
    private static readonly string[][] AllowedCombinations =
    [
        ["Latin", "Han", "Hiragana", "Katakana"],
        ["Latin", "Han", "Bopomofo"],
        ["Latin", "Han", "Hangul"],
    ];

    /// <summary>Whether <paramref name="c"/> is a bidirectional formatting character (embeddings, overrides, isolates, marks).</summary>
    public static bool IsBidiControl(int c) =>
        c is 0x061C or 0x200E or 0x200F or (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069);

    /// <summary>The scripts of the name's letters, Common and Inherited (digits, punctuation, combining marks) left out.</summary>
    public static IReadOnlySet<string> ScriptsOf(string name)
    {
        var scripts = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var rune in name.EnumerateRunes())
        {
            var script = Scripts.Value.Of(rune.Value);
            if (script is not ("Common" or "Inherited"))
            {
                scripts.Add(script);
            }
        }

        return scripts;
    }

    /// <summary>Whether the name's scripts are one script or one of the combinations a real name uses.</summary>
    public static bool IsSingleScript(string name)
    {
        var scripts = ScriptsOf(name);
        return scripts.Count <= 1 || AllowedCombinations.Any(allowed => scripts.IsSubsetOf(allowed));
    }

    /// <summary>
    /// The UTS #39 skeleton: two strings are confusable when their skeletons are equal. NFD, each
    /// character replaced by its prototype, NFD again.
    /// </summary>
    public static string Skeleton(string text)
    {
        var mapped = new StringBuilder(text.Length);
        foreach (var codePoint in Decompose(text))
        {
            if (Prototypes.Value.TryGetValue(codePoint, out var prototype))
            {
                mapped.Append(prototype);
            }
            else
            {
                mapped.Append(char.ConvertFromUtf32(codePoint));
            }
        }

        return string.Concat(Decompose(mapped.ToString()).Select(char.ConvertFromUtf32));
    }

    /// <summary>
    /// Normalization form D by Unicode's tables: the service runs with invariant globalization, where
    /// <see cref="string.Normalize()"/> leaves non-ASCII text as it is.
    /// </summary>
    public static string NormalizeD(string text) => string.Concat(Decompose(text).Select(char.ConvertFromUtf32));

    /// <summary>The code points of the canonical decomposition, combining marks in canonical order.</summary>
    private static List<int> Decompose(string text)
    {
        var (decompositions, classes) = Canonical.Value;
        var result = new List<int>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            var c = rune.Value;
            if (c is >= HangulBase and < HangulBase + HangulCount)
            {
                var index = c - HangulBase;
                result.Add(0x1100 + index / (21 * 28));
                result.Add(0x1161 + index % (21 * 28) / 28);
                if (index % 28 != 0)
                {
                    result.Add(0x11A7 + index % 28);
                }
            }
            else if (decompositions.TryGetValue(c, out var parts))
            {
                result.AddRange(parts);
            }
            else
            {
                result.Add(c);
            }
        }

        // Canonical ordering: within each run of combining marks, a stable sort by combining class.
        for (var i = 1; i < result.Count; i++)
        {
            var mark = result[i];
            var markClass = classes.GetValueOrDefault(mark);
            var j = i;
            while (markClass != 0 && j > 0 && classes.GetValueOrDefault(result[j - 1]) > markClass)
            {
                result[j] = result[j - 1];
                j--;
            }

            result[j] = mark;
        }

        return result;
    }

    private const int HangulBase = 0xAC00;
    private const int HangulCount = 11172;

    /// <summary>Each field of <paramref name="uses"/> whose name differs from a recorded name with its skeleton.</summary>
    public static ValidationErrors Among(IReadOnlyDictionary<string, KnownName> known, IEnumerable<NameUse> uses)
    {
        var errors = new ValidationErrors();
        foreach (var use in uses)
        {
            if (known.TryGetValue(use.Id, out var original) && !string.Equals(original.Name, use.Name, StringComparison.Ordinal))
            {
                errors.Add(use.Field, $"looks like the {use.Kind} '{original.Name}' already recorded (the two are confusable); use that name, or a name that cannot be mistaken for it.");
            }
        }

        return errors;
    }

    /// <summary>Why <paramref name="name"/> cannot name a reporter, outlet or player, or null when it can.</summary>
    public static string? Refusal(string name)
    {
        foreach (var rune in name.EnumerateRunes())
        {
            if (IsBidiControl(rune.Value))
            {
                return $"must not contain bidirectional control characters (U+{rune.Value:X4}): they change the order in which a reader sees the name.";
            }
        }

        return IsSingleScript(name)
            ? null
            : $"mixes scripts ({string.Join(", ", ScriptsOf(name))}); a name is written in one script, so a mix is how lookalikes of other names are made.";
    }

    private static Dictionary<int, string> LoadConfusables()
    {
        var prototypes = new Dictionary<int, string>();
        foreach (var fields in Table.Rows("confusables.tsv"))
        {
            var source = CodePoints(fields[0]);
            if (source.Length == 1)
            {
                prototypes[source[0]] = string.Concat(CodePoints(fields[1]).Select(char.ConvertFromUtf32));
            }
        }

        return prototypes;
    }

    private static (Dictionary<int, int[]>, Dictionary<int, int>) LoadCanonical()
    {
        var decompositions = new Dictionary<int, int[]>();
        var classes = new Dictionary<int, int>();
        foreach (var fields in Table.Rows("decompositions.tsv"))
        {
            var codePoint = CodePoints(fields[0])[0];
            if (fields[1].Length > 0)
            {
                decompositions[codePoint] = CodePoints(fields[1]);
            }

            if (fields[2] != "0")
            {
                classes[codePoint] = int.Parse(fields[2], CultureInfo.InvariantCulture);
            }
        }

        return (decompositions, classes);
    }

    private static int[] CodePoints(string hex) =>
        hex.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(h => int.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            .ToArray();

    /// <summary>The Script property as sorted ranges, searched by halves.</summary>
    private sealed class ScriptTable(int[] starts, int[] ends, string[] names)
    {
        public static ScriptTable Load()
        {
            var rows = Table.Rows("scripts.tsv").ToList();
            return new ScriptTable(
                rows.Select(r => int.Parse(r[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray(),
                rows.Select(r => int.Parse(r[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray(),
                rows.Select(r => string.Intern(r[2])).ToArray());
        }

        public string Of(int codePoint)
        {
            var index = Array.BinarySearch(starts, codePoint);
            if (index < 0)
            {
                index = ~index - 1;
            }

            return index >= 0 && codePoint <= ends[index] ? names[index] : "Unknown";
        }
    }

    private static class Table
    {
        public static IEnumerable<string[]> Rows(string name)
        {
            using var stream = typeof(Lookalikes).Assembly.GetManifestResourceStream($"Timeline.Domain.Names.{name}")
                ?? throw new InvalidOperationException($"The table {name} is not embedded in the assembly.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (reader.ReadLine() is { } line)
            {
                if (line.Length > 0 && !line.StartsWith('#'))
                {
                    yield return line.Split('\t');
                }
            }
        }
    }
}
