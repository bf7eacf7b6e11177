using System.Collections.Immutable;
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

/// <summary>One claim of a report, as far as a source's record needs it.</summary>
public sealed record ClaimFootprint(string Saga, long Version, string Type);

/// <summary>A report's part in a source's record: when it was published and what it claimed about which saga.</summary>
public sealed record ReportFootprint(string ReportId, DateTimeOffset PublishedAt, IReadOnlyList<ClaimFootprint> Claims);

/// <summary>An <c>expectation</c> claim, kept so that it can be scored once its saga resolves.</summary>
public sealed record PredictionMade(
    string Saga, long Version, ExpectedOutcome Outcome, string? Club, double? Confidence, DateTimeOffset PublishedAt,
    string ReportId);

/// <summary>
/// Everything a reporter or an outlet published that is still standing (unretracted): the input of
/// credibility. Scores are not stored: they depend on other sources' outcome claims and on the asOf
/// of the question, so they are computed when read (<see cref="Credibility"/>).
/// </summary>
public abstract record SourceRecord
{
    /// <summary>The slug of the name (<see cref="Slugs"/>).</summary>
    public required string Id { get; init; }

    /// <summary>The name as the most recently recorded report spelt it.</summary>
    public required string Name { get; init; }

    public IReadOnlyList<ReportFootprint> Reports { get; init; } = [];

    public IReadOnlyList<PredictionMade> Predictions { get; init; } = [];

    public abstract SourceKind Kind { get; }

    /// <summary>
    /// Adds one claim event (<paramref name="version"/> in its saga stream). A busy source has many
    /// reports, and a rebuild applies them one by one: the lists are persistent (immutable, shared
    /// structure), so each step costs a logarithm of the record's size, not a copy of it.
    /// </summary>
    public SourceRecord With(IClaimReported reported, long version)
    {
        var source = reported.Source;
        var claim = reported.Claim;
        var footprint = new ClaimFootprint(claim.Saga, version, claim.Type);
        var reports = Reports as ImmutableList<ReportFootprint> ?? [.. Reports];

        // A report's claims are recorded together, so the report a claim belongs to is almost always the last.
        var index = reports.Count > 0 && reports[^1].ReportId == source.ReportId
            ? reports.Count - 1
            : reports.FindLastIndex(r => r.ReportId == source.ReportId);
        reports = index < 0
            ? reports.Add(new ReportFootprint(source.ReportId, source.PublishedAt, [footprint]))
            : reports.SetItem(index, reports[index] with { Claims = [.. reports[index].Claims, footprint] });
        var predictions = Predictions as ImmutableList<PredictionMade> ?? [.. Predictions];
        if (claim is ExpectationClaim e)
        {
            predictions = predictions.Add(new PredictionMade(e.Saga, version, e.Outcome, e.Club, e.Confidence, source.PublishedAt, source.ReportId));
        }

        return this with
        {
            Name = Sources.NameOf(Kind, source.Reporter, source.Outlet),
            Reports = reports,
            Predictions = predictions,
        };
    }

    /// <summary>Drops every trace of a retracted report.</summary>
    public SourceRecord Without(string reportId) => this with
    {
        Reports = Reports.Where(r => r.ReportId != reportId).ToArray(),
        Predictions = Predictions.Where(p => p.ReportId != reportId).ToArray(),
    };
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
