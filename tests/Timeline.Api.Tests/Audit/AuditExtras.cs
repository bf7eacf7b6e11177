using Npgsql;
using Timeline.Domain;

namespace Timeline.Api.Tests;

/// <summary>The audit trail's chain hashes, its CSV form, and the indexes behind its filters.</summary>
public sealed class when_the_audit_trail_is_checked(TimelineFixture fixture) : IntegrationTest(fixture)
{
    protected override async Task Given()
    {
        await OpenSaga("ibrahima-konate");
        await PostReport(Report("sky-1", "2025-11-29T09:30:00Z", Interest("ibrahima-konate", "Real Madrid", "cooling")));
        await PostReport(new
        {
            id = "quoted-1",
            reporter = "Dean Jones",
            outlet = "TEAMtalk",
            publishedAt = "2025-11-29T19:00:00Z",
            quote = "=HYPERLINK(\"x\") and \"Konate, Liverpool\"\nsecond line",
            claims = new[] { new { saga = "ibrahima-konate", type = "expectation", outcome = "renewal", club = "Liverpool" } },
        });
    }

    [Fact]
    public async Task each_row_carries_its_chain_hash_and_the_last_is_the_sagas_head()
    {
        var items = (await GetJson("/api/audit?saga=ibrahima-konate")).GetProperty("items").EnumerateArray().ToList();
        items.Count.ShouldBe(3);
        items.ShouldAllBe(x => x.GetProperty("hash").GetString()!.Length == 64);
        items.Select(x => x.GetProperty("hash").GetString()).Distinct().Count().ShouldBe(3);
        var head = (await GetJson("/api/sagas/ibrahima-konate/verify")).GetProperty("head").GetString();
        items[^1].GetProperty("hash").GetString().ShouldBe(head);
    }

    [Fact]
    public async Task accept_text_csv_gives_the_same_rows_as_csv()
    {
        var json = (await GetJson("/api/audit?saga=ibrahima-konate&limit=2")).GetProperty("items").EnumerateArray().ToList();
        var result = await Host.Scenario(s =>
        {
            s.Get.Url("/api/audit?saga=ibrahima-konate&limit=2");
            s.WithRequestHeader("Accept", "text/csv");
        });
        result.Context.Response.ContentType.ShouldBe("text/csv; charset=utf-8");
        result.Context.Response.Headers["X-Next-After"].ToString().ShouldBe(json[^1].GetProperty("sequence").GetInt64().ToString());

        using var reader = new CsvHelper.CsvReader(new StringReader(result.ReadAsText()), System.Globalization.CultureInfo.InvariantCulture);
        var rows = new List<Dictionary<string, string>>();
        await reader.ReadAsync();
        reader.ReadHeader();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.HeaderRecord!.ToDictionary(h => h, h => reader.GetField(h)!));
        }

        rows.Count.ShouldBe(2);
        rows.Select(r => r["sequence"]).ShouldBe(json.Select(x => x.GetProperty("sequence").GetInt64().ToString()));
        rows.Select(r => r["hash"]).ShouldBe(json.Select(x => x.GetProperty("hash").GetString()));
        rows[1]["reporter"].ShouldBe("Vinny O'Connor");
        rows[1]["publishedAt"].ShouldBe("2025-11-29T09:30:00Z");
        JsonDocument.Parse(rows[1]["claim"]).RootElement.GetProperty("level").GetString().ShouldBe("cooling");

        var next = await Host.Scenario(s =>
        {
            s.Get.Url($"/api/audit?saga=ibrahima-konate&after={json[^1].GetProperty("sequence").GetInt64()}");
            s.WithRequestHeader("Accept", "text/csv");
        });
        var text = next.ReadAsText();
        text.ShouldContain("\"'=HYPERLINK(\"\"x\"\") and \"\"Konate, Liverpool\"\"\nsecond line\"",
            Case.Sensitive, "quoted per RFC 4180, and a formula is defused");
    }

    [Theory]
    [InlineData("e.data -> 'source' ->> 'reporter' = 'Dean Jones'", "timeline_events_reporter_seq")]
    [InlineData("e.data -> 'source' ->> 'outlet' = 'TEAMtalk'", "timeline_events_outlet_seq")]
    [InlineData("e.user_name = 'ingest-bot'", "timeline_events_recorded_by_seq")]
    [InlineData("e.stream_id = 'ibrahima-konate'", "timeline_events_stream_seq")]
    public async Task each_filter_is_served_by_an_index_that_keeps_keyset_order(string filter, string index)
    {
        // Other sagas opened by someone else, so that each filter is selective, as in a real store.
        await using (var session = Fixture.Store.LightweightSession())
        {
            for (var i = 0; i < 3_000; i++)
            {
                session.Events.StartStream($"other-{i}", new SagaOpened($"other-{i}", $"Player {i}", "Elsewhere FC", null));
            }

            session.LastModifiedBy = "someone-else";
            await session.SaveChangesAsync();
        }

        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        await using (var analyze = new NpgsqlCommand($"analyze {Infrastructure.Store.Schema}.mt_events; set enable_sort = off", connection))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        await using var explain = new NpgsqlCommand(
            $"explain select e.seq_id from {Infrastructure.Store.Schema}.mt_events e where {filter} and e.seq_id > 0 order by e.seq_id limit 100",
            connection);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        string.Join("\n", plan).ShouldContain(index);
    }
}
