using CsvHelper;
using CsvHelper.Configuration;

namespace Timeline.Api.Audit;

/// <summary>
/// An audit page as CSV for spreadsheets: the same rows and fields as the JSON, the claim (or the
/// non-claim event) as a JSON cell. Cells that a spreadsheet would run as a formula are quoted with a
/// leading apostrophe.
/// </summary>
public sealed class AuditCsv(AuditPage page) : IResult
{
    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture)
    {
        InjectionOptions = InjectionOptions.Escape,
    };

    private static readonly string[] Header =
    [
        "sequence", "saga", "version", "type", "recordedAt", "recordedBy", "reportId", "reporter", "outlet",
        "publishedAt", "url", "quote", "claim", "retracted", "hash", "articleId",
    ];

    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.ContentType = "text/csv; charset=utf-8";
        if (page.NextAfter is { } next)
        {
            http.Response.Headers["X-Next-After"] = next.ToString(CultureInfo.InvariantCulture);
        }

        await using var writer = new StreamWriter(http.Response.Body, leaveOpen: true);
        await using var csv = new CsvWriter(writer, Configuration);
        foreach (var name in Header)
        {
            csv.WriteField(name);
        }

        await csv.NextRecordAsync();
        foreach (var row in page.Items)
        {
            object?[] cells =
            [
                row.Sequence, row.Saga, row.Version, row.Type, Instant(row.RecordedAt), row.RecordedBy, row.ReportId,
                row.Reporter, row.Outlet, Instant(row.PublishedAt), row.Url, row.Quote,
                Json(row), row.Retracted ? "true" : "false", row.Hash, row.ArticleId,
            ];
            foreach (var cell in cells)
            {
                csv.WriteField(cell?.ToString() ?? "");
            }

            await csv.NextRecordAsync();
        }

        await csv.FlushAsync();
    }

    /// <summary>The claim as the API writes it (with its "type"), or the event when it is not a claim.</summary>
    private static string Json(AuditEntry row) => row.Claim is { } claim
        ? JsonSerializer.Serialize(claim, TimelineJson.Api)
        : JsonSerializer.Serialize(row.Event, TimelineJson.Api);

    private static string? Instant(DateTimeOffset? value) =>
        value?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
