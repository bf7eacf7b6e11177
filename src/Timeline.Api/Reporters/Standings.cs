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

/// <summary>Reads source records, their claims and the sagas' evidence, and scores them as of a valid time.</summary>
public static class Standings
{
    /// <summary>Every source with a standing claim: one whose every report was retracted is not shown.</summary>
    public static async Task<IReadOnlyList<Standing>> AllAsync<TRecord>(
        IQuerySession session, DateTimeOffset asOf, CancellationToken ct) where TRecord : SourceRecord
    {
        var records = await session.Query<TRecord>().ToListAsync(ct);
        if (records.Count == 0)
        {
            return [];
        }

        var kind = records[0].Kind;
        var claims = (await session.Query<SourceClaim>().ToListAsync(ct)).ToLookup(c => c.SlugOf(kind), StringComparer.Ordinal);
        var evidence = await session.Query<SagaEvidence>().ToListAsync(ct);
        var bySaga = evidence.ToDictionary(e => e.Slug, StringComparer.Ordinal);
        var firsts = Credibility.FirstReports(evidence, asOf);
        return records
            .Where(r => claims.Contains(r.Id))
            .Select(r => Credibility.Assess(r, claims[r.Id], bySaga, firsts, asOf))
            .ToList();
    }

    /// <summary>
    /// The source's standing, or null when there is no such source or every report it published was
    /// retracted; the slug is normalized first.
    /// </summary>
    public static async Task<Standing?> OneAsync<TRecord>(
        IQuerySession session, string slug, DateTimeOffset asOf, CancellationToken ct) where TRecord : SourceRecord
    {
        var record = await session.LoadAsync<TRecord>(Slugs.Of(slug), ct);
        if (record is null)
        {
            return null;
        }

        var claims = record.Kind == SourceKind.Reporter
            ? await session.Query<SourceClaim>().Where(c => c.ReporterSlug == record.Id).ToListAsync(ct)
            : await session.Query<SourceClaim>().Where(c => c.OutletSlug == record.Id).ToListAsync(ct);
        if (claims.Count == 0)
        {
            return null;
        }

        // Only the sagas it reported on can hold its first reports and resolve its predictions.
        var sagas = claims.Select(c => c.Saga).Distinct(StringComparer.Ordinal).ToArray();
        var evidence = await session.LoadManyAsync<SagaEvidence>(ct, sagas);
        return Credibility.Assess(
            record, claims, evidence.ToDictionary(e => e.Slug, StringComparer.Ordinal), Credibility.FirstReports(evidence, asOf),
            asOf);
    }
}
