using System.Text.Json.Serialization;

namespace Timeline.Api.Archive;

/// <summary>
/// One line of an NDJSON archive, as <c>export</c> writes and <c>import</c> reads. A line without
/// <c>kind</c> is a report in the shape <c>POST /api/reports</c> takes.
/// </summary>
public static class ArchiveLines
{
    public const string Saga = "saga";
    public const string Report = "report";
    public const string Retraction = "retraction";
    public const string Article = "article";
    public const string Dismissal = "dismissal";

    public static readonly JsonSerializerOptions Json = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(TimelineJson.Api)
        {
            WriteIndented = false,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        return options;
    }
}

/// <summary>A saga's details; <c>version</c>, as exported, is the saga stream version they were recorded at.</summary>
public sealed record SagaLine(string Slug, string Player, string? CurrentClub, DateOnly? ContractExpires, string? RecordedBy, long? Version)
{
    public string Kind => ArchiveLines.Saga;
}

public sealed record ReportLine(
    string Id, string Reporter, string Outlet, DateTimeOffset PublishedAt, string? Url, string? Quote,
    IReadOnlyList<Claim> Claims, string? RecordedBy, string? ArticleId = null)
{
    public string Kind => ArchiveLines.Report;
}

public sealed record RetractionLine(string ReportId, string Reason, string? RetractedBy)
{
    public string Kind => ArchiveLines.Retraction;
}

/// <summary>An article of the inbox as a feed brought it (its drafts are made again when it is read).</summary>
public sealed record ArticleLine(
    string ArticleId, Guid FeedId, string Outlet, string? Reporter, string? ItemGuid, string? Link, string? Title,
    DateTimeOffset? Published, string Text, DateTimeOffset FetchedAt)
{
    public string Kind => ArchiveLines.Article;
}

/// <summary>An article an editor dismissed, and why.</summary>
public sealed record DismissalLine(string ArticleId, string Reason, string DismissedBy)
{
    public string Kind => ArchiveLines.Dismissal;
}
