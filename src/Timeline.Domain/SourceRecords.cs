namespace Timeline.Domain;

public enum SourceKind
{
    [WireName("reporter")] Reporter,
    [WireName("outlet")] Outlet,
}

public static class Sources
{
    /// <summary>The reporter's or the outlet's name, as the claim's report gave it.</summary>
    public static string NameOf(SourceKind kind, string reporter, string outlet) =>
        kind == SourceKind.Reporter ? reporter : outlet;

    /// <summary>The key of the reporter's or the outlet's record.</summary>
    public static string KeyOf(SourceKind kind, string reporter, string outlet) => Slugs.Of(NameOf(kind, reporter, outlet));

    public static string KeyOf(SourceKind kind, ClaimSource source) => KeyOf(kind, source.Reporter, source.Outlet);
}

/// <summary>
/// One standing claim with the provenance of its report: what credibility is computed from, for its
/// reporter, its outlet and its saga. A document per claim event (keyed by the event's id, known before the
/// database assigns versions), inserted once and deleted when its report is retracted: a busy source's
/// reports are rows of their own rather than a list inside one document, so recording or rebuilding a
/// claim costs the same however many reports the source or the saga already has.
/// </summary>
public sealed record SourceClaim(
    Guid Id,
    string ReportId,
    string Reporter,
    string Outlet,
    string ReporterSlug,
    string OutletSlug,
    DateTimeOffset PublishedAt,
    string Saga,
    long Version,
    Claim Claim)
{
    /// <summary>The claim of event <paramref name="eventId"/>, recorded at <paramref name="version"/> of its saga's stream.</summary>
    public static SourceClaim Of(IClaimReported reported, Guid eventId, long version)
    {
        var source = reported.Source;
        return new SourceClaim(
            eventId,
            source.ReportId,
            source.Reporter,
            source.Outlet,
            Sources.KeyOf(SourceKind.Reporter, source),
            Sources.KeyOf(SourceKind.Outlet, source),
            source.PublishedAt,
            reported.Claim.Saga,
            version,
            reported.Claim);
    }

    /// <summary>The slug of the reporter or the outlet this claim counts for.</summary>
    public string SlugOf(SourceKind kind) => kind == SourceKind.Reporter ? ReporterSlug : OutletSlug;
}

/// <summary>
/// A reporter or an outlet by name, one document for each (<see cref="KeyOf"/>). What it published is in
/// its <see cref="SourceClaim"/>s, and it is shown as long as one of them stands. Scores are not stored:
/// they depend on other sources' outcome claims and on the asOf of the question, so they are computed when
/// read (<see cref="Credibility"/>).
/// </summary>
public sealed record SourceRecord
{
    private const string ReporterPrefix = "reporter:";
    private const string OutletPrefix = "outlet:";

    /// <summary><see cref="KeyOf"/> its kind and slug: reporters and outlets share one table.</summary>
    public required string Id { get; init; }

    public required SourceKind Kind { get; init; }

    /// <summary>The slug of the name (<see cref="Slugs"/>).</summary>
    public required string Slug { get; init; }

    /// <summary>The name as the most recently recorded report spelt it.</summary>
    public required string Name { get; init; }

    public static string KeyOf(SourceKind kind, string slug) => (kind == SourceKind.Reporter ? ReporterPrefix : OutletPrefix) + slug;

    /// <summary>A new record for the document <paramref name="id"/> (<see cref="KeyOf"/>), named as <paramref name="source"/> spells it.</summary>
    public static SourceRecord For(string id, ClaimSource source)
    {
        var kind = id.StartsWith(ReporterPrefix, StringComparison.Ordinal) ? SourceKind.Reporter : SourceKind.Outlet;
        return new SourceRecord
        {
            Id = id, Kind = kind, Slug = Sources.KeyOf(kind, source), Name = Sources.NameOf(kind, source.Reporter, source.Outlet),
        };
    }

    /// <summary>Takes the name as <paramref name="source"/> spells it; the same record when the spelling is unchanged.</summary>
    public SourceRecord Named(ClaimSource source)
    {
        var name = Sources.NameOf(Kind, source.Reporter, source.Outlet);
        return name == Name ? this : this with { Name = name };
    }
}

/// <summary>A claim about a club in one saga with the source that made it.</summary>
public sealed record ClubSighting(
    string Club, string ReportId, string Reporter, string Outlet, DateTimeOffset PublishedAt, long Version);

/// <summary>An <c>outcome</c> claim with the source that made it.</summary>
public sealed record OutcomeSighting(
    OutcomeResult Result, string? Club, string ReportId, string Reporter, string Outlet, DateTimeOffset PublishedAt,
    long Version);

/// <summary>
/// What one saga holds that scores its sources: every unretracted <c>interest</c> claim (who named a
/// club first) and every unretracted <c>outcome</c> claim (what resolves the predictions). Gathered per
/// saga from its <see cref="SourceClaim"/>s when read, because an outcome one source reports settles the
/// predictions of all the others.
/// </summary>
public sealed record SagaEvidence
{
    public required string Slug { get; init; }

    public IReadOnlyList<ClubSighting> Interests { get; init; } = [];

    public IReadOnlyList<OutcomeSighting> Outcomes { get; init; } = [];

    /// <summary>The evidence of every saga that <paramref name="claims"/> hold an interest or an outcome claim of.</summary>
    public static IReadOnlyList<SagaEvidence> Of(IEnumerable<SourceClaim> claims) =>
        claims
            .Where(c => c.Claim is InterestClaim or OutcomeClaim)
            .GroupBy(c => c.Saga, StringComparer.Ordinal)
            .Select(saga => new SagaEvidence
            {
                Slug = saga.Key,
                Interests = saga.Select(Sighting).OfType<ClubSighting>().ToList(),
                Outcomes = saga.Select(Outcome).OfType<OutcomeSighting>().ToList(),
            })
            .ToList();

    private static ClubSighting? Sighting(SourceClaim c) => c.Claim is InterestClaim i
        ? new ClubSighting(i.Club, c.ReportId, c.Reporter, c.Outlet, c.PublishedAt, c.Version)
        : null;

    private static OutcomeSighting? Outcome(SourceClaim c) => c.Claim is OutcomeClaim o
        ? new OutcomeSighting(o.Result, o.Club, c.ReportId, c.Reporter, c.Outlet, c.PublishedAt, c.Version)
        : null;
}
