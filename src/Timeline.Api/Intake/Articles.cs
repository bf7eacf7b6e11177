using System.Text.Json.Serialization;
using Marten.Events.Aggregation;

namespace Timeline.Api.Intake;

[JsonConverter(typeof(JsonStringEnumConverter<ArticleStatus>))]
public enum ArticleStatus
{
    /// <summary>Waiting for an editor.</summary>
    [JsonStringEnumMemberName("pending"), WireName("pending")] Pending,

    /// <summary>A report drafted from it was recorded.</summary>
    [JsonStringEnumMemberName("recorded"), WireName("recorded")] Recorded,

    /// <summary>An editor found nothing in it worth recording.</summary>
    [JsonStringEnumMemberName("dismissed"), WireName("dismissed")] Dismissed,
}

/// <summary>
/// An article as the inbox shows it, projected inline from its stream: what the feed brought, and what
/// editors made of it. <see cref="SortAt"/> (published, or fetched when the item had no date) orders the inbox.
/// The document's <see cref="Id"/> is its stream's key (<see cref="ArticleStreams.Key"/>); the API speaks of
/// <see cref="ArticleId"/>.
/// </summary>
public sealed record ArticleView
{
    public required string Id { get; init; }

    public required string ArticleId { get; init; }

    public Guid FeedId { get; init; }

    public required string Outlet { get; init; }

    public string? Reporter { get; init; }

    public string? ItemGuid { get; init; }

    public string? Link { get; init; }

    public string? Title { get; init; }

    public DateTimeOffset? Published { get; init; }

    public required string Text { get; init; }

    public DateTimeOffset FetchedAt { get; init; }

    public DateTimeOffset SortAt { get; init; }

    public ArticleStatus Status { get; init; }

    public string? DismissedBy { get; init; }

    public string? DismissedReason { get; init; }

    public DateTimeOffset? DismissedAt { get; init; }

    public IReadOnlyList<string> ReportIds { get; init; } = [];
}

public sealed class ArticleProjection : SingleStreamProjection<ArticleView, string>
{
    public static ArticleView Create(ArticleReceived e) => new()
    {
        Id = ArticleStreams.Key(e.ArticleId),
        ArticleId = e.ArticleId,
        FeedId = e.FeedId,
        Outlet = e.Outlet,
        Reporter = e.Reporter,
        ItemGuid = e.ItemGuid,
        Link = e.Link,
        Title = e.Title,
        Published = e.Published,
        Text = e.Text,
        FetchedAt = e.FetchedAt,
        SortAt = e.Published ?? e.FetchedAt,
        Status = ArticleStatus.Pending,
    };

    public static ArticleView Apply(IEvent<ArticleDismissed> e, ArticleView view) =>
        view.Status == ArticleStatus.Recorded
            ? view
            : view with { Status = ArticleStatus.Dismissed, DismissedBy = e.Data.DismissedBy, DismissedReason = e.Data.Reason, DismissedAt = e.Timestamp };

    public static ArticleView Apply(ArticleRecorded e, ArticleView view) =>
        view with { Status = ArticleStatus.Recorded, ReportIds = [.. view.ReportIds, e.ReportId] };
}
