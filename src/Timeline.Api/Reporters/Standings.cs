using Marten;
using Timeline.Domain;

namespace Timeline.Api.Reporters;

/// <summary>A reporter or outlet in a list: counts and scores, no details.</summary>
public sealed record SourceSummary(
    string Slug,
    string Name,
    SourceKind Kind,
    int Reports,
    int Sagas,
    IReadOnlyDictionary<string, int> Claims,
    int FirstToReport,
    int Predictions,
    int Resolved,
    int Correct,
    double? Accuracy,
    double? Brier)
{
    public static SourceSummary Of(Standing s) => new(
        s.Slug, s.Name, s.Kind, s.Reports, s.Sagas, s.Claims, s.FirstToReport, s.Predictions.Count, s.Resolved, s.Correct,
        s.Accuracy, s.Brier);
}

/// <summary>One reporter or outlet: the counts and scores, each prediction with its resolution, each first report.</summary>
public sealed record SourceDetail(
    string Slug,
    string Name,
    SourceKind Kind,
    DateTimeOffset AsOf,
    int Reports,
    int Sagas,
    IReadOnlyDictionary<string, int> Claims,
    int FirstToReport,
    int Resolved,
    int Correct,
    double? Accuracy,
    double? Brier,
    IReadOnlyList<ScoredPrediction> Predictions,
    IReadOnlyList<FirstReport> FirstReports)
{
    public static SourceDetail Of(Standing s) => new(
        s.Slug, s.Name, s.Kind, s.AsOf, s.Reports, s.Sagas, s.Claims, s.FirstToReport, s.Resolved, s.Correct, s.Accuracy,
        s.Brier, s.Predictions, s.FirstReports);
}

/// <summary>Reads source records and the sagas' evidence, and scores them as of a valid time.</summary>
public static class Standings
{
    public static async Task<IReadOnlyList<Standing>> AllAsync<TRecord>(
        IQuerySession session, DateTimeOffset asOf, CancellationToken ct) where TRecord : SourceRecord
    {
        var records = await session.Query<TRecord>().ToListAsync(ct);
        var evidence = await session.Query<SagaEvidence>().ToListAsync(ct);
        var bySaga = evidence.ToDictionary(e => e.Slug, StringComparer.Ordinal);
        var firsts = Credibility.FirstReports(evidence, asOf);
        return records.Select(r => Credibility.Assess(r, bySaga, firsts, asOf)).ToList();
    }

    /// <summary>The source's standing, or null when there is no such source; the slug is normalized first.</summary>
    public static async Task<Standing?> OneAsync<TRecord>(
        IQuerySession session, string slug, DateTimeOffset asOf, CancellationToken ct) where TRecord : SourceRecord
    {
        var record = await session.LoadAsync<TRecord>(Slugs.Of(slug), ct);
        if (record is null)
        {
            return null;
        }

        // Only the sagas it reported on can hold its first reports and resolve its predictions.
        var sagas = record.Reports.SelectMany(r => r.Claims).Select(c => c.Saga).Distinct(StringComparer.Ordinal).ToArray();
        var evidence = await session.LoadManyAsync<SagaEvidence>(ct, sagas);
        return Credibility.Assess(
            record, evidence.ToDictionary(e => e.Slug, StringComparer.Ordinal), Credibility.FirstReports(evidence, asOf), asOf);
    }
}
