using Npgsql;

namespace Timeline.Api.Tests;

/// <summary>Each saga stream is a hash chain; editing a stored event in PostgreSQL breaks it at that version.</summary>
public sealed class when_a_sagas_hash_chain_is_verified(TimelineFixture fixture) : IntegrationTest(fixture)
{
    private async Task RecordKonateStory()
    {
        await OpenSaga("ibrahima-konate");
        await PostReport(Report("athletic-2025-11-28", "2025-11-28T12:00:00Z", Interest("ibrahima-konate", "Real Madrid", "withdrawn")));
        await PostReport(Report("sky-2025-11-29", "2025-11-29T09:30:00Z",
            Interest("ibrahima-konate", "Real Madrid", "cooling"),
            new { saga = "ibrahima-konate", type = "player-stance", stance = "exploring-options", from = "2026-01" }));
        await Send(HttpMethod.Post, "/api/reports/athletic-2025-11-28/retraction", new { reason = "Duplicate of an earlier story." }, 201);
    }

    private async Task Tamper(string sql)
    {
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        (await command.ExecuteNonQueryAsync()).ShouldBe(1, "one row changed behind Timeline's back");
    }

    [Fact]
    public async Task an_untouched_saga_verifies_and_its_state_shows_the_head_to_pin()
    {
        await RecordKonateStory();

        var verdict = await GetJson("/api/sagas/ibrahima-konate/verify");
        verdict.GetProperty("valid").GetBoolean().ShouldBeTrue();
        verdict.GetProperty("events").GetInt64().ShouldBe(5, "opened, withdrawn, cooling, exploring-options, retraction");
        var head = verdict.GetProperty("head").GetString()!;
        head.ShouldMatch("^[0-9a-f]{64}$");

        var state = await GetJson("/api/sagas/ibrahima-konate");
        state.GetProperty("version").GetInt64().ShouldBe(5);
        state.GetProperty("head").GetString().ShouldBe(head);

        var asOf = await GetJson("/api/sagas/ibrahima-konate?asOf=2025-11-28");
        asOf.GetProperty("head").GetString().ShouldBe(head, "the head is the chain's value at the version read, 5, whatever asOf keeps");
        var listed = (await GetJson("/api/sagas")).EnumerateArray().Single();
        listed.GetProperty("head").GetString().ShouldBe(head);
    }

    [Fact]
    public async Task changing_one_provenance_field_in_the_database_breaks_the_chain_at_that_version()
    {
        await RecordKonateStory();
        var pinned = (await GetJson("/api/sagas/ibrahima-konate/verify")).GetProperty("head").GetString();

        await Tamper($$"""
            update {{Infrastructure.Store.Schema}}.mt_events
            set data = jsonb_set(data, '{source,reporter}', '"Someone Else"')
            where stream_id = 'ibrahima-konate' and version = 3
            """);

        var verdict = await GetJson("/api/sagas/ibrahima-konate/verify");
        verdict.GetProperty("valid").GetBoolean().ShouldBeFalse();
        verdict.GetProperty("firstInvalidVersion").GetInt64().ShouldBe(3);
        verdict.GetProperty("problem").GetString()!.ShouldContain("no longer matches");
        verdict.GetProperty("head").GetString().ShouldNotBe(pinned, "the head that still held is version 2's");
    }

    [Fact]
    public async Task changing_who_recorded_an_event_or_removing_one_is_caught_too()
    {
        await RecordKonateStory();
        await Tamper($"update {Infrastructure.Store.Schema}.mt_events set user_name = 'someone-else' where stream_id = 'ibrahima-konate' and version = 2");
        var verdict = await GetJson("/api/sagas/ibrahima-konate/verify");
        verdict.GetProperty("firstInvalidVersion").GetInt64().ShouldBe(2);

        await Tamper($"update {Infrastructure.Store.Schema}.mt_events set user_name = '{TimelineFixture.WriterKeyName}' where stream_id = 'ibrahima-konate' and version = 2");
        (await GetJson("/api/sagas/ibrahima-konate/verify")).GetProperty("valid").GetBoolean().ShouldBeTrue("restored, it holds again");

        await Tamper($"delete from {Infrastructure.Store.Schema}.mt_events where stream_id = 'ibrahima-konate' and version = 5");
        verdict = await GetJson("/api/sagas/ibrahima-konate/verify");
        verdict.GetProperty("valid").GetBoolean().ShouldBeFalse("the retraction was removed");
        verdict.GetProperty("firstInvalidVersion").GetInt64().ShouldBe(5);
    }

    [Fact]
    public async Task an_unknown_saga_is_not_found()
    {
        var result = await Host.Scenario(s =>
        {
            s.Get.Url("/api/sagas/nobody/verify");
            s.StatusCodeShouldBe(404);
        });
        result.Context.Response.ContentType.ShouldBe("application/problem+json");
    }
}
