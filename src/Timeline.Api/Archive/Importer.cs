using System.Text.Json.Nodes;
using Timeline.Api.Reports;
using Timeline.Api.Sagas;

namespace Timeline.Api.Archive;

public sealed record RefusedLine(int Line, string Reason);

public sealed record ImportSummary(
    int Lines, int Recorded, int Repeated, int SagasOpened, int SagasUpdated, int Retracted, IReadOnlyList<RefusedLine> Refused,
    int Articles = 0, int Dismissed = 0);

/// <summary>
/// Reads an NDJSON archive line by line with the guarantees of the API: a line is recorded whole or
/// refused with its number, and a line already recorded is a repeat, which makes importing the same
/// file twice harmless. Consecutive report lines are recorded in batches of <c>batchSize</c>, one
/// transaction each (<see cref="ReportBatches"/>); saga and retraction lines are rare and recorded one
/// by one, in their place between the batches, so the file's order is kept.
/// </summary>
public sealed class Importer(IDocumentStore store, TimeProvider clock, int batchSize = Importer.DefaultBatchSize)
{
    public const int DefaultBatchSize = 1_000;

    /// <summary>
    /// Imports every line; <paramref name="progress"/> hears the number of the last line settled, after each
    /// batch and each saga or retraction line.
    /// </summary>
    public async Task<ImportSummary> ImportAsync(
        TextReader reader, string defaultRecordedBy, IProgress<int>? progress, CancellationToken ct)
    {
        int lines = 0, recorded = 0, repeated = 0, opened = 0, updated = 0, retracted = 0, articles = 0, dismissed = 0;
        var refused = new List<RefusedLine>();
        var pending = new List<(int Line, ReportToRecord Report)>(batchSize);

        void Count(int line, LineOutcome outcome)
        {
            switch (outcome)
            {
                case LineOutcome.Recorded: recorded++; break;
                case LineOutcome.Repeated: repeated++; break;
                case LineOutcome.SagaOpened: opened++; break;
                case LineOutcome.SagaUpdated: updated++; break;
                case LineOutcome.SagaUnchanged: repeated++; break;
                case LineOutcome.Retracted: retracted++; break;
                case LineOutcome.ArticleReceived: articles++; break;
                case LineOutcome.ArticleDismissed: dismissed++; break;
                case LineOutcome.Refused r: refused.Add(new RefusedLine(line, r.Reason)); break;
            }
        }

        async Task FlushAsync()
        {
            if (pending.Count == 0)
            {
                return;
            }

            var results = await ReportBatches.RecordAsync(store, pending.Select(p => p.Report).ToList(), ct);
            for (var i = 0; i < pending.Count; i++)
            {
                Count(pending[i].Line, OutcomeOf(results[i]));
            }

            pending.Clear();
        }

        while (await reader.ReadLineAsync(ct) is { } text)
        {
            lines++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            switch (ReadLine(text, defaultRecordedBy))
            {
                case ReadReport report:
                    pending.Add((lines, report.Pending));
                    if (pending.Count >= batchSize)
                    {
                        await FlushAsync();
                    }

                    break;
                case ReadRefused r:
                    Count(lines, r.Outcome);
                    break;
                case ReadOther other:
                    await FlushAsync();
                    Count(lines, await other.ImportAsync(ct));
                    break;
            }

            if (pending.Count == 0)
            {
                progress?.Report(lines);
            }
        }

        await FlushAsync();
        progress?.Report(lines);
        refused.Sort((a, b) => a.Line.CompareTo(b.Line));
        return new ImportSummary(lines, recorded, repeated, opened, updated, retracted, refused, articles, dismissed);
    }

    private abstract record ReadResult;

    private sealed record ReadReport(ReportToRecord Pending) : ReadResult;

    private sealed record ReadRefused(LineOutcome.Refused Outcome) : ReadResult;

    private sealed record ReadOther(Func<CancellationToken, Task<LineOutcome>> ImportAsync) : ReadResult;

    private ReadResult ReadLine(string text, string defaultRecordedBy)
    {
        JsonObject line;
        try
        {
            line = JsonNode.Parse(text) as JsonObject ?? throw new JsonException("a line must be a JSON object");
        }
        catch (JsonException e)
        {
            return new ReadRefused(new LineOutcome.Refused($"not JSON: {e.Message}"));
        }

        var kind = TakeString(line, "kind") ?? ArchiveLines.Report;
        return kind switch
        {
            ArchiveLines.Report => ReadReportLine(line, TakeString(line, "recordedBy") ?? defaultRecordedBy),
            ArchiveLines.Saga => new ReadOther(ct => ImportSagaAsync(line, defaultRecordedBy, ct)),
            ArchiveLines.Retraction => new ReadOther(ct => ImportRetractionAsync(line, defaultRecordedBy, ct)),
            ArchiveLines.Article => new ReadOther(ct => ImportArticleAsync(line, ct)),
            ArchiveLines.Dismissal => new ReadOther(ct => ImportDismissalAsync(line, defaultRecordedBy, ct)),
            _ => new ReadRefused(new LineOutcome.Refused($"kind '{kind}' is not one of: saga, report, retraction, article, dismissal.")),
        };
    }

    private ReadResult ReadReportLine(JsonObject line, string recordedBy)
    {
        var (report, errors) = ReportValidation.Validate(JsonSerializer.SerializeToElement(line), clock.GetUtcNow());
        if (report is null)
        {
            return new ReadRefused(Refused(errors));
        }

        return report.Id is null
            ? new ReadRefused(new LineOutcome.Refused("id: an imported report needs an id, so that importing again repeats it."))
            : new ReadReport(new ReportToRecord(report.Id, report, report.ContentHash(), recordedBy));
    }

    private static LineOutcome OutcomeOf(RecordResult result) => result switch
    {
        RecordResult.Recorded => new LineOutcome.Recorded(),
        RecordResult.Repeated => new LineOutcome.Repeated(),
        RecordResult.Conflict c => new LineOutcome.Refused($"id: report '{c.ReportId}' was recorded before with different content."),
        RecordResult.Invalid i => Refused(i.Errors),
        var other => throw new InvalidOperationException($"Unexpected result {other}."),
    };

    private async Task<LineOutcome> ImportSagaAsync(JsonObject line, string by, CancellationToken ct)
    {
        if (Read<SagaLine>(line, out var unreadable) is not { } saga)
        {
            return unreadable ?? new LineOutcome.Refused("a saga line needs slug and player.");
        }

        var details = new SagaDetailsInput(saga.Player, saga.CurrentClub, saga.ContractExpires);
        var errors = SagaValidation.Validate(saga.Slug, details);
        if (errors.Any)
        {
            return Refused(errors);
        }

        // The operator's archive speaks for every key: it may change an open saga's details. An exported line the
        // saga has already passed changes nothing, so importing the same archive again changes nothing.
        return await OpenSaga.WriteAsync(
            store, saga.Slug, details.ToDetails(), saga.RecordedBy ?? by, mayChange: true, clock.GetUtcNow(), saga.Version, ct) switch
        {
            SagaDetailsResult.Opened => new LineOutcome.SagaOpened(),
            SagaDetailsResult.Changed => new LineOutcome.SagaUpdated(),
            SagaDetailsResult.Invalid i => Refused(i.Errors),
            _ => new LineOutcome.SagaUnchanged(),
        };
    }

    private async Task<LineOutcome> ImportRetractionAsync(JsonObject line, string defaultBy, CancellationToken ct)
    {
        var retraction = Read<RetractionLine>(line, out var unreadable);
        if (unreadable is not null)
        {
            return unreadable;
        }

        if (retraction is null || string.IsNullOrWhiteSpace(retraction.ReportId) || string.IsNullOrWhiteSpace(retraction.Reason))
        {
            return new LineOutcome.Refused("a retraction line needs reportId and reason.");
        }

        // The operator's archive speaks for every key: a retraction by another key than the recorder's stands.
        return await RetractReport.RetractAsync(
            store, retraction.ReportId, retraction.Reason, retraction.RetractedBy ?? defaultBy, anyRecorder: true, ct) switch
        {
            RetractionResult.Retracted => new LineOutcome.Retracted(),
            RetractionResult.Repeated => new LineOutcome.Repeated(),
            _ => new LineOutcome.Refused($"reportId: there is no report '{retraction.ReportId}'."),
        };
    }

    /// <summary>The line as a <typeparamref name="T"/>, or null with what made it unreadable.</summary>
    /// <summary>An article of the inbox: stored as it was received, once (an article already there is a repeat).</summary>
    private async Task<LineOutcome> ImportArticleAsync(JsonObject line, CancellationToken ct)
    {
        if (Read<ArticleLine>(line, out var unreadable) is not { ArticleId.Length: > 0, Outlet.Length: > 0, Text: not null } article)
        {
            return unreadable ?? new LineOutcome.Refused("an article line needs articleId, feedId, outlet, text and fetchedAt.");
        }

        await using var session = store.LightweightSession();
        if (await session.Events.FetchStreamStateAsync(ArticleStreams.Key(article.ArticleId), ct) is not null)
        {
            return new LineOutcome.Repeated();
        }

        session.Events.StartStream(ArticleStreams.Key(article.ArticleId), new ArticleReceived(
            article.ArticleId, article.FeedId, article.Outlet, article.Reporter, article.ItemGuid, article.Link, article.Title,
            article.Published, article.Text, article.FetchedAt));
        await session.SaveChangesAsync(ct);
        return new LineOutcome.ArticleReceived();
    }

    /// <summary>A dismissal, by whom it names: appended unless the article was dismissed (or recorded) already.</summary>
    private async Task<LineOutcome> ImportDismissalAsync(JsonObject line, string defaultBy, CancellationToken ct)
    {
        if (Read<DismissalLine>(line, out var unreadable) is not { ArticleId.Length: > 0, Reason.Length: > 0 } dismissal)
        {
            return unreadable ?? new LineOutcome.Refused("a dismissal line needs articleId and reason.");
        }

        await using var session = store.LightweightSession();
        var stream = await session.Events.FetchForWriting<Intake.ArticleView>(ArticleStreams.Key(dismissal.ArticleId), ct);
        switch (stream.Aggregate)
        {
            case null:
                return new LineOutcome.Refused($"articleId: there is no article '{dismissal.ArticleId}'.");
            case { Status: not Intake.ArticleStatus.Pending }:
                return new LineOutcome.Repeated();
        }

        var by = dismissal.DismissedBy ?? defaultBy;
        stream.AppendOne(new ArticleDismissed(dismissal.ArticleId, dismissal.Reason, by));
        session.LastModifiedBy = by;
        await session.SaveChangesAsync(ct);
        return new LineOutcome.ArticleDismissed();
    }

    private static T? Read<T>(JsonObject line, out LineOutcome.Refused? unreadable) where T : class
    {
        try
        {
            unreadable = null;
            return line.Deserialize<T>(ArchiveLines.Json);
        }
        catch (JsonException e)
        {
            unreadable = new LineOutcome.Refused(e.Message);
            return null;
        }
    }

    private static string? TakeString(JsonObject line, string name)
    {
        if (!line.TryGetPropertyValue(name, out var node))
        {
            return null;
        }

        line.Remove(name);
        return node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
    }

    private static LineOutcome.Refused Refused(ValidationErrors errors) => new(string.Join("; ",
        errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));

    private abstract record LineOutcome
    {
        public sealed record Recorded : LineOutcome;

        public sealed record Repeated : LineOutcome;

        public sealed record SagaOpened : LineOutcome;

        public sealed record SagaUpdated : LineOutcome;

        public sealed record SagaUnchanged : LineOutcome;

        public sealed record Retracted : LineOutcome;

        public sealed record ArticleReceived : LineOutcome;

        public sealed record ArticleDismissed : LineOutcome;

        public sealed record Refused(string Reason) : LineOutcome;
    }
}
