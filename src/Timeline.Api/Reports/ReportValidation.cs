using System.Security.Cryptography;

namespace Timeline.Api.Reports;

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
        if (input.ArticleId is not null && !Rules.IsReportId(input.ArticleId))
        {
            errors.Add("articleId", "must be the id of an article in the inbox (GET /api/articles).");
        }

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
            input.Quote, claims, input.ArticleId);
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

    /// <summary>
    /// A digest of everything the report asserts (not its id), so an identical repeat can be told
    /// from a different report that reuses an id. The article it was drafted from counts when it names one
    /// (and only then, so the digests of reports without one are what they always were).
    /// </summary>
    public static string ContentHash(this ValidReport report)
    {
        var canonical = report.ArticleId is null
            ? JsonSerializer.SerializeToUtf8Bytes(
                new { report.Reporter, report.Outlet, PublishedAt = report.PublishedAt.ToUniversalTime(), report.Url, report.Quote, report.Claims },
                CanonicalJson)
            : JsonSerializer.SerializeToUtf8Bytes(
                new { report.Reporter, report.Outlet, PublishedAt = report.PublishedAt.ToUniversalTime(), report.Url, report.Quote, report.Claims, report.ArticleId },
                CanonicalJson);
        return Convert.ToHexStringLower(SHA256.HashData(canonical));
    }

    private static readonly JsonSerializerOptions CanonicalJson = TimelineJson.Vocabulary(new(JsonSerializerDefaults.Web));
}
