using System.Net.Http.Json;

namespace Timeline.Reliability.Tests;

/// <summary>Two service processes on one database, their key an admin's.</summary>
public sealed class TwoAdminNodes() : NodesOnOneDatabase(2, "keys", ($"Auth__Scopes__{ServiceNode.KeyName}", "admin"));

/// <summary>A key issued on one node opens the other; revoked on the first, the other refuses it within seconds.</summary>
public sealed class KeysAcrossNodes(TwoAdminNodes fixture, ITestOutputHelper output) : IClassFixture<TwoAdminNodes>
{
    [Fact]
    public async Task a_key_revoked_on_one_node_is_refused_by_the_other_within_seconds()
    {
        var (a, b) = (fixture.Nodes[0], fixture.Nodes[1]);
        await a.PutSagaAsync("keys-across", "Ibrahima Konaté");
        // Each node compiles an endpoint on its first request: that is not what is measured here.
        for (var i = 0; i < fixture.Nodes.Count; i++)
        {
            await fixture.Nodes[i].PostReportAsync(ServiceNode.Report($"warm-{i}", $"2025-11-2{i}T09:30:00Z", ServiceNode.Interest("keys-across", "Chelsea", "monitoring")));
        }

        var key = (await a.SendAsync(HttpMethod.Post, "/api/keys", new { name = "roaming-bot" }, HttpStatusCode.Created)).GetProperty("key").GetString()!;

        var issued = Stopwatch.StartNew();
        var n = 0;
        await EventuallyAsync(async () => await PostWith(b, key, ++n) == HttpStatusCode.Created, TimeSpan.FromSeconds(30),
            "node B accepts the key issued on node A");
        var accepted = issued.Elapsed;

        await a.SendAsync(HttpMethod.Delete, "/api/keys/roaming-bot", expected: HttpStatusCode.NoContent);
        var revoked = Stopwatch.StartNew();
        (await PostWith(a, key, ++n)).ShouldBe(HttpStatusCode.Unauthorized, "the node that revoked it refuses it at once");
        await EventuallyAsync(async () => await PostWith(b, key, ++n) == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(30),
            "node B refuses the revoked key");
        var refused = revoked.Elapsed;

        var stored = await ScalarAsync<long>(fixture.Database,
            $"select count(*) from {Schema}.mt_events where user_name = 'roaming-bot' and type = 'report_recorded'");
        stored.ShouldBe(_created, "every report answered 201 stored, none answered 401");
        Figures.Record(output, "keys", $"a key issued on node A was accepted by node B after {accepted.TotalMilliseconds:F0} ms; revoked on node A, refused there at once and by node B after {refused.TotalMilliseconds:F0} ms (refresh every 1 s); {stored} reports recorded with it, none refused stored");
    }

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(90) };
    private long _created;

    private async Task<HttpStatusCode> PostWith(ServiceNode node, string key, int n)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(node.Url), "/api/reports"))
        {
            Content = JsonContent.Create(ServiceNode.Report($"roaming-{n}", "2025-11-29T09:30:00Z", ServiceNode.Interest("keys-across", "Real Madrid", n % 2 == 0 ? "cooling" : "bid"))),
        };
        request.Headers.Add("X-Api-Key", key);
        using var response = await _http.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            _created++;
        }

        return response.StatusCode;
    }
}
