using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using JasperFx.Events;
using Marten;
using Timeline.Api.Audit;
using Timeline.Api.Infrastructure;
using Timeline.Api.Names;
using Timeline.Domain;
using Wolverine.Http;

namespace Timeline.Api.Reports;

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
/// <c>POST /api/reports</c>: record a report and its claims, all in one transaction or none.
/// The report id makes it idempotent: the same content again answers 200 with the first receipt.
/// </summary>
public static class RecordReport
{
    [WolverinePost("/api/reports", OperationId = "RecordReport")]
    [WriteAccess]
    [EndpointSummary("Record a report and its claims")]
    [EndpointDescription("201 with the saga versions its claims got. The same id with the same content again: 200 and the same body, nothing stored; with different content: 409. One bad claim refuses the whole report.")]
    [Consumes(typeof(ReportInput), "application/json")]
    public static async Task<IResult> Post(
        JsonElement body, IDocumentStore store, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        var (report, errors) = ReportValidation.Validate(body, clock.GetUtcNow());
        if (report is null)
        {
            TimelineInstruments.Refused("invalid");
            return Problems.Validation(errors);
        }

        return await RecordAsync(store, report, user.KeyName(), clock, ct) switch
        {
            RecordResult.Recorded r => TypedResults.Created($"/api/reports/{Uri.EscapeDataString(r.Receipt.ReportId)}", r.Receipt),
            RecordResult.Repeated r => TypedResults.Ok(r.Receipt),
            RecordResult.Conflict c => Refused("conflict", Problems.Conflict($"Report '{c.ReportId}' was already recorded with different content; use a new id for a different report.")),
            RecordResult.Invalid i => Refused("invalid", Problems.Validation(i.Errors)),
            var other => throw new InvalidOperationException($"Unexpected result {other}."),
        };
    }

    private const int MaxAttempts = 5;

    private static IResult Refused(string reason, IResult problem)
    {
        TimelineInstruments.Refused(reason);
        return problem;
    }

    /// <summary>
    /// Records a validated report and saves it, in a session of its own. Shared by the endpoint and
    /// the demo data so that every way in keeps the same guarantees. A concurrent writer to the same
    /// sagas, or the same report id, makes the attempt start over: the report is then either
    /// recorded on the new versions or found as a repeat.
    /// </summary>
    public static async Task<RecordResult> RecordAsync(
        IDocumentStore store, ValidReport report, string recordedBy, TimeProvider clock, CancellationToken ct)
    {
        var id = report.Id ?? Guid.CreateVersion7(clock.GetUtcNow()).ToString();
        var contentHash = report.ContentHash();
        using var activity = TimelineInstruments.Source.StartActivity("record report");
        activity?.SetTag("timeline.report.id", id);
        activity?.SetTag("timeline.report.claims", report.Claims.Count);
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            try
            {
                var result = await TryRecordAsync(session, id, contentHash, report, recordedBy, ct);
                activity?.SetTag("timeline.report.result", result.GetType().Name.ToLowerInvariant());
                if (result is RecordResult.Recorded)
                {
                    CountRecorded(report);
                }

                return result;
            }
            catch (Exception e) when (IsConcurrentWrite(e) && attempt < MaxAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * attempt)), ct);
            }
        }
    }

    private static async Task<RecordResult> TryRecordAsync(
        IDocumentSession session, string id, string contentHash, ValidReport report, string recordedBy, CancellationToken ct)
    {
        if (await RecordedReports.FindAsync(session, id, ct) is { } earlier)
        {
            return Repeat(earlier.Recorded, contentHash);
        }

        // Lock the sagas in one order (ordinal) so two reports over the same sagas cannot deadlock;
        // the lock makes the versions computed below the versions the events get.
        var streams = new Dictionary<string, IEventStream<SagaState>>(StringComparer.Ordinal);
        foreach (var saga in report.Claims.Select(c => c.Saga).Distinct().Order(StringComparer.Ordinal))
        {
            var stream = await session.Events.FetchForExclusiveWriting<SagaState>(saga, ct);
            if (stream.Aggregate is not null)
            {
                streams[saga] = stream;
            }
        }

        var names = KnownNames.Of(report);
        var errors = MissingSagas(report, streams.ContainsKey);
        errors.AddMissing(await KnownNames.LookalikesAsync(session, names, ct));
        if (errors.Any)
        {
            return new RecordResult.Invalid(errors);
        }

        KnownNames.Remember(session, names);
        var source = report.SourceAs(id);
        var placements = new List<ClaimPlacement>(report.Claims.Count);
        var chain = new SagaChainWriter(session);
        foreach (var claim in report.Claims)
        {
            var stream = streams[claim.Saga];
            await chain.AppendAsync(stream, ClaimReported.For(source, claim), recordedBy, ct);
            placements.Add(new ClaimPlacement(claim.Saga, stream.CurrentVersion ?? 0));
        }

        session.Events.StartStream(ReportStreams.Key(id), report.RecordedAs(id, recordedBy, placements, contentHash));
        session.LastModifiedBy = recordedBy;
        session.CorrelationId = id;
        TimelineInstruments.StampTrace(session);
        await session.SaveChangesAsync(ct);
        return new RecordResult.Recorded(new ReportReceipt(id, placements));
    }

    /// <summary>A claim about a saga nobody opened refuses its whole report.</summary>
    internal static ValidationErrors MissingSagas(ValidReport report, Func<string, bool> exists)
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

    internal static void CountRecorded(ValidReport report)
    {
        TimelineInstruments.ReportsRecorded.Add(1);
        foreach (var type in report.Claims.GroupBy(c => c.Type))
        {
            TimelineInstruments.ClaimsRecorded.Add(type.Count(), new KeyValuePair<string, object?>("claim.type", type.Key));
        }
    }

    /// <summary>Another writer got there first: a saga moved on, or the report id was taken.</summary>
    internal static bool IsConcurrentWrite(Exception e) =>
        e is JasperFx.ConcurrencyException
            or JasperFx.Events.ExistingStreamIdCollisionException
            or Marten.Exceptions.ExistingStreamIdCollisionException;

    internal static RecordResult Repeat(ReportRecorded earlier, string contentHash) =>
        earlier.ContentHash == contentHash
            ? new RecordResult.Repeated(new ReportReceipt(earlier.ReportId, earlier.Events))
            : new RecordResult.Conflict(earlier.ReportId);
}
