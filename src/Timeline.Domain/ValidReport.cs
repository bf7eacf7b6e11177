namespace Timeline.Domain;

/// <summary>A report that passed validation: every claim typed, every field within bounds.</summary>
public sealed record ValidReport(
    string? Id,
    string Reporter,
    string Outlet,
    DateTimeOffset PublishedAt,
    string? Url,
    string? Quote,
    IReadOnlyList<Claim> Claims,
    string? ArticleId = null)
{
    /// <summary>The provenance every claim event of this report carries, under id <paramref name="id"/>.</summary>
    public ClaimSource SourceAs(string id) => new(id, Reporter, Outlet, PublishedAt, Url, Quote);

    /// <summary>The report's own event, once its claims were placed in their sagas.</summary>
    public ReportRecorded RecordedAs(string id, string recordedBy, IReadOnlyList<ClaimPlacement> placements, string contentHash) =>
        new(id, Reporter, Outlet, PublishedAt, Url, Quote, recordedBy, Claims, placements, contentHash, ArticleId);
}
