using System.Collections.Frozen;

namespace Timeline.Domain;

/// <summary>
/// The accented Latin letters (lower case) and the plain letters they are spelled with: "é" is "e", "ß" "ss",
/// "æ" "ae". Slugs spell names with them and the drafter folds text with them.
/// </summary>
public static class LatinLetters
{
    // The service runs with invariant globalization, where string.Normalize leaves non-ASCII text alone,
    // so accented Latin letters are folded by table; letters of other scripts are kept as they are.
    public static readonly FrozenDictionary<char, string> Plain = new (string Letters, string Plain)[]
        {
            ("àáâãäåāăą", "a"), ("çćĉċč", "c"), ("ďđð", "d"), ("èéêëēĕėęě", "e"), ("ĝğġģ", "g"), ("ĥħ", "h"),
            ("ìíîïĩīĭįı", "i"), ("ĵ", "j"), ("ķ", "k"), ("ĺļľŀł", "l"), ("ñńņňŉ", "n"), ("òóôõöøōŏő", "o"),
            ("ŕŗř", "r"), ("śŝşšș", "s"), ("ţťŧț", "t"), ("ùúûüũūŭůűų", "u"), ("ŵ", "w"), ("ýÿŷ", "y"),
            ("źżž", "z"), ("ß", "ss"), ("æ", "ae"), ("œ", "oe"), ("þ", "th"),
        }
        .SelectMany(x => x.Letters.Select(letter => (letter, x.Plain)))
        .ToFrozenDictionary(x => x.letter, x => x.Plain);
}
