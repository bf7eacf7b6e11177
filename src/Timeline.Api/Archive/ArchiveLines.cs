using System.Text.Json;
using System.Text.Json.Serialization;
using Timeline.Api.Infrastructure;
using Timeline.Domain;

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
    IReadOnlyList<Claim> Claims, string? RecordedBy)
{
    public string Kind => ArchiveLines.Report;
}

public sealed record RetractionLine(string ReportId, string Reason, string? RetractedBy)
{
    public string Kind => ArchiveLines.Retraction;
}
