using System.Globalization;
using System.Text.RegularExpressions;

namespace Timeline.Drafting;

/// <summary>A fee as written: "£40m", "€60 million", "35 million euros".</summary>
internal sealed record Money(int Start, int End, decimal Amount, string Currency)
{
    /// <summary>A valuation, release clause, asking price or wage rather than a bid ("his £35m valuation").</summary>
    public bool IsPriceTag { get; set; }
}

internal static partial class Values
{
    [GeneratedRegex(@"(?<cur>[£€$])\s?(?<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?(?<mult>million|mln|mn|m|bn|billion|k)?(?![a-z])|(?<num>\d+(?:\.\d+)?)\s?(?<mult>million|m|bn|billion)\s(?<word>euros?|pounds?|dollars?|sterling|eur|gbp|usd)\b", RegexOptions.CultureInvariant)]
    private static partial Regex MoneyPattern();

    public static List<Money> FindMoney(string folded, int start, int end)
    {
        var found = new List<Money>();
        foreach (Match m in MoneyPattern().Matches(folded[start..end]))
        {
            var number = decimal.Parse(m.Groups["num"].Value.Replace(",", ""), CultureInfo.InvariantCulture);
            var multiplier = m.Groups["mult"].Value switch
            {
                "m" or "mn" or "mln" or "million" => 1_000_000m,
                "bn" or "billion" => 1_000_000_000m,
                "k" => 1_000m,
                _ => 1m,
            };
            var amount = number * multiplier;
            if (amount < 100_000m)
            {
                continue;
            }

            var currency = m.Groups["cur"].Success
                ? m.Groups["cur"].Value switch { "£" => "GBP", "€" => "EUR", _ => "USD" }
                : m.Groups["word"].Value switch
                {
                    var w when w.StartsWith("euro", StringComparison.Ordinal) || w == "eur" => "EUR",
                    var w when w.StartsWith("dollar", StringComparison.Ordinal) || w == "usd" => "USD",
                    _ => "GBP",
                };
            var money = new Money(start + m.Index, start + m.Index + m.Length, amount, currency);
            money.IsPriceTag = IsPriceTag(folded, money.Start, money.End, end);
            found.Add(money);
        }

        return found;
    }

    private static bool IsPriceTag(string folded, int start, int end, int sentenceEnd)
    {
        var after = folded[end..Math.Min(sentenceEnd, end + 30)];
        var before = folded[Math.Max(0, start - 40)..start];
        return Language.Default.PriceTagAfter.Any(t => after.StartsWith(t, StringComparison.Ordinal))
               || Language.Default.PriceTagBefore.Any(t => before.EndsWith(t, StringComparison.Ordinal));
    }

    /// <summary>"in January" in a November 2025 article is 2026-01; "from April" in March 2026 is 2026-04.</summary>
    public static string? MonthFrom(string clause, DateTimeOffset publishedAt)
    {
        var months = Language.Default.Months;
        for (var m = 0; m < months.Length; m++)
        {
            foreach (var lead in new[] { "in ", "from ", "come ", "this ", "next ", "early ", "late ", "mid-", "as of " })
            {
                var at = clause.IndexOf(lead + months[m], StringComparison.Ordinal);
                if (at >= 0 && Language.HasPhrase(clause, lead + months[m]))
                {
                    var rest = clause[(at + lead.Length + months[m].Length)..];
                    var written = Regex.Match(rest, @"^ (20\d\d)\b");
                    var year = written.Success
                        ? int.Parse(written.Groups[1].Value, CultureInfo.InvariantCulture)
                        : m + 1 >= publishedAt.Month ? publishedAt.Year : publishedAt.Year + 1;
                    return $"{year:D4}-{m + 1:D2}";
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The day a source's own report came out when the text dates it ("broke news on Friday", "reported
    /// yesterday"): the latest such day on or before the article's.
    /// </summary>
    public static DateTimeOffset? DayOf(string phrase, DateTimeOffset publishedAt)
    {
        if (Language.HasPhrase(phrase, "yesterday"))
        {
            return publishedAt.AddDays(-1);
        }

        var days = Language.Default.Weekdays;
        for (var d = 0; d < days.Length; d++)
        {
            if (Language.HasPhrase(phrase, "on " + days[d]) || Language.HasPhrase(phrase, "last " + days[d]))
            {
                var target = (DayOfWeek)((d + 1) % 7);
                var back = ((int)publishedAt.DayOfWeek - (int)target + 7) % 7;
                return publishedAt.AddDays(-back);
            }
        }

        return null;
    }
}
