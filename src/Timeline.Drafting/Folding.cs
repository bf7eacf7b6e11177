using System.Collections.Frozen;
using Timeline.Domain;

namespace Timeline.Drafting;

/// <summary>
/// Lower case, accents off, typographic quotes and dashes made plain, one character for one, so that an
/// offset in the folded text is the same offset in the submitted one.
/// </summary>
public static class Folding
{
    // One character for one: a letter spelled with two plain ones ("ß", "æ") folds to the first of them.
    private static readonly FrozenDictionary<char, char> Table = LatinLetters.Plain
        .Select(x => (Letter: x.Key, Plain: x.Value[0]))
        .Concat(new (string Letters, char Plain)[]
            {
                ("ª", 'a'), ("º", 'o'),
                ("\u2018\u2019\u201B\u2032`´", '\''), ("\u201C\u201D\u201E\u2033«»", '"'), ("\u2013\u2014\u2212", '-'),
                ("\u00A0\u2009\u202F", ' '),
            }
            .SelectMany(x => x.Letters.Select(letter => (Letter: letter, x.Plain))))
        .ToFrozenDictionary(x => x.Letter, x => x.Plain);

    public static char Fold(char c)
    {
        var lower = char.ToLowerInvariant(c);
        return Table.TryGetValue(lower, out var plain) ? plain : lower;
    }

    public static string Fold(string text) => string.Create(text.Length, text, static (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            span[i] = Fold(source[i]);
        }
    });

    /// <summary>A name written the way drafts record it: typographic apostrophes made plain, spaces collapsed.</summary>
    public static string CleanName(string name) =>
        string.Join(' ', name.Replace('\u2019', '\'').Replace('\u2018', '\'').Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
