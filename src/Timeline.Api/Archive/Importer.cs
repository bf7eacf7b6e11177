using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Timeline.Api.Audit;
using Timeline.Api.Reports;
using Timeline.Api.Sagas;
using Timeline.Domain;

namespace Timeline.Api.Archive;

public sealed record RefusedLine(int Line, string Reason);

public sealed record ImportSummary(
    int Lines, int Recorded, int Repeated, int SagasOpened, int SagasUpdated, int Retracted, IReadOnlyList<RefusedLine> Refused);

/// <summary>
/// Reads an NDJSON archive line by line and records each line through the same paths the API
/// uses, so every guarantee holds: a line is recorded whole or refused with its number, and a
/// line already recorded is a repeat, which makes importing the same file twice harmless.
/// </summary>
public sealed class Importer(IDocumentStore store, TimeProvider clock)
{
    public async Task<ImportSummary> ImportAsync(
        TextReader reader, string defaultRecordedBy, IProgress<int>? progress, CancellationToken ct)
    {
        int lines = 0, recorded = 0, repeated = 0, opened = 0, updated = 0, retracted = 0;
        var refused = new List<RefusedLine>();
        while (await reader.ReadLineAsync(ct) is { } text)
        {
            lines++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var outcome = await ImportLineAsync(text, defaultRecordedBy, ct);
            switch (outcome)
            {
                case LineOutcome.Recorded: recorded++; break;
                case LineOutcome.Repeated: repeated++; break;
                case LineOutcome.SagaOpened: opened++; break;
                case LineOutcome.SagaUpdated: updated++; break;
                case LineOutcome.SagaUnchanged: repeated++; break;
                case LineOutcome.Retracted: retracted++; break;
                case LineOutcome.Refused r: refused.Add(new RefusedLine(lines, r.Reason)); break;
            }

            progress?.Report(lines);
        }

        return new ImportSummary(lines, recorded, repeated, opened, updated, retracted, refused);
    }

    private async Task<LineOutcome> ImportLineAsync(string text, string defaultRecordedBy, CancellationToken ct)
    {
        JsonObject line;
        try
        {
            line = JsonNode.Parse(text) as JsonObject ?? throw new JsonException("a line must be a JSON object");
        }
        catch (JsonException e)
        {
            return new LineOutcome.Refused($"not JSON: {e.Message}");
        }

        var kind = TakeString(line, "kind") ?? ArchiveLines.Report;
        return kind switch
        {
            ArchiveLines.Report => await ImportReportAsync(line, TakeString(line, "recordedBy") ?? defaultRecordedBy, ct),
            ArchiveLines.Saga => await ImportSagaAsync(line, defaultRecordedBy, ct),
            ArchiveLines.Retraction => await ImportRetractionAsync(line, defaultRecordedBy, ct),
            _ => new LineOutcome.Refused($"kind '{kind}' is not one of: saga, report, retraction."),
        };
    }

    private async Task<LineOutcome> ImportReportAsync(JsonObject line, string recordedBy, CancellationToken ct)
    {
        var (report, errors) = ReportValidation.Validate(JsonSerializer.SerializeToElement(line), clock.GetUtcNow());
        if (report is null)
        {
            return Refused(errors);
        }

        if (report.Id is null)
        {
            return new LineOutcome.Refused("id: an imported report needs an id, so that importing again repeats it.");
        }

        return await RecordReport.RecordAsync(store, report, recordedBy, clock, ct) switch
        {
            RecordResult.Recorded => new LineOutcome.Recorded(),
            RecordResult.Repeated => new LineOutcome.Repeated(),
            RecordResult.Conflict c => new LineOutcome.Refused($"id: report '{c.ReportId}' was recorded before with different content."),
            RecordResult.Invalid i => Refused(i.Errors),
            var other => throw new InvalidOperationException($"Unexpected result {other}."),
        };
    }

    private async Task<LineOutcome> ImportSagaAsync(JsonObject line, string by, CancellationToken ct)
    {
        SagaLine? saga;
        try
        {
            saga = line.Deserialize<SagaLine>(ArchiveLines.Json);
        }
        catch (JsonException e)
        {
            return new LineOutcome.Refused(e.Message);
        }

        if (saga is null)
        {
            return new LineOutcome.Refused("a saga line needs slug and player.");
        }

        var details = new SagaDetailsInput(saga.Player, saga.CurrentClub, saga.ContractExpires);
        var errors = SagaValidation.Validate(saga.Slug, details);
        if (errors.Any)
        {
            return Refused(errors);
        }

        await using var session = store.LightweightSession();
        var stream = await session.Events.FetchForWriting<SagaState>(saga.Slug, ct);
        var current = stream.Aggregate;
        if (saga.Version is { } version && current is not null && current.Version >= version)
        {
            // An exported line the saga has already passed: importing the same archive again changes nothing.
            return new LineOutcome.SagaUnchanged();
        }

        var recordedBy = saga.RecordedBy ?? by;
        var chain = new SagaChainWriter(session);
        switch (OpenSaga.Decide(saga.Slug, current, details))
        {
            case null:
                return new LineOutcome.SagaUnchanged();
            case SagaOpened opening:
                chain.Start(saga.Slug, opening, recordedBy);
                break;
            case var change:
                await chain.AppendAsync(stream, change, recordedBy, ct);
                break;
        }

        session.LastModifiedBy = recordedBy;
        await session.SaveChangesAsync(ct);
        return current is null ? new LineOutcome.SagaOpened() : new LineOutcome.SagaUpdated();
    }

    private async Task<LineOutcome> ImportRetractionAsync(JsonObject line, string defaultBy, CancellationToken ct)
    {
        RetractionLine? retraction;
        try
        {
            retraction = line.Deserialize<RetractionLine>(ArchiveLines.Json);
        }
        catch (JsonException e)
        {
            return new LineOutcome.Refused(e.Message);
        }

        if (retraction is null || string.IsNullOrWhiteSpace(retraction.ReportId) || string.IsNullOrWhiteSpace(retraction.Reason))
        {
            return new LineOutcome.Refused("a retraction line needs reportId and reason.");
        }

        return await RetractReport.RetractAsync(store, retraction.ReportId, retraction.Reason, retraction.RetractedBy ?? defaultBy, ct) switch
        {
            RetractionResult.Retracted => new LineOutcome.Retracted(),
            RetractionResult.Repeated => new LineOutcome.Repeated(),
            _ => new LineOutcome.Refused($"reportId: there is no report '{retraction.ReportId}'."),
        };
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

        public sealed record Refused(string Reason) : LineOutcome;
    }
}
