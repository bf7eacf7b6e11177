using System.Text.Json.Serialization;

namespace Timeline.Domain;

[JsonConverter(typeof(JsonStringEnumConverter<SourceKind>))]
public enum SourceKind
{
    [JsonStringEnumMemberName("reporter")] Reporter,
    [JsonStringEnumMemberName("outlet")] Outlet,
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

/// <summary>What an <c>expectation</c> claim predicted, kept so that it can be scored once its saga resolves.</summary>
public sealed record Prediction(ExpectedOutcome Outcome, string? Club, double? Confidence);

/// <summary>
/// One standing claim as the credibility of its reporter and its outlet needs it: a document per claim
/// event (keyed by the event's id, which is known before the database assigns versions), inserted once and deleted when its report is retracted. A busy
/// source's reports are rows of their own rather than a list inside its record, so recording or rebuilding
/// a claim costs the same however many reports the source already has.
/// </summary>
public sealed record SourceClaim(
    Guid Id,
    string ReportId,
    string ReporterSlug,
    string OutletSlug,
    DateTimeOffset PublishedAt,
    string Saga,
    long Version,
    string Type,
    Prediction? Prediction)
{
    /// <summary>The claim of event <paramref name="eventId"/>, recorded at <paramref name="version"/> of its saga's stream.</summary>
    public static SourceClaim Of(IClaimReported reported, Guid eventId, long version)
    {
        var source = reported.Source;
        var claim = reported.Claim;
        return new SourceClaim(
            eventId,
            source.ReportId,
            Sources.KeyOf(SourceKind.Reporter, source),
            Sources.KeyOf(SourceKind.Outlet, source),
            source.PublishedAt,
            claim.Saga,
            version,
            claim.Type,
            claim is ExpectationClaim e ? new Prediction(e.Outcome, e.Club, e.Confidence) : null);
    }

    /// <summary>The key of the reporter's or the outlet's record this claim counts for.</summary>
    public string SlugOf(SourceKind kind) => kind == SourceKind.Reporter ? ReporterSlug : OutletSlug;
}

/// <summary>
/// A reporter or an outlet by name. What it published is in its <see cref="SourceClaim"/>s, and it exists
/// as long as one of them stands. Scores are not stored: they depend on other sources' outcome claims and
/// on the asOf of the question, so they are computed when read (<see cref="Credibility"/>).
/// </summary>
public abstract record SourceRecord
{
    /// <summary>The slug of the name (<see cref="Slugs"/>).</summary>
    public required string Id { get; init; }

    /// <summary>The name as the most recently recorded report spelt it.</summary>
    public required string Name { get; init; }

    public abstract SourceKind Kind { get; }

    /// <summary>Takes the name as <paramref name="reported"/> spells it; the same record when the spelling is unchanged.</summary>
    public SourceRecord Named(IClaimReported reported)
    {
        var name = Sources.NameOf(Kind, reported.Source.Reporter, reported.Source.Outlet);
        return name == Name ? this : this with { Name = name };
    }
}

/// <summary>A reporter's record, keyed by the slug of the reporter's name.</summary>
public sealed record ReporterRecord : SourceRecord
{
    public override SourceKind Kind => SourceKind.Reporter;
}

/// <summary>An outlet's record, keyed by the slug of the outlet's name.</summary>
public sealed record OutletRecord : SourceRecord
{
    public override SourceKind Kind => SourceKind.Outlet;
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
/// club first) and every unretracted <c>outcome</c> claim (what resolves the predictions). Kept per saga
/// because an outcome one source reports settles the predictions of all the others.
/// </summary>
public sealed record SagaEvidence
{
    public required string Slug { get; init; }

    public IReadOnlyList<ClubSighting> Interests { get; init; } = [];

    public IReadOnlyList<OutcomeSighting> Outcomes { get; init; } = [];

    /// <summary>Evolves by one saga event (<paramref name="version"/> in the stream); events that score nothing leave it alone.</summary>
    public static SagaEvidence? Evolve(SagaEvidence? evidence, string slug, long version, ISagaEvent e) => e switch
    {
        InterestReported i => (evidence ?? new SagaEvidence { Slug = slug }) with
        {
            Interests =
            [
                .. evidence?.Interests ?? [],
                new ClubSighting(i.Claim.Club, i.Source.ReportId, i.Source.Reporter, i.Source.Outlet, i.Source.PublishedAt, version),
            ],
        },
        OutcomeReported o => (evidence ?? new SagaEvidence { Slug = slug }) with
        {
            Outcomes =
            [
                .. evidence?.Outcomes ?? [],
                new OutcomeSighting(o.Claim.Result, o.Claim.Club, o.Source.ReportId, o.Source.Reporter, o.Source.Outlet,
                    o.Source.PublishedAt, version),
            ],
        },
        ClaimsRetracted r when evidence is not null => evidence with
        {
            Interests = evidence.Interests.Where(x => x.ReportId != r.ReportId).ToArray(),
            Outcomes = evidence.Outcomes.Where(x => x.ReportId != r.ReportId).ToArray(),
        },
        _ => evidence,
    };
}
