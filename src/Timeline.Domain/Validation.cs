using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Timeline.Domain;

/// <summary>
/// Field errors keyed by the JSON path of the offending value (<c>claims[2].level</c>), the shape
/// ASP.NET Core's validation problem details use.
/// </summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
    }

    public bool Has(string field) => _errors.ContainsKey(field);

    /// <summary>Adds <paramref name="other"/>'s errors for the fields that have none here yet.</summary>
    public void AddMissing(ValidationErrors other)
    {
        foreach (var (field, messages) in other._errors.Where(e => !Has(e.Key)))
        {
            _errors[field] = [.. messages];
        }
    }

    public IDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
}

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

/// <summary>The body of <c>POST /api/reports</c> as received; claims stay raw until validated.</summary>
public sealed record ReportInput(
    string? Id,
    string? Reporter,
    string? Outlet,
    DateTimeOffset? PublishedAt,
    string? Url,
    string? Quote,
    IReadOnlyList<JsonElement>? Claims)
{
    private static readonly string[] FieldNames = ["id", "reporter", "outlet", "publishedAt", "url", "quote", "claims"];

    /// <summary>
    /// Reads a request body field by field, so that a wrongly typed or unknown field is named in the
    /// error (<c>reporter</c>: must be a string) rather than failing the whole body at once.
    /// </summary>
    public static ReportInput? Read(JsonElement body, ValidationErrors errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "must be a JSON object: a report.");
            return null;
        }

        var fields = JsonFields.Properties(body, "", errors);
        foreach (var name in fields.Keys.Except(FieldNames, StringComparer.Ordinal))
        {
            errors.Add(name, $"is not a field of a report; expected: {string.Join(", ", FieldNames)}.");
        }

        var reader = new JsonFields(fields, "", errors);
        IReadOnlyList<JsonElement>? claims = null;
        if (fields.TryGetValue("claims", out var array) && array.ValueKind != JsonValueKind.Null)
        {
            if (array.ValueKind == JsonValueKind.Array)
            {
                claims = [.. array.EnumerateArray().Select(claim => claim.Clone())];
            }
            else
            {
                reader.Error("claims", "must be an array of claims.");
            }
        }

        return new ReportInput(
            reader.String("id", required: false),
            reader.String("reporter", required: false),
            reader.String("outlet", required: false),
            reader.Instant("publishedAt"),
            reader.String("url", required: false),
            reader.String("quote", required: false),
            claims);
    }
}

/// <summary>A report that passed validation: every claim typed, every field within bounds.</summary>
public sealed record ValidReport(
    string? Id,
    string Reporter,
    string Outlet,
    DateTimeOffset PublishedAt,
    string? Url,
    string? Quote,
    IReadOnlyList<Claim> Claims)
{
    /// <summary>
    /// A digest of everything the report asserts (not its id), so an identical repeat can be told
    /// from a different report that reuses an id.
    /// </summary>
    public string ContentHash()
    {
        var canonical = JsonSerializer.SerializeToUtf8Bytes(
            new { Reporter, Outlet, PublishedAt = PublishedAt.ToUniversalTime(), Url, Quote, Claims },
            CanonicalJson);
        return Convert.ToHexStringLower(SHA256.HashData(canonical));
    }

    /// <summary>The provenance every claim event of this report carries, under id <paramref name="id"/>.</summary>
    public ClaimSource SourceAs(string id) => new(id, Reporter, Outlet, PublishedAt, Url, Quote);

    /// <summary>The report's own event, once its claims were placed in their sagas.</summary>
    public ReportRecorded RecordedAs(string id, string recordedBy, IReadOnlyList<ClaimPlacement> placements, string contentHash) =>
        new(id, Reporter, Outlet, PublishedAt, Url, Quote, recordedBy, Claims, placements, contentHash);

    private static readonly JsonSerializerOptions CanonicalJson = new(JsonSerializerDefaults.Web);
}

public static class ReportValidation
{
    /// <summary>Validates a report as it arrived: the JSON shape first, then every rule.</summary>
    public static (ValidReport? Report, ValidationErrors Errors) Validate(JsonElement body, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        if (ReportInput.Read(body, errors) is not { } input)
        {
            return (null, errors);
        }

        var (report, rules) = Validate(input, now);
        errors.AddMissing(rules);
        return errors.Any ? (null, errors) : (report, errors);
    }

    public static (ValidReport? Report, ValidationErrors Errors) Validate(ReportInput input, DateTimeOffset now)
    {
        var errors = new ValidationErrors();

        if (input.Id is not null && !Rules.IsReportId(input.Id))
        {
            errors.Add("id", "must be 1-128 characters: letters, digits, '.', '_', '~' or '-', starting with a letter or digit.");
        }

        Rules.Name(errors, "reporter", input.Reporter, required: true);
        Rules.Name(errors, "outlet", input.Outlet, required: true);
        Rules.Text(errors, "quote", input.Quote, Rules.MaxQuoteLength, required: false, multiline: true);
        ValidateUrl(errors, input.Url);

        if (input.PublishedAt is not { } publishedAt)
        {
            errors.Add("publishedAt", "is required.");
        }
        else if (publishedAt > now + Rules.ClockSkew)
        {
            errors.Add("publishedAt", $"must not be in the future (server time is {now:O}).");
        }
        else if (publishedAt < Rules.EarliestPublishedAt)
        {
            errors.Add("publishedAt", "must be after 1900-01-01.");
        }

        var claims = new List<Claim>();
        if (input.Claims is null || input.Claims.Count == 0)
        {
            errors.Add("claims", "must hold at least one claim.");
        }
        else if (input.Claims.Count > Rules.MaxClaims)
        {
            errors.Add("claims", $"must hold at most {Rules.MaxClaims} claims.");
        }
        else
        {
            for (var i = 0; i < input.Claims.Count; i++)
            {
                if (ClaimParser.Parse(input.Claims[i], $"claims[{i}]", errors) is { } claim)
                {
                    claims.Add(claim);
                }
            }
        }

        if (errors.Any)
        {
            return (null, errors);
        }

        var report = new ValidReport(
            input.Id, input.Reporter!, input.Outlet!, input.PublishedAt!.Value.ToUniversalTime(), input.Url,
            input.Quote, claims);
        return (report, errors);
    }

    private static void ValidateUrl(ValidationErrors errors, string? url)
    {
        if (url is null)
        {
            return;
        }

        Rules.Text(errors, "url", url, Rules.MaxUrlLength, required: true);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            errors.Add("url", "must be an absolute http or https URL.");
        }
    }
}

public sealed record SagaDetailsInput(string? Player, string? CurrentClub, DateOnly? ContractExpires);

public static class SagaValidation
{
    public static ValidationErrors Validate(string slug, SagaDetailsInput input)
    {
        var errors = new ValidationErrors();
        if (!Rules.IsSlug(slug))
        {
            errors.Add("slug", "must be lower-case letters and digits separated by single hyphens, at most 100 characters (e.g. 'ibrahima-konate').");
        }

        Rules.Name(errors, "player", input.Player, required: true);
        Rules.Text(errors, "currentClub", input.CurrentClub, Rules.MaxNameLength, required: false);
        return errors;
    }
}
