using System.Diagnostics;
using Timeline.Api.Audit;

namespace Timeline.Api.Sagas;

/// <summary><c>GET /api/sagas/{slug}?asOf=&amp;knownAt=</c>: what was believed at knownAt about the saga as of asOf.</summary>
public static class GetSaga
{
    [WolverineGet("/api/sagas/{slug}", OperationId = "GetSaga")]
    [ReadAccess]
    [EndpointSummary("A saga's state, now or at any point in valid and recorded time")]
    [EndpointDescription("asOf keeps claims published at or before it; knownAt keeps claims recorded at or before it. Both default to now; a bare date means the end of that UTC day.")]
    [ProducesResponseType(typeof(SagaView), StatusCodes.Status200OK)]
    public static async Task<IResult> Get(
        string slug, string? asOf, string? knownAt, IQuerySession session, SagaHistoryCache histories, TimeProvider clock,
        CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var validTime = Instants.Parse(asOf, nameof(asOf), errors);
        var recordedTime = Instants.Parse(knownAt, nameof(knownAt), errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (recordedTime is { } known)
        {
            await RecordedTime.SettleAsync(session, known, clock, ct);
        }

        var now = clock.GetUtcNow();
        var current = await session.LoadAsync<SagaState>(slug, ct);
        if (current is null)
        {
            return NotFound(slug);
        }

        // A claim published a little ahead of this server's clock is in the document but not yet "as of now".
        if (validTime is null && recordedTime is null && (current.LastReportAt is not { } last || last <= now))
        {
            return TypedResults.Ok(await session.ViewAsync(current, now, now, ct));
        }

        var started = Stopwatch.GetTimestamp();
        var history = await histories.LoadAsync(session, current, ct);
        var state = history.StateAt(validTime ?? now, recordedTime ?? now);
        TimelineInstruments.HistoricalReadDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        return state is null
            ? Problems.NotFound($"Saga '{slug}' had not been opened by {recordedTime:O}.")
            : TypedResults.Ok(await session.ViewAsync(state, validTime ?? now, recordedTime ?? now, ct));
    }

    public static IResult NotFound(string slug) => Problems.NotFound($"There is no saga '{slug}'.");
}
