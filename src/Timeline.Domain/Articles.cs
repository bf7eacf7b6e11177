namespace Timeline.Domain;

/// <summary>Marker for the events of an article's stream (stream key <see cref="ArticleStreams.Key"/>).</summary>
public interface IArticleEvent
{
    string ArticleId { get; }
}

/// <summary>
/// An item of a followed feed, as it was fetched: stored once (its id is derived from the feed and the item's
/// guid, or its link when it has none) and never changed; what an editor makes of it is a later event.
/// </summary>
public sealed record ArticleReceived(
    string ArticleId,
    Guid FeedId,
    string Outlet,
    string? Reporter,
    string? ItemGuid,
    string? Link,
    string? Title,
    DateTimeOffset? Published,
    string Text,
    DateTimeOffset FetchedAt) : IArticleEvent;

/// <summary>An editor found nothing in the article worth recording.</summary>
public sealed record ArticleDismissed(string ArticleId, string Reason, string DismissedBy) : IArticleEvent;

/// <summary>A report drafted from the article was recorded (appended in the report's transaction).</summary>
public sealed record ArticleRecorded(string ArticleId, string ReportId, string RecordedBy) : IArticleEvent;

public static class ArticleStreams
{
    // ':' never occurs in a saga slug, and the prefix differs from reports', so the streams cannot collide.
    public const string Prefix = "article:";

    public static string Key(string articleId) => Prefix + articleId;

    /// <summary>
    /// The article id of a feed item: the same item seen again (the same guid, or the same link when the item
    /// has no guid) gets the same id, so it can only ever start one stream.
    /// </summary>
    public static string IdOf(Guid feedId, string identity)
    {
        var digest = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{feedId:N}\n{identity}"));
        return Convert.ToHexStringLower(digest.AsSpan(0, 12));
    }
}
