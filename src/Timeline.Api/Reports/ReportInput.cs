namespace Timeline.Api.Reports;

/// <summary>
/// The body of <c>POST /api/reports</c> as the contract states it, for the OpenAPI document (and so for generated
/// clients): the endpoint reads the body itself, field by field (<see cref="ReportInput"/>), to name each bad one.
/// </summary>
public sealed record ReportBody
{
    /// <summary>Makes sending the report again idempotent; generated (a UUIDv7) when absent.</summary>
    public string? Id { get; init; }

    public required string Reporter { get; init; }
    public required string Outlet { get; init; }
    public required DateTimeOffset PublishedAt { get; init; }
    public string? Url { get; init; }
    public string? Quote { get; init; }
    public required IReadOnlyList<Claim> Claims { get; init; }

    /// <summary>The inbox article the report was drafted from.</summary>
    public string? ArticleId { get; init; }
}

/// <summary>The body of <c>POST /api/reports</c> as received; claims stay raw until validated.</summary>
public sealed record ReportInput(
    string? Id,
    string? Reporter,
    string? Outlet,
    DateTimeOffset? PublishedAt,
    string? Url,
    string? Quote,
    IReadOnlyList<JsonElement>? Claims,
    string? ArticleId = null)
{
    private static readonly string[] FieldNames = ["id", "reporter", "outlet", "publishedAt", "url", "quote", "claims", "articleId"];

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
            claims,
            reader.String("articleId", required: false));
    }
}
