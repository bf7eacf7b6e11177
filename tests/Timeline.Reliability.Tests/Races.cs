namespace Timeline.Reliability.Tests;

/// <summary>Concurrent writers over real HTTP, each on its own connection, against one node.</summary>
[Collection(HostileCollection.Name)]
public sealed class Races(HostileNode fixture, ITestOutputHelper output)
{
    private ServiceNode Node => fixture.Node;

    [Fact]
    public async Task the_same_report_id_from_ten_clients_is_stored_once_and_the_others_hear_200_or_409()
    {
        await Node.PutSagaAsync("race-id", "Ibrahima Konaté");
        var withdrawn = Report("race-same-id", "2025-11-28T18:00:00Z", Interest("race-id", "Real Madrid", "withdrawn"));
        var cooling = Report("race-same-id", "2025-11-28T18:00:00Z", Interest("race-id", "Real Madrid", "cooling"));
        var clients = Enumerable.Range(0, 10).Select(_ => Client(Node, ServiceNode.Key)).ToList();
        try
        {
            // Half the clients send one content, half another, under the same id: one of them wins.
            var bodies = clients.Select((_, i) => i % 2 == 0 ? withdrawn : cooling).ToList();
            using var start = new SemaphoreSlim(0);
            var sends = clients.Select(async (client, i) =>
            {
                await start.WaitAsync();
                return await PostJsonAsync(client, "/api/reports", bodies[i]);
            }).ToList();
            start.Release(clients.Count);
            var answers = await Task.WhenAll(sends);

            answers.Count(a => a.Status == HttpStatusCode.Created).ShouldBe(1, Describe(answers));
            var winner = Array.FindIndex(answers, a => a.Status == HttpStatusCode.Created);
            var winningLevel = winner % 2 == 0 ? "withdrawn" : "cooling";
            for (var i = 0; i < answers.Length; i++)
            {
                var expected = i == winner ? HttpStatusCode.Created : i % 2 == winner % 2 ? HttpStatusCode.OK : HttpStatusCode.Conflict;
                answers[i].Status.ShouldBe(expected, $"client {i}: {answers[i].Body}");
                if (expected == HttpStatusCode.OK)
                {
                    answers[i].Body.GetRawText().ShouldBe(answers[winner].Body.GetRawText(), "a repeat answers the first receipt");
                }
            }

            var stored = await Node.SendAsync(HttpMethod.Get, "/api/reports/race-same-id");
            stored.GetProperty("claims").EnumerateArray().ShouldHaveSingleItem().GetProperty("level").GetString().ShouldBe(winningLevel);
            (await ScalarAsync<long>(fixture.ConnectionString,
                $"select count(*) from {Schema}.mt_events where stream_id = 'race-id' and type = 'interest_reported'")).ShouldBe(1);
            (await ScalarAsync<long>(fixture.ConnectionString,
                $"select count(*) from {Schema}.mt_events where stream_id = 'report:race-same-id'")).ShouldBe(1);
            Figures.Record(output, "races", $"same id from 10 clients: {Describe(answers)}");
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task forty_concurrent_reports_on_one_saga_all_land_with_contiguous_versions()
    {
        const int writers = 40;
        await Node.PutSagaAsync("race-versions", "Marc Guéhi");
        var clients = Enumerable.Range(0, writers).Select(_ => Client(Node, ServiceNode.Key)).ToList();
        try
        {
            using var start = new SemaphoreSlim(0);
            var sends = clients.Select(async (client, i) =>
            {
                await start.WaitAsync();
                return await PostJsonAsync(client, "/api/reports",
                    Report($"race-v-{i}", $"2025-11-{1 + i % 28:00}T{i % 24:00}:00:00Z", Interest("race-versions", $"Club {i}", "interested")));
            }).ToList();
            start.Release(writers);
            var answers = await Task.WhenAll(sends);

            answers.ShouldAllBe(a => a.Status == HttpStatusCode.Created, Describe(answers));
            var versions = answers.Select(a => a.Body.GetProperty("events")[0].GetProperty("version").GetInt64()).Order().ToList();
            versions.ShouldBe(Enumerable.Range(2, writers).Select(v => (long)v).ToList(), "the saga was opened at version 1");

            await using var connection = new Npgsql.NpgsqlConnection(fixture.ConnectionString);
            await connection.OpenAsync();
            await using var query = new Npgsql.NpgsqlCommand(
                $"select version from {Schema}.mt_events where stream_id = 'race-versions' order by version", connection);
            var stored = new List<long>();
            await using (var reader = await query.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    stored.Add(reader.GetInt64(0));
                }
            }

            stored.ShouldBe(Enumerable.Range(1, writers + 1).Select(v => (long)v).ToList(), "one event per version, no gap, no repeat");
            var state = await Node.SendAsync(HttpMethod.Get, "/api/sagas/race-versions");
            state.GetProperty("claims").GetInt32().ShouldBe(writers);
            state.GetProperty("suitors").GetArrayLength().ShouldBe(writers);
            Figures.Record(output, "races", $"{writers} concurrent reports on one saga: {answers.Count(a => a.Status == HttpStatusCode.Created)} x 201, versions {versions[0]}..{versions[^1]}");
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    private static string Describe((HttpStatusCode Status, JsonElement Body)[] answers) =>
        string.Join(", ", answers.GroupBy(a => (int)a.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} x {g.Key}"));
}
