namespace Timeline.Api.Tests;

public class when_a_report_is_sent_again(TimelineFixture fixture) : IntegrationTest(fixture)
{
    protected override async Task Given()
    {
        await OpenSaga("ibrahima-konate");
    }

    [Fact]
    public async Task the_same_content_answers_200_with_the_same_body_and_stores_nothing()
    {
        var report = Report("athletic-1", "2025-11-28T18:00:00Z", Interest("ibrahima-konate", "Real Madrid", "withdrawn"));
        var first = await PostReport(report);
        var stored = await Fixture.EventCountAsync();

        var again = await PostReport(report, expectedStatus: 200);

        (await again.ReadAsTextAsync()).ShouldBe(await first.ReadAsTextAsync());
        (await Fixture.EventCountAsync()).ShouldBe(stored);
        (await GetJson("/api/sagas/ibrahima-konate")).GetProperty("claims").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task different_content_under_the_same_id_is_a_conflict_and_stores_nothing()
    {
        await PostReport(Report("athletic-1", "2025-11-28T18:00:00Z", Interest("ibrahima-konate", "Real Madrid", "withdrawn")));
        var stored = await Fixture.EventCountAsync();

        var conflict = await PostReport(
            Report("athletic-1", "2025-11-28T18:00:00Z", Interest("ibrahima-konate", "Real Madrid", "agreed")),
            expectedStatus: 409);

        conflict.Context.Response.ContentType.ShouldBe("application/problem+json");
        (await Fixture.EventCountAsync()).ShouldBe(stored);
        (await GetJson("/api/sagas/ibrahima-konate")).GetProperty("suitors")[0].GetProperty("interest").GetString()
            .ShouldBe("withdrawn");
    }

    [Fact]
    public async Task the_same_id_sent_concurrently_is_stored_once()
    {
        var report = Report("race-1", "2025-11-28T18:00:00Z", Interest("ibrahima-konate", "Real Madrid", "withdrawn"));
        var client = Host.Server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", TimelineFixture.WriterKey);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            client.PostAsync("/api/reports", new StringContent(JsonSerializer.Serialize(report), System.Text.Encoding.UTF8, "application/json"))));

        responses.Select(r => (int)r.StatusCode).Order().ShouldBe([200, 200, 200, 200, 200, 201]);
        (await GetJson("/api/sagas/ibrahima-konate")).GetProperty("claims").GetInt32().ShouldBe(1);
        (await Fixture.EventCountAsync()).ShouldBe(3); // saga opened, the claim, the report
    }
}
