using System.Security.Claims;
using Timeline.Api.Webhooks;

namespace Timeline.Api.Intake;

public sealed record FeedInput(string? Url, string? Outlet, string? Reporter, string? Interval);

/// <summary>A followed feed as the API shows it (its validators and poll token stay inside).</summary>
public sealed record FeedView(
    Guid Id,
    string Url,
    string Outlet,
    string? Reporter,
    string Interval,
    FeedStatus Status,
    DateTimeOffset? LastPolledAt,
    int? LastStatusCode,
    string? LastError,
    int ConsecutiveFailures,
    DateTimeOffset? NextPollAt,
    int ArticlesReceived,
    DateTimeOffset CreatedAt,
    string? CreatedBy)
{
    public static FeedView From(FeedSubscription f) =>
        new(f.Id, f.Url, f.Outlet, f.Reporter, f.Interval.ToString("c", CultureInfo.InvariantCulture), f.Status, f.LastPolledAt,
            f.LastStatusCode, f.LastError, f.ConsecutiveFailures, f.NextPollAt, f.ArticlesReceived, f.CreatedAt, f.CreatedBy);
}

/// <summary>
/// <c>/api/feeds</c>: the outlets' RSS, Atom and JSON feeds Timeline follows. Each new item becomes an article
/// in the inbox (<c>/api/articles</c>). Following, deleting and polling now need a write key; a feed belongs
/// to the key that followed it (another key deletes it only with the admin scope).
/// </summary>
public static class Feeds
{
    private const int MaxUrlLength = 2048;

    [WolverinePost("/api/feeds", OperationId = "FollowFeed")]
    [WriteAccess]
    [EndpointSummary("Follow a feed: its new items become articles in the inbox")]
    [EndpointDescription("201 with the feed; the first poll follows within seconds. interval (\"00:05:00\", default 5 minutes, at least 1 minute) is how often it is polled; an outlet's Cache-Control max-age or Retry-After can stretch it, and a failing feed backs off. Loopback and private addresses are refused unless Timeline:Feeds:AllowPrivateTargets is set. 409 when the URL is already followed.")]
    [ProducesResponseType(typeof(FeedView), StatusCodes.Status201Created)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<(IResult, OutgoingMessages)> Post(
        FeedInput body, IDocumentSession session, ClaimsPrincipal user, IOptions<FeedOptions> options, TimeProvider clock,
        CancellationToken ct)
    {
        var settings = options.Value;
        var errors = new ValidationErrors();
        if (body.Url is { Length: > MaxUrlLength })
        {
            errors.Add("url", $"must be at most {MaxUrlLength} characters.");
        }
        else if (await WebhookTargets.RefusalAsync(body.Url, settings.AllowPrivateTargets, ct) is { } refusal)
        {
            errors.Add("url", refusal.Replace("Timeline:Webhooks:AllowPrivateTargets", "Timeline:Feeds:AllowPrivateTargets", StringComparison.Ordinal));
        }

        Rules.Name(errors, "outlet", body.Outlet, required: true);
        Rules.Name(errors, "reporter", body.Reporter, required: false);
        var interval = settings.DefaultInterval;
        if (body.Interval is not null)
        {
            if (!TimeSpan.TryParse(body.Interval, CultureInfo.InvariantCulture, out interval))
            {
                errors.Add("interval", "must be a duration like \"00:05:00\".");
            }
            else if (interval < settings.MinInterval || interval > settings.MaxInterval)
            {
                errors.Add("interval", $"must be between {settings.MinInterval:c} and {settings.MaxInterval:c}.");
            }
        }

        if (errors.Any)
        {
            return (Problems.Validation(errors), []);
        }

        if (await session.Query<FeedSubscription>().FirstOrDefaultAsync(f => f.Url == body.Url, ct) is { } existing)
        {
            return (Problems.Conflict($"The feed {body.Url} is already followed as '{existing.Id}'."), []);
        }

        var now = clock.GetUtcNow();
        var feed = new FeedSubscription
        {
            Id = Guid.CreateVersion7(now),
            Url = body.Url!,
            Outlet = body.Outlet!.Trim(),
            Reporter = string.IsNullOrWhiteSpace(body.Reporter) ? null : body.Reporter.Trim(),
            Interval = interval,
            CreatedAt = now,
            CreatedBy = user.KeyName(),
            Status = FeedStatus.Pending,
            NextPollAt = now,
            PollToken = Guid.CreateVersion7(now),
        };
        // Saved by Wolverine's transaction with the first poll in its outbox: the poll goes out once the feed is committed.
        session.Store(feed);
        return (TypedResults.Created($"/api/feeds/{feed.Id}", FeedView.From(feed)), [new PollFeed(feed.Id, feed.PollToken)]);
    }

    [WolverineGet("/api/feeds", OperationId = "ListFeeds")]
    [ReadAccess]
    [EndpointSummary("The followed feeds, with how their polls are going")]
    [EndpointDescription("Each feed's status (pending, ok, failing), last poll, last answer's status code, last error, failures in a row, next poll and how many articles it brought.")]
    public static async Task<IReadOnlyList<FeedView>> List(IQuerySession session, CancellationToken ct) =>
        (await session.Query<FeedSubscription>().OrderBy(f => f.CreatedAt).ToListAsync(ct)).Select(FeedView.From).ToList();

    [WolverineGet("/api/feeds/{id}", OperationId = "GetFeed")]
    [ReadAccess]
    [EndpointSummary("A followed feed, with how its polls are going")]
    [ProducesResponseType(typeof(FeedView), StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid id, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<FeedSubscription>(id, ct) is { } feed ? TypedResults.Ok(FeedView.From(feed)) : NotFound(id);

    [WolverineDelete("/api/feeds/{id}", OperationId = "UnfollowFeed")]
    [WriteAccess]
    [EndpointSummary("Stop following a feed; its articles stay")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public static async Task<IResult> Delete(Guid id, IDocumentSession session, ClaimsPrincipal user, CancellationToken ct)
    {
        switch (await session.LoadAsync<FeedSubscription>(id, ct))
        {
            case null:
                return NotFound(id);
            case var feed when !user.MayManage(feed.CreatedBy):
                return NotYours(feed);
        }

        // The poll already scheduled finds no feed and does nothing.
        session.Delete<FeedSubscription>(id);
        await session.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    [WolverinePost("/api/feeds/{id}/poll", OperationId = "PollFeedNow")]
    [WriteAccess]
    [EndpointSummary("Poll a feed now instead of at its next poll")]
    [EndpointDescription("202 with the feed; the poll runs within seconds on one node and takes the place of the poll that was scheduled.")]
    [ProducesResponseType(typeof(FeedView), StatusCodes.Status202Accepted)]
    public static async Task<(IResult, OutgoingMessages)> PollNow(Guid id, IQuerySession session, CancellationToken ct)
    {
        if (await session.LoadAsync<FeedSubscription>(id, ct) is not { } feed)
        {
            return (NotFound(id), []);
        }

        // The due poll's own token, so the feed is not changed here: whichever of this poll and the scheduled one
        // runs first polls and hands the next poll a new token; the other finds its token spent and does nothing.
        return (TypedResults.Accepted($"/api/feeds/{feed.Id}", FeedView.From(feed)), [new PollFeed(feed.Id, feed.PollToken)]);
    }

    private static IResult NotFound(Guid id) => Problems.NotFound($"There is no feed '{id}'.");

    private static IResult NotYours(FeedSubscription feed) => KeyScopes.Forbidden(
        $"The feed '{feed.Id}' was followed by the key '{feed.CreatedBy}'; only that key or a key with the admin scope may stop it.");
}
