using Timeline.Domain.Names;

namespace Timeline.Domain;

/// <summary>What a recorded report produced: the stream version of each of its claims.</summary>
public sealed record ReportReceipt(string ReportId, IReadOnlyList<ClaimPlacement> Events);

/// <summary>How an attempt to record a report ended.</summary>
public abstract record RecordResult
{
    public sealed record Recorded(ReportReceipt Receipt) : RecordResult;

    /// <summary>The same id with the same content was recorded before: nothing new was stored.</summary>
    public sealed record Repeated(ReportReceipt Receipt) : RecordResult;

    /// <summary>The id was recorded before with different content.</summary>
    public sealed record Conflict(string ReportId) : RecordResult;

    public sealed record Invalid(ValidationErrors Errors) : RecordResult;
}

/// <summary>
/// A validated report about to be recorded under <paramref name="Id"/> by <paramref name="RecordedBy"/>;
/// <paramref name="ContentHash"/> identifies its content, so a repeat can be told from a different report reusing the id.
/// </summary>
public sealed record ReportToRecord(string Id, ValidReport Report, string ContentHash, string RecordedBy);

/// <summary>
/// Decides reports one after another (one, or a batch) against what the store held when their sagas were
/// locked, and against what the reports before them in the same transaction record: a later report with
/// an earlier one's id is its repeat, its claims follow the earlier one's in each saga, and its names meet
/// the earlier one's as recorded names. Pure: the caller loads, this decides, the caller appends.
/// </summary>
public sealed class RecordingReports
{
    private readonly Dictionary<string, ReportRecorded> _recorded;
    private readonly Dictionary<string, long> _versions;
    private readonly Dictionary<string, KnownName> _names;
    private readonly IReadOnlySet<string> _articles;

    /// <param name="recorded">The reports among those to record that were recorded before, by id.</param>
    /// <param name="sagaVersions">Every opened saga the reports name, locked, at its version.</param>
    /// <param name="knownNames">The recorded names that share a skeleton with the reports' names, by id.</param>
    /// <param name="articles">The articles of the inbox among those the reports say they were drafted from.</param>
    public RecordingReports(
        IReadOnlyDictionary<string, ReportRecorded> recorded, IReadOnlyDictionary<string, long> sagaVersions,
        IReadOnlyDictionary<string, KnownName> knownNames, IReadOnlySet<string>? articles = null)
    {
        _recorded = new(recorded, StringComparer.Ordinal);
        _versions = new(sagaVersions, StringComparer.Ordinal);
        _names = new(knownNames, StringComparer.Ordinal);
        _articles = articles ?? new HashSet<string>(StringComparer.Ordinal);
    }

    public Decision<RecordResult> Record(ReportToRecord next)
    {
        var (id, report, contentHash, recordedBy) = next;
        if (_recorded.TryGetValue(id, out var earlier))
        {
            return Decision<RecordResult>.Refuse(Repeat(earlier, contentHash));
        }

        var names = NameUse.Of(report);
        var errors = MissingSagas(report, _versions.ContainsKey);
        errors.AddMissing(Lookalikes.Among(_names, names));
        if (report.ArticleId is { } article && !_articles.Contains(article))
        {
            errors.Add("articleId", $"There is no article '{article}' in the inbox.");
        }
        if (errors.Any)
        {
            return Decision<RecordResult>.Refuse(new RecordResult.Invalid(errors));
        }

        var source = report.SourceAs(id);
        var appends = new List<SagaAppend>(report.Claims.Count);
        var placements = new List<ClaimPlacement>(report.Claims.Count);
        foreach (var claim in report.Claims)
        {
            var version = ++_versions[claim.Saga];
            appends.Add(new SagaAppend(claim.Saga, version, ClaimReported.For(source, claim), recordedBy, id));
            placements.Add(new ClaimPlacement(claim.Saga, version));
        }

        var recorded = report.RecordedAs(id, recordedBy, placements, contentHash);
        _recorded[id] = recorded;
        foreach (var use in names)
        {
            _names.TryAdd(use.Id, new KnownName(use.Id, use.Kind, use.Name));
        }

        return new Decision<RecordResult>(
            new RecordResult.Recorded(new ReportReceipt(id, placements)),
            new WritePlan(
                appends, new ReportAppend(id, null, recorded, recordedBy), names,
                report.ArticleId is { } drafted ? new ArticleRecorded(drafted, id, recordedBy) : null));
    }

    /// <summary>A claim about a saga nobody opened refuses its whole report.</summary>
    public static ValidationErrors MissingSagas(ValidReport report, Func<string, bool> exists)
    {
        var errors = new ValidationErrors();
        for (var i = 0; i < report.Claims.Count; i++)
        {
            var saga = report.Claims[i].Saga;
            if (!exists(saga))
            {
                errors.Add($"claims[{i}].saga", $"There is no saga '{saga}'; open it with PUT /api/sagas/{saga} first.");
            }
        }

        return errors;
    }

    private static RecordResult Repeat(ReportRecorded earlier, string contentHash) =>
        earlier.ContentHash == contentHash
            ? new RecordResult.Repeated(new ReportReceipt(earlier.ReportId, earlier.Events))
            : new RecordResult.Conflict(earlier.ReportId);
}
