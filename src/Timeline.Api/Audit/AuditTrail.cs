using NpgsqlTypes;

namespace Timeline.Api.Audit;

/// <summary>One event of a saga stream as stored, with everything it asserts and both clocks.</summary>
public sealed record AuditEntry(
    long Sequence,
    string Saga,
    long Version,
    string Type,
    DateTimeOffset RecordedAt,
    string? RecordedBy,
    string? ReportId,
    string? Reporter,
    string? Outlet,
    DateTimeOffset? PublishedAt,
    string? Url,
    string? Quote,
    Claim? Claim,
    bool Retracted,
    object? Event,
    string? Hash,
    string? ArticleId = null);

public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, long? NextAfter);

/// <summary>
/// <c>GET /api/audit</c>: the raw record of every saga event, filterable, in global sequence order,
/// paged by keyset (<c>after</c> = the last sequence seen) so deep pages cost what the first does.
/// </summary>
public static class AuditTrail
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    private static readonly IReadOnlyDictionary<string, Type> TypesByName =
        EventNames.All.ToDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);

    private static readonly JsonSerializerOptions Stored = TimelineJson.Vocabulary(new(JsonSerializerDefaults.Web));

    [WolverineGet("/api/audit", OperationId = "GetAuditTrail")]
    [ReadAccess]
    [CostlyRead]
    [EndpointSummary("The raw record: every saga event with provenance and recording metadata")]
    [EndpointDescription("Filters: saga, reporter, outlet, recordedBy (exact), from/to on recorded time, publishedFrom/publishedTo on valid time. Paging: after (exclusive sequence) and limit (1-1000, default 100); nextAfter is null on the last page. Each row carries its chain hash. With Accept: text/csv the same rows come as CSV, the next page's after in the X-Next-After header.")]
    [Produces("application/json", "text/csv", Type = typeof(AuditPage))]
    public static async Task<IResult> Get(
        string? saga, string? reporter, string? outlet, string? recordedBy, string? from, string? to,
        string? publishedFrom, string? publishedTo, long? after, int? limit, NpgsqlDataSource database,
        HttpRequest request, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var filter = new AuditFilter(
            saga, reporter, outlet, recordedBy,
            Instants.Parse(from, nameof(from), errors), Instants.Parse(to, nameof(to), errors),
            Instants.Parse(publishedFrom, nameof(publishedFrom), errors),
            Instants.Parse(publishedTo, nameof(publishedTo), errors),
            after ?? 0, limit ?? DefaultLimit);
        if (filter.Limit is < 1 or > MaxLimit)
        {
            errors.Add(nameof(limit), $"must be between 1 and {MaxLimit}.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var page = await QueryAsync(database, filter, ct);
        return WantsCsv(request) ? new AuditCsv(page) : TypedResults.Ok(page);
    }

    private static bool WantsCsv(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase));

    public sealed record AuditFilter(
        string? Saga, string? Reporter, string? Outlet, string? RecordedBy, DateTimeOffset? From, DateTimeOffset? To,
        DateTimeOffset? PublishedFrom, DateTimeOffset? PublishedTo, long After, int Limit);

    public static async Task<AuditPage> QueryAsync(NpgsqlDataSource database, AuditFilter filter, CancellationToken ct)
    {
        await using var command = database.CreateCommand();
        // Report streams repeat what the saga events carry; a feed's items are in the inbox, not in the record of who
        // recorded what (what editors do with them, dismissing and recording, is).
        var where = new List<string>
        {
            "e.seq_id > @after", $"e.stream_id not like '{ReportStreams.Prefix}%'", $"e.type <> '{EventNames.Of<ArticleReceived>()}'",
        };
        command.Parameters.AddWithValue("after", filter.After);
        command.Parameters.AddWithValue("take", filter.Limit + 1);

        void Add(string sql, string name, object? value, NpgsqlDbType type)
        {
            if (value is null)
            {
                return;
            }

            where.Add(sql);
            command.Parameters.Add(new NpgsqlParameter(name, type) { Value = value });
        }

        Add("e.stream_id = @saga", "saga", filter.Saga, NpgsqlDbType.Varchar);
        Add("e.data -> 'source' ->> 'reporter' = @reporter", "reporter", filter.Reporter, NpgsqlDbType.Text);
        Add("e.data -> 'source' ->> 'outlet' = @outlet", "outlet", filter.Outlet, NpgsqlDbType.Text);
        Add("e.user_name = @recordedBy", "recordedBy", filter.RecordedBy, NpgsqlDbType.Varchar);
        Add("e.timestamp >= @from", "from", filter.From, NpgsqlDbType.TimestampTz);
        Add("e.timestamp <= @to", "to", filter.To, NpgsqlDbType.TimestampTz);
        Add("(e.data -> 'source' ->> 'publishedAt')::timestamptz >= @publishedFrom", "publishedFrom", filter.PublishedFrom, NpgsqlDbType.TimestampTz);
        Add("(e.data -> 'source' ->> 'publishedAt')::timestamptz <= @publishedTo", "publishedTo", filter.PublishedTo, NpgsqlDbType.TimestampTz);

        command.CommandText = $"""
            select e.seq_id, e.stream_id, e.version, e.type, e.data::text, e.timestamp, e.user_name,
                   exists (select 1 from {Store.Schema}.mt_events r
                           where r.stream_id = e.stream_id and r.type = '{EventNames.All[typeof(ClaimsRetracted)]}'
                             and r.data ->> 'reportId' = e.data -> 'source' ->> 'reportId') as retracted,
                   (select l.data ->> 'hash' from {Store.Schema}.mt_doc_chainlink l
                     where l.id = e.stream_id || '/' || e.version) as hash,
                   coalesce(e.data ->> 'articleId',
                            (select r.data ->> 'articleId' from {Store.Schema}.mt_events r
                              where r.stream_id = '{ReportStreams.Prefix}' || (e.data -> 'source' ->> 'reportId') and r.version = 1)) as article
            from {Store.Schema}.mt_events e
            where {string.Join(" and ", where)}
            order by e.seq_id
            limit @take
            """;

        var items = new List<AuditEntry>(filter.Limit);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            items.Add(Read(reader));
        }

        var next = items.Count > filter.Limit ? items[filter.Limit - 1].Sequence : (long?)null;
        return new AuditPage(items.Take(filter.Limit).ToList(), next);
    }

    private static AuditEntry Read(NpgsqlDataReader reader)
    {
        var typeName = reader.GetString(3);
        var data = TypesByName.TryGetValue(typeName, out var type)
            ? JsonSerializer.Deserialize(reader.GetString(4), type, Stored)
            : null;
        var source = (data as IClaimReported)?.Source;
        return new AuditEntry(
            reader.GetInt64(0),
            reader.GetString(1),
            reader.GetInt64(2),
            typeName,
            reader.GetFieldValue<DateTimeOffset>(5),
            reader.IsDBNull(6) ? null : reader.GetString(6),
            source?.ReportId ?? (data as ClaimsRetracted)?.ReportId,
            source?.Reporter,
            source?.Outlet,
            source?.PublishedAt,
            source?.Url,
            source?.Quote,
            (data as IClaimReported)?.Claim,
            reader.GetBoolean(7),
            data is IClaimReported ? null : data,
            reader.IsDBNull(8) ? null : reader.GetString(8),
            reader.IsDBNull(9) ? null : reader.GetString(9));
    }
}
