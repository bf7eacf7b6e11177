using Timeline.Drafting;

namespace Timeline.Api.Drafts;

/// <summary>The body of <c>POST /api/drafts</c>: an article's text and what the caller knows about it.</summary>
public sealed record DraftInput(string? Text, DateTimeOffset? PublishedAt, string? Url, string? Outlet, string? Reporter)
{
    private static readonly string[] FieldNames = ["text", "publishedAt", "url", "outlet", "reporter"];

    /// <summary>Reads and checks a body field by field; every problem is named against its field.</summary>
    public static (Article? Article, ValidationErrors Errors) Validate(JsonElement body, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "must be a JSON object: {text, publishedAt?, url?, outlet?, reporter?}.");
            return (null, errors);
        }

        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in body.EnumerateObject())
        {
            if (!FieldNames.Contains(property.Name, StringComparer.Ordinal))
            {
                errors.Add(property.Name, $"is not a field of a draft request; expected: {string.Join(", ", FieldNames)}.");
            }
            else if (!fields.TryAdd(property.Name, property.Value))
            {
                errors.Add(property.Name, "appears more than once.");
            }
        }

        var text = String(fields, "text", errors);
        if (text is null && !errors.Has("text"))
        {
            errors.Add("text", "is required: the article's text.");
        }
        else if (text is not null)
        {
            if (text.Length > Drafter.MaxTextLength)
            {
                errors.Add("text", $"must be at most {Drafter.MaxTextLength:N0} characters (it has {text.Length:N0}).");
            }
            else
            {
                Rules.Text(errors, "text", text, Drafter.MaxTextLength, required: true, multiline: true);
            }
        }

        DateTimeOffset? publishedAt = null;
        if (String(fields, "publishedAt", errors) is { } written)
        {
            if (DateTimeOffset.TryParse(written, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) && written.Length >= 10)
            {
                publishedAt = parsed.ToUniversalTime();
                if (publishedAt > now + Rules.ClockSkew)
                {
                    errors.Add("publishedAt", $"must not be in the future (server time is {now:O}): a draft must be recordable.");
                }
                else if (publishedAt < Rules.EarliestPublishedAt)
                {
                    errors.Add("publishedAt", "must be after 1900-01-01.");
                }
            }
            else
            {
                errors.Add("publishedAt", "must be a date-time such as 2025-11-30T09:00:00Z.");
            }
        }

        var url = String(fields, "url", errors);
        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || url.Length > Rules.MaxUrlLength))
        {
            errors.Add("url", "must be an absolute http or https URL.");
        }

        var outlet = String(fields, "outlet", errors);
        var reporter = String(fields, "reporter", errors);
        Rules.Text(errors, "outlet", outlet, Rules.MaxNameLength, required: false);
        Rules.Text(errors, "reporter", reporter, Rules.MaxNameLength, required: false);
        return errors.Any ? (null, errors) : (new Article(text!, publishedAt ?? now, outlet, reporter, url), errors);
    }

    private static string? String(Dictionary<string, JsonElement> fields, string name, ValidationErrors errors)
    {
        if (!fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(name, name == "text" ? "must be a string: the article as plain text." : "must be a string.");
            return null;
        }

        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            errors.Add(name, "must be valid Unicode text.");
            return null;
        }
    }
}

/// <summary>What <c>POST /api/drafts</c> answers (product.md, "Drafting").</summary>
public sealed record DraftsView(IReadOnlyList<DraftView> Drafts, IReadOnlyList<NamedPlayer> Players, IReadOnlyList<Unparsed> Unparsed);

public sealed record DraftView(DraftReportView Report, IReadOnlyList<Evidence> Evidence, Attribution? Attribution);

/// <summary>A body <c>POST /api/reports</c> accepts as it is.</summary>
public sealed record DraftReportView(
    string Reporter, string Outlet, DateTimeOffset PublishedAt, string? Url, string? Quote, IReadOnlyList<Claim> Claims);

/// <summary>
/// <c>POST /api/drafts</c>: draft the reports an article holds, one per credited source, each claim with
/// the evidence for it. Stores nothing; the sagas and clubs already in the store help name players and clubs.
/// </summary>
public static class DraftArticle
{
    [WolverinePost("/api/drafts", OperationId = "DraftArticle")]
    [WriteAccess]
    [EndpointSummary("Draft the reports an article's text holds")]
    [EndpointDescription("One draft report per credited source, each report a body POST /api/reports accepts as it is, each claim with its evidence (sentence offsets, cue, confidence). Players with their saga or a suggested slug; sentences the drafter did not understand. Stores nothing.")]
    [Consumes(typeof(DraftInput), "application/json")]
    [ProducesResponseType(typeof(DraftsView), StatusCodes.Status200OK)]
    public static async Task<IResult> Post(JsonElement body, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var (article, errors) = DraftInput.Validate(body, clock.GetUtcNow());
        if (article is null)
        {
            return Problems.Validation(errors, "The request has invalid fields; nothing was drafted.");
        }

        var knowledge = await StoreKnowledgeAsync(session, ct);
        return TypedResults.Ok(View(Drafter.Draft(article, knowledge)));
    }

    /// <summary>Every saga (its player and club) and every club the store names.</summary>
    public static async Task<StoreKnowledge> StoreKnowledgeAsync(IQuerySession session, CancellationToken ct)
    {
        var sagas = await session.Query<SagaState>().ToListAsync(ct);
        var known = sagas.Where(s => !string.IsNullOrWhiteSpace(s.Player))
            .OrderBy(s => s.Slug, StringComparer.Ordinal)
            .Select(s => new KnownSaga(s.Slug, s.Player!, s.CurrentClub))
            .ToList();
        var clubs = sagas.SelectMany(s => new[] { s.CurrentClub, s.Outcome?.Club }
                .Concat(s.Suitors.Select(x => x.Club))
                .Concat(s.ClubStances.Select(x => x.Club))
                .Concat(s.Offers.Select(x => x.Club))
                .Concat(s.Expectations.Select(x => x.Club))
                .Concat([s.PlayerStance?.Club]))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        return new StoreKnowledge(known, clubs);
    }

    public static DraftsView View(DraftResult result) => new(
        result.Drafts.Select(d => new DraftView(
            new DraftReportView(d.Report.Reporter, d.Report.Outlet, d.Report.PublishedAt, d.Report.Url, d.Report.Quote, d.Report.Claims),
            d.Evidence, d.Attribution)).ToList(),
        result.Players,
        result.Unparsed);
}
