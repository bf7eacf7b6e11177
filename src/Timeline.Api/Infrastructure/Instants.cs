namespace Timeline.Api.Infrastructure;

/// <summary>Reads instants from the query string: an ISO-8601 instant, or a date meaning the end of that UTC day.</summary>
public static class Instants
{
    public static DateTimeOffset? Parse(string? value, string name, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            // "What was known on 29 November" includes everything published that day.
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero);
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            return instant;
        }

        errors.Add(name, "must be an ISO-8601 instant (2025-11-29T12:00:00Z) or a date (2025-11-29).");
        return null;
    }
}
