namespace Timeline.Api.Audit;

/// <summary>
/// The result of recomputing a saga's hash chain from its stored events. When it is broken,
/// <see cref="FirstInvalidVersion"/> is the first version whose event no longer matches its link and
/// <see cref="Problem"/> says how; <see cref="Head"/> is then the last hash that still held.
/// </summary>
public sealed record ChainVerdict(
    string Saga, bool Valid, long Events, string Head, long? FirstInvalidVersion = null, string? Problem = null);

public static class ChainVerifier
{
    /// <summary>Recomputes the chain of <paramref name="saga"/>; null when there is no such saga.</summary>
    public static async Task<ChainVerdict?> VerifyAsync(
        NpgsqlDataSource database, IQuerySession session, string saga, CancellationToken ct)
    {
        var links = (await session.Query<ChainLink>().Where(l => l.Saga == saga).ToListAsync(ct))
            .ToDictionary(l => l.Version);
        await using var command = database.CreateCommand($"""
            select version, type, user_name, data::text
            from {Store.Schema}.mt_events
            where stream_id = @saga
            order by version
            """);
        command.Parameters.AddWithValue("saga", saga);
        await using var reader = await command.ExecuteReaderAsync(ct);

        var previous = SagaChain.Genesis;
        long events = 0;
        while (await reader.ReadAsync(ct))
        {
            events++;
            var version = reader.GetInt64(0);
            var hash = SagaChain.Hash(
                previous, reader.GetString(1), version, reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3));
            string? problem = null;
            if (version != events)
            {
                problem = $"The stream skips from version {events - 1} to {version}: an event was removed.";
            }
            else if (!links.TryGetValue(version, out var link))
            {
                problem = "No hash was recorded for this event.";
            }
            else if (link.Previous != previous)
            {
                problem = "Its link does not follow the previous event's hash: events were removed, added or reordered.";
            }
            else if (link.Hash != hash)
            {
                problem = "What it asserts (type, claim, provenance, recordedBy or version) no longer matches its recorded hash.";
            }

            if (problem is not null)
            {
                return new ChainVerdict(saga, false, events, previous, Math.Min(version, events), problem);
            }

            previous = hash;
        }

        if (events == 0)
        {
            return null;
        }

        return links.Keys.Max() > events
            ? new ChainVerdict(saga, false, events, previous, events + 1, "Events recorded after this version were removed.")
            : new ChainVerdict(saga, true, events, previous);
    }

    /// <summary>Every saga's slug, in order: what the <c>verify</c> command goes through.</summary>
    public static async Task<IReadOnlyList<string>> SagasAsync(NpgsqlDataSource database, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"""
            select id from {Store.Schema}.mt_streams where id not like '{ReportStreams.Prefix}%' order by id
            """);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var slugs = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            slugs.Add(reader.GetString(0));
        }

        return slugs;
    }
}

/// <summary><c>GET /api/sagas/{slug}/verify</c>: recompute the saga's hash chain.</summary>
public static class VerifySaga
{
    [WolverineGet("/api/sagas/{slug}/verify", OperationId = "VerifySaga")]
    [ReadAccess]
    [CostlyRead]
    [EndpointSummary("Recompute a saga's hash chain")]
    [EndpointDescription("{valid: true, events, head} when every stored event still matches the hash recorded with it; otherwise valid is false with firstInvalidVersion and the problem found there, and head is the last hash that held. Compare head with one pinned earlier to detect rewritten history.")]
    [ProducesResponseType(typeof(ChainVerdict), StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string slug, NpgsqlDataSource database, IQuerySession session, CancellationToken ct) =>
        await ChainVerifier.VerifyAsync(database, session, slug, ct) is { } verdict
            ? TypedResults.Ok(verdict)
            : Problems.NotFound($"There is no saga '{slug}'.");
}
