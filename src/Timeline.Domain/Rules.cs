using System.Text.RegularExpressions;

namespace Timeline.Domain;

public static partial class Rules
{
    public const int MaxNameLength = 200;
    public const int MaxUrlLength = 2048;
    public const int MaxQuoteLength = 20_000;
    public const int MaxClaims = 200;
    public const int MaxReasonLength = 2_000;

    /// <summary>How far a publishedAt may run ahead of this server's clock (other clocks drift).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public static readonly DateTimeOffset EarliestPublishedAt = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex ReportIdPattern();

    [GeneratedRegex("^[A-Z]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyPattern();

    public static bool IsSlug(string? value) => value is { Length: <= 100 } && SlugPattern().IsMatch(value);

    public static bool IsReportId(string? value) => value is not null && ReportIdPattern().IsMatch(value);

    public static bool IsCurrency(string value) => CurrencyPattern().IsMatch(value);

    /// <summary>Checks a required or optional free-text field and records what is wrong with it.</summary>
    public static void Text(
        ValidationErrors errors, string field, string? value, int maxLength, bool required, bool multiline = false)
    {
        if (value is null)
        {
            if (required)
            {
                errors.Add(field, "is required.");
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, "must not be blank.");
        }
        else if (value.Length > maxLength)
        {
            errors.Add(field, $"must be at most {maxLength} characters.");
        }
        else if (value.Any(ch => char.IsControl(ch) && !(multiline && ch is '\n' or '\r' or '\t')))
        {
            errors.Add(field, "must not contain control characters.");
        }
        else if (HasLoneSurrogate(value))
        {
            errors.Add(field, "must be valid Unicode text.");
        }
    }

    /// <summary>
    /// A reporter's, outlet's or player's name: free text, and neither bidirectional controls nor a mix of
    /// scripts (<see cref="Names.Lookalikes.Refusal"/>), the two ways a name is made to pass for another.
    /// </summary>
    public static void Name(ValidationErrors errors, string field, string? value, bool required)
    {
        var before = errors.Has(field);
        Text(errors, field, value, MaxNameLength, required);
        if (!before && !errors.Has(field) && value is not null && Names.Lookalikes.Refusal(value) is { } refusal)
        {
            errors.Add(field, refusal);
        }
    }

    private static bool HasLoneSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return true;
            }
        }

        return false;
    }
}
