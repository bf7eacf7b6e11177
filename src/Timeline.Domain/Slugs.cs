using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Timeline.Domain;

/// <summary>
/// URL keys for names that are not slugs themselves (reporters, outlets): "Vinny O'Connor" is
/// <c>vinny-oconnor</c>, "Sky Sports" <c>sky-sports</c>. Spellings that differ only in case, accents,
/// apostrophes or punctuation share a key, so "Vinny O’Connor" and "Vinny O'Connor" are one reporter.
/// </summary>
public static class Slugs
{
    public static string Of(string name)
    {
        var slug = new StringBuilder(name.Length);
        var pendingDash = false;
        foreach (var c in name)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark
                || c is '\'' or '\u2019' or '\u2018' or '`')
            {
                continue;
            }

            if (!char.IsLetterOrDigit(c))
            {
                pendingDash = slug.Length > 0;
                continue;
            }

            if (pendingDash)
            {
                slug.Append('-');
                pendingDash = false;
            }

            var lower = char.ToLowerInvariant(c);
            if (LatinLetters.Plain.TryGetValue(lower, out var plain))
            {
                slug.Append(plain);
            }
            else
            {
                slug.Append(lower);
            }
        }

        // A name of punctuation or symbols only still needs a key of its own.
        return slug.Length > 0
            ? slug.ToString()
            : "source-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..12];
    }
}
