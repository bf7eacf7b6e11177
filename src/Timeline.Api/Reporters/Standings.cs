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

/// <summary>Reads source records, their claims and the claims' sagas, and scores them as of a valid time.</summary>
public static class Standings
{
    /// <summary>Every reporter or outlet with a standing claim: one whose every report was retracted is not shown.</summary>
    public static async Task<IReadOnlyList<Standing>> AllAsync(
        IQuerySession session, SourceKind kind, DateTimeOffset asOf, CancellationToken ct)
    {
        // Names only: a handful of small documents, filtered here rather than by a query on the kind's enum.
        var records = (await session.Query<SourceRecord>().ToListAsync(ct)).Where(r => r.Kind == kind).ToList();
        var claims = await session.Query<SourceClaim>().ToListAsync(ct);
        var evidence = SagaEvidence.Of(claims);
        var bySaga = evidence.ToDictionary(e => e.Slug, StringComparer.Ordinal);
        var bySource = claims.ToLookup(c => c.SlugOf(kind), StringComparer.Ordinal);
        var firsts = Credibility.FirstReports(evidence, asOf);
        return records
            .Where(r => bySource.Contains(r.Slug))
            .Select(r => Credibility.Assess(r, bySource[r.Slug], bySaga, firsts, asOf))
            .ToList();
    }

    /// <summary>
    /// The source's standing, or null when there is no such source or every report it published was
    /// retracted; the slug is normalized first.
    /// </summary>
    public static async Task<Standing?> OneAsync(
        IQuerySession session, SourceKind kind, string slug, DateTimeOffset asOf, CancellationToken ct)
    {
        var record = await session.LoadAsync<SourceRecord>(SourceRecord.KeyOf(kind, Slugs.Of(slug)), ct);
        if (record is null)
        {
            return null;
        }

        var claims = kind == SourceKind.Reporter
            ? await session.Query<SourceClaim>().Where(c => c.ReporterSlug == record.Slug).ToListAsync(ct)
            : await session.Query<SourceClaim>().Where(c => c.OutletSlug == record.Slug).ToListAsync(ct);
        if (claims.Count == 0)
        {
            return null;
        }

        // Only the sagas it reported on can hold its first reports and resolve its predictions.
        var sagas = claims.Select(c => c.Saga).Distinct(StringComparer.Ordinal).ToArray();
        var evidence = SagaEvidence.Of(await session.Query<SourceClaim>().Where(c => sagas.Contains(c.Saga)).ToListAsync(ct));
        return Credibility.Assess(
            record, claims, evidence.ToDictionary(e => e.Slug, StringComparer.Ordinal), Credibility.FirstReports(evidence, asOf),
            asOf);
    }
}
