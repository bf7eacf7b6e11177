namespace Timeline.Api.Tests;

/// <summary>Two processes of the built service on one PostgreSQL following one feed: one poll per due poll, each item stored once.</summary>
public sealed class IntakeOnTwoNodes() : TwoNodes("intake")
{
    private FeedServer _server = null!;

    protected override async Task Given()
    {
        _server = await FeedServer.StartAsync();
        _server.Add(
            new TestItem("n-1", "Konaté to explore his options", "<p>Konaté is expected to explore his options in January.</p>", new DateTimeOffset(2025, 11, 29, 9, 0, 0, TimeSpan.Zero)),
            new TestItem("n-2", "Bayern keen on Guéhi", "<p>Bayern Munich are interested in Marc Guéhi.</p>", new DateTimeOffset(2025, 11, 30, 9, 0, 0, TimeSpan.Zero)));
    }

    protected override ValueTask StopAsync() => _server.DisposeAsync();

    private static async Task<JsonElement> FeedWhen(ServiceNode node, string id, Func<JsonElement, bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var feed = await node.SendAsync(HttpMethod.Get, $"/api/feeds/{id}");
            if (condition(feed))
            {
                return feed;
            }

            if (clock.Elapsed > Patience)
            {
                throw new TimeoutException($"Not within {Patience}: {what}. The feed: {feed}");
            }

            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task two_nodes_following_one_feed_poll_it_once_per_due_poll_and_store_each_item_once()
    {
        var followed = await A.SendAsync(HttpMethod.Post, "/api/feeds", new { url = _server.Url("/rss"), outlet = "Test outlet" }, HttpStatusCode.Created);
        var id = followed.GetProperty("id").GetString()!;
        await FeedWhen(B, id, f => f.GetProperty("articlesReceived").GetInt32() == 2, "the first poll, seen from the other node");
        _server.RequestsTo("/rss").ShouldBe(1, "one node polled");

        await B.SendAsync(HttpMethod.Post, $"/api/feeds/{id}/poll", expected: HttpStatusCode.Accepted);
        await FeedWhen(A, id, f => f.GetProperty("lastStatusCode").GetInt32() == 304, "the poll asked of the other node");
        _server.RequestsTo("/rss").ShouldBe(2);

        _server.Add(new TestItem("n-3", "Liverpool want to keep Konaté", "<p>Liverpool want to keep Ibrahima Konaté.</p>", new DateTimeOffset(2025, 11, 30, 12, 0, 0, TimeSpan.Zero)));
        await A.SendAsync(HttpMethod.Post, $"/api/feeds/{id}/poll", expected: HttpStatusCode.Accepted);
        await FeedWhen(B, id, f => f.GetProperty("articlesReceived").GetInt32() == 3, "the new item");
        _server.RequestsTo("/rss").ShouldBe(3);

        foreach (var node in new[] { A, B })
        {
            var items = (await node.SendAsync(HttpMethod.Get, $"/api/articles?feed={id}")).GetProperty("items").EnumerateArray().ToList();
            items.Select(i => i.GetProperty("title").GetString()).ShouldBe(["Liverpool want to keep Konaté", "Bayern keen on Guéhi", "Konaté to explore his options"]);
        }
    }
}
