namespace Timeline.Api.Reports;

/// <summary>
/// Typed reads of one JSON object's fields, each failure recorded against the field's path, so a
/// request body is understood completely or refused with every problem named.
/// </summary>
internal sealed class JsonFields(Dictionary<string, JsonElement> fields, string path, ValidationErrors errors)
{
    private const decimal MaxMoney = 100_000_000_000m;

    public bool Failed { get; private set; }

    /// <summary>The error key of field <paramref name="name"/>: <c>claims[2].level</c>, or just the name at the top level.</summary>
    public string Path(string name) => path.Length == 0 ? name : $"{path}.{name}";

    private const string NotUnicode = "must be valid Unicode text (UTF-8, and no \\u escape of half a surrogate pair).";

    /// <summary>
    /// The object's properties by name; a repeated name is an error, not a silent overwrite, and so is a
    /// name that is not text (invalid UTF-8 or a lone surrogate escape), which JSON parsers let through.
    /// </summary>
    public static Dictionary<string, JsonElement> Properties(JsonElement element, string path, ValidationErrors errors)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            string name;
            try
            {
                name = property.Name;
            }
            catch (InvalidOperationException)
            {
                errors.Add(path.Length == 0 ? "body" : path, $"has a field name that {NotUnicode}");
                continue;
            }

            if (!fields.TryAdd(name, property.Value))
            {
                errors.Add(path.Length == 0 ? name : $"{path}.{name}", "appears more than once.");
            }
        }

        return fields;
    }

    public void Error(string name, string message)
    {
        Failed = true;
        errors.Add(Path(name), message);
    }

    public string? String(string name, bool required)
    {
        if (!fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Error(name, "is required.");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Error(name, "must be a string.");
            return null;
        }

        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            // The parser checks a string's quotes and escapes, not that its bytes decode to text.
            Error(name, NotUnicode);
            return null;
        }
    }

    /// <summary>An RFC 3339 date-time with an explicit offset (<c>2025-11-30T09:00:00Z</c>).</summary>
    public DateTimeOffset? Instant(string name)
    {
        var value = String(name, required: false);
        if (value is null)
        {
            return null;
        }

        if (value.Length >= 20 && value[10] is 'T' or 't'
            && (value.EndsWith('Z') || value.EndsWith('z') || value[^6] is '+' or '-')
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            return instant;
        }

        Error(name, "must be a date-time with an offset, e.g. 2025-11-30T09:00:00Z.");
        return null;
    }

    public string? Name(string name, bool required)
    {
        var value = String(name, required);
        if (value is null)
        {
            return null;
        }

        var before = new ValidationErrors();
        Rules.Text(before, name, value, Rules.MaxNameLength, required: true);
        foreach (var (field, messages) in before.ToDictionary())
        {
            foreach (var message in messages)
            {
                Error(field, message);
            }
        }

        return value;
    }

    public TEnum? Enum<TEnum>(string name, bool required) where TEnum : struct, Enum
    {
        var value = String(name, required);
        if (value is null)
        {
            return null;
        }

        if (Vocabulary<TEnum>.TryParse(value, out var parsed))
        {
            return parsed;
        }

        Error(name, $"'{Truncate(value)}' is not allowed; expected one of: {string.Join(", ", Vocabulary<TEnum>.Names)}.");
        return null;
    }

    public decimal? Number(string name)
    {
        if (!fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            Error(name, "must be a number.");
            return null;
        }

        if (!value.TryGetDecimal(out var number))
        {
            Error(name, "is out of range.");
            return null;
        }

        return number;
    }

    public decimal? Money(string name)
    {
        var value = Number(name);
        if (value is < 0m or > MaxMoney)
        {
            Error(name, $"must be between 0 and {MaxMoney:0}.");
            return null;
        }

        return value;
    }

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
