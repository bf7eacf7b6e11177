using System.Security.Claims;
using Timeline.Api.Drafts;
using Timeline.Drafting;

namespace Timeline.Api.Intake;

/// <summary>
/// An article as the inbox lists it: what it is and where it stands, the start of its text, and the claims
/// the drafter finds in it (<see cref="Claims"/>, every draft report's, in order), so an editor sees at a
/// glance whether it is worth opening.
/// </summary>
public sealed record ArticleSummary(
    string Id,
    Guid FeedId,
    string Outlet,
    string? Reporter,
    string? Title,
    string? Link,
    DateTimeOffset? Published,
    DateTimeOffset FetchedAt,
    ArticleStatus Status,
    string Excerpt,
    IReadOnlyList<string> ReportIds,
    IReadOnlyList<Timeline.Domain.Claim> Claims)
{
    /// <summary>How much of the text a list shows.</summary>
    public const int ExcerptLength = 280;

    public static ArticleSummary From(ArticleView a, DraftResult drafts) =>
        new(a.ArticleId, a.FeedId, a.Outlet, a.Reporter, a.Title, a.Link, a.Published, a.FetchedAt, a.Status,
            a.Text.Length <= ExcerptLength ? a.Text : a.Text[..ExcerptLength] + "…", a.ReportIds,
            drafts.Drafts.SelectMany(d => d.Report.Claims).ToList());
}

/// <summary>An article whole, as <c>GET /api/articles/{id}</c> answers.</summary>
public sealed record ArticleDetail(
    string Id,
    Guid FeedId,
    string Outlet,
    string? Reporter,
    string? ItemGuid,
    string? Link,
    string? Title,
    DateTimeOffset? Published,
    DateTimeOffset FetchedAt,
    string Text,
    ArticleStatus Status,
    string? DismissedBy,
    string? DismissedReason,
    DateTimeOffset? DismissedAt,
    IReadOnlyList<string> ReportIds,
    DraftsView? Drafts = null)
{
    public static ArticleDetail From(ArticleView a, DraftsView? drafts = null) =>
        new(a.ArticleId, a.FeedId, a.Outlet, a.Reporter, a.ItemGuid, a.Link, a.Title, a.Published, a.FetchedAt, a.Text, a.Status,
            a.DismissedBy, a.DismissedReason, a.DismissedAt, a.ReportIds, drafts);
}

/// <summary>One page of the inbox; <see cref="NextAfter"/> asks for the next (null on the last).</summary>
public sealed record ArticlePage(IReadOnlyList<ArticleSummary> Items, string? NextAfter);

public sealed record DismissalInput(string? Reason);

/// <summary>
/// <c>/api/articles</c>: the inbox of articles the followed feeds brought, newest first, and what editors
/// did with them. Dismissing is an event in the article's stream, so the record shows who did it and why.
/// Drafts are made when an article is read, not kept with it: they name players by the sagas open now (a
/// saga opened after the article arrived is found), and they improve as the drafter does. A page of the
/// inbox is drafted article by article, so pages are small and the list is a costly read.
/// </summary>
public static class Inbox
{
    private const int DefaultLimit = 20;
    private const int MaxLimit = 100;

    [WolverineGet("/api/articles", OperationId = "ListArticles")]
    [ReadAccess]
    [EndpointSummary("The inbox: articles from followed feeds, newest first")]
    [EndpointDescription("status (pending, recorded, dismissed) and feed (a feed id) narrow it. Keyset pages: after is the previous page's nextAfter (null on the last page); limit 1-100 (default 20). Newest means published, or fetched for an item without a date. Each article carries the claims its drafts hold.")]
    [ProducesResponseType(typeof(ArticlePage), StatusCodes.Status200OK)]
    [CostlyRead]
    public static async Task<IResult> List(
        string? status, Guid? feed, string? after, int? limit, IQuerySession session, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        ArticleStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (Vocabulary<ArticleStatus>.TryParse(status, out var parsed))
            {
                wanted = parsed;
            }
            else
            {
                errors.Add(nameof(status), $"must be one of: {string.Join(", ", Vocabulary<ArticleStatus>.Names)}.");
            }
        }

        var cursor = Cursor.Parse(after, errors);
        if (limit is < 1 or > MaxLimit)
        {
            errors.Add(nameof(limit), $"must be between 1 and {MaxLimit}.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        IQueryable<ArticleView> query = session.Query<ArticleView>();
        if (wanted is { } s)
        {
            query = query.Where(a => a.Status == s);
        }

        if (feed is { } f)
        {
            query = query.Where(a => a.FeedId == f);
        }

        if (cursor is { } c)
        {
            var key = ArticleStreams.Key(c.Id);
            query = query.Where(a => a.SortAt < c.At || (a.SortAt == c.At && a.Id.CompareTo(key) < 0));
        }

        var take = limit ?? DefaultLimit;
        var page = await query.OrderByDescending(a => a.SortAt).ThenByDescending(a => a.Id).Take(take + 1).ToListAsync(ct);
        var knowledge = page.Count == 0 ? StoreKnowledge.Empty : await DraftArticle.StoreKnowledgeAsync(session, ct);
        var items = page.Take(take).Select(a => ArticleSummary.From(a, Drafter.Draft(AsArticle(a), knowledge))).ToList();
        return TypedResults.Ok(new ArticlePage(items, page.Count > take ? new Cursor(page[take - 1].SortAt, page[take - 1].ArticleId).ToString() : null));
    }

    [WolverineGet("/api/articles/{id}", OperationId = "GetArticle")]
    [ReadAccess]
    [EndpointSummary("An article: its feed, outlet, title, link, dates, text, status and drafts")]
    [EndpointDescription("drafts is what POST /api/drafts gives for the article's text, published time, link, outlet and reporter, made now against the sagas open now.")]
    [ProducesResponseType(typeof(ArticleDetail), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(string id, IQuerySession session, CancellationToken ct)
    {
        if (await session.LoadAsync<ArticleView>(ArticleStreams.Key(id), ct) is not { } article)
        {
            return NotFound(id);
        }

        var drafts = Drafter.Draft(AsArticle(article), await DraftArticle.StoreKnowledgeAsync(session, ct));
        return TypedResults.Ok(ArticleDetail.From(article, DraftArticle.View(drafts)));
    }

    /// <summary>The article as the drafter takes it: dated by its publication, or its fetch when the feed gave no date.</summary>
    private static Article AsArticle(ArticleView a) => new(a.Text, a.Published ?? a.FetchedAt, a.Outlet, a.Reporter, a.Link);

    [WolverinePost("/api/articles/{id}/dismissal", OperationId = "DismissArticle")]
    [WriteAccess]
    [EndpointSummary("Dismiss an article: nothing in it worth recording")]
    [EndpointDescription("201 with the article; dismissing again answers 200 and stores nothing; an article already recorded is a 409.")]
    [ProducesResponseType(typeof(ArticleDetail), StatusCodes.Status201Created)]
    [ProducesResponseType(typeof(ArticleDetail), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Dismiss(
        string id, DismissalInput body, IDocumentSession session, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        Rules.Text(errors, "reason", body.Reason, Rules.MaxReasonLength, required: true, multiline: true);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var stream = await session.Events.FetchForWriting<ArticleView>(ArticleStreams.Key(id), ct);
        switch (stream.Aggregate)
        {
            case null:
                return NotFound(id);
            case { Status: ArticleStatus.Dismissed } dismissed:
                return TypedResults.Ok(ArticleDetail.From(dismissed));
            case { Status: ArticleStatus.Recorded }:
                return Problems.Conflict($"Article '{id}' was recorded; a recorded article is not dismissed.");
        }

        var recordedBy = user.KeyName();
        stream.AppendOne(new ArticleDismissed(id, body.Reason!, recordedBy));
        session.LastModifiedBy = recordedBy;
        TimelineInstruments.StampTrace(session);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (JasperFx.ConcurrencyException)
        {
            return Problems.Conflict($"Article '{id}' changed while it was dismissed (a report drafted from it was recorded); look at it again.");
        }
        return TypedResults.Created(
            $"/api/articles/{id}",
            ArticleDetail.From(stream.Aggregate with
            {
                Status = ArticleStatus.Dismissed, DismissedBy = recordedBy, DismissedReason = body.Reason, DismissedAt = clock.GetUtcNow(),
            }));
    }

    private static IResult NotFound(string id) => Problems.NotFound($"There is no article '{id}'.");

    /// <summary>Where a page ended: the last article's sort time and id, as <c>ticks-id</c>.</summary>
    private readonly record struct Cursor(DateTimeOffset At, string Id)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{At.UtcTicks}-{Id}");

        public static Cursor? Parse(string? value, ValidationErrors errors)
        {
            if (string.IsNullOrEmpty(value))
            {
                return null;
            }

            var parts = value.Split('-', 2);
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks <= DateTimeOffset.MaxValue.UtcTicks && parts[1].Length > 0)
            {
                return new Cursor(new DateTimeOffset(ticks, TimeSpan.Zero), parts[1]);
            }

            errors.Add("after", "must be the nextAfter of a previous page.");
            return null;
        }
    }
}
