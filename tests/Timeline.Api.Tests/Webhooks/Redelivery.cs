using Microsoft.AspNetCore.Http;
using StandardWebhooks;

namespace Timeline.Api.Tests;

/// <summary>A receiver that lost data asks for it again: one delivery, or everything from a feed position on.</summary>
public sealed class when_a_receiver_asks_for_changes_again(TimelineFixture fixture) : IntegrationTest(fixture), IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private WebhookReceiver _receiver = null!;

    protected override async Task Given()
    {
        _receiver = await WebhookReceiver.StartAsync();
    }

    async Task IAsyncLifetime.DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task a_redelivered_change_arrives_again_with_its_webhook_id_and_body_signed_anew()
    {
        await OpenSaga("again-guehi", "Marc Guéhi", "Crystal Palace");
        var subscription = await Subscribe("again-guehi");
        var id = subscription.GetProperty("id").GetString();
        await PostReport(Report("again-1", "2025-11-28T09:30:00Z", Interest("again-guehi", "Liverpool", "monitoring")));
        await PostReport(Report("again-2", "2025-11-29T09:30:00Z", Interest("again-guehi", "Liverpool", "bid")));
        var before = await _receiver.WaitForAsync(2, Patience);
        await SettledAsync(id);

        var redelivered = await Send(HttpMethod.Post, $"/api/subscriptions/{id}/deliveries/{before[0].WebhookId}/redeliver", status: 202);
        redelivered.GetProperty("id").GetString().ShouldBe(before[0].WebhookId);
        redelivered.GetProperty("status").GetString().ShouldBe("pending");

        var again = (await _receiver.WaitForAsync(3, Patience))[2];
        again.WebhookId.ShouldBe(before[0].WebhookId, "the same webhook-id, so a receiver that has it can drop it");
        again.DeliveryId.ShouldBe(before[0].DeliveryId);
        again.Body.ShouldBe(before[0].Body, "the same change, byte for byte");
        again.Signature.ShouldBe(before[0].Signature);
        new StandardWebhook(subscription.GetProperty("signingSecret").GetString()!).Verify(again.Body, new HeaderDictionary
        {
            ["webhook-id"] = again.WebhookId, ["webhook-timestamp"] = again.WebhookTimestamp, ["webhook-signature"] = again.WebhookSignature,
        });
        _receiver.Requests.ShouldBe(3, "only that delivery was sent again");

        var deliveries = await SettledAsync(id);
        var resent = deliveries.Single(d => d.GetProperty("id").GetString() == before[0].WebhookId);
        resent.GetProperty("status").GetString().ShouldBe("delivered");
        resent.GetProperty("attempts").GetInt32().ShouldBe(2);
        deliveries.Single(d => d.GetProperty("id").GetString() == before[1].WebhookId).GetProperty("attempts").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task a_replay_sends_every_change_from_a_position_on_again_in_feed_order()
    {
        await OpenSaga("replay-konate");
        await OpenSaga("replay-guehi", "Marc Guéhi", "Crystal Palace");
        var id = (await Subscribe("replay-konate", "replay-guehi")).GetProperty("id").GetString();
        string[] sagas = ["replay-konate", "replay-guehi", "replay-konate", "replay-guehi"];
        for (var i = 0; i < sagas.Length; i++)
        {
            await PostReport(Report($"replay-{i}", $"2025-11-2{i}T10:00:00Z", Interest(sagas[i], "Real Madrid", i < 2 ? "monitoring" : "interested")));
        }

        var before = await _receiver.WaitForAsync(4, Patience);
        var positions = before.Select(r => r.Json.GetProperty("position").GetInt64()).ToList();
        await SettledAsync(id);

        var replay = await Send(HttpMethod.Post, $"/api/subscriptions/{id}/replay", new { fromPosition = positions[1] }, status: 202);
        replay.GetProperty("deliveries").GetInt32().ShouldBe(3);
        replay.GetProperty("throughPosition").GetInt64().ShouldBe(positions[3]);

        var replayed = (await _receiver.WaitForAsync(7, Patience)).Skip(4).ToList();
        replayed.Select(r => r.WebhookId).ShouldBe(before.Skip(1).Select(r => r.WebhookId), "from that position on, in feed order, with the ids they had");
        replayed.Select(r => r.Body).ShouldBe(before.Skip(1).Select(r => r.Body));
        _receiver.Requests.ShouldBe(7);
        (await SettledAsync(id)).ShouldAllBe(d => d.GetProperty("status").GetString() == "delivered");
    }

    [Fact]
    public async Task a_later_change_of_a_saga_waits_for_an_earlier_one_that_is_being_retried()
    {
        await OpenSaga("order-konate");
        await OpenSaga("order-guehi", "Marc Guéhi", "Crystal Palace");
        _receiver.Answer = n => n <= 3 ? 503 : 200;
        var id = (await Subscribe("order-konate", "order-guehi")).GetProperty("id").GetString();
        string[] sagas = ["order-konate", "order-guehi", "order-konate", "order-guehi", "order-konate"];
        for (var i = 0; i < sagas.Length; i++)
        {
            await PostReport(Report($"order-{i}", $"2025-11-2{i}T10:00:00Z", Interest(sagas[i], "Chelsea", i % 2 == 0 ? "monitoring" : "interested")));
        }

        var received = await _receiver.WaitForAsync(sagas.Length, Patience);
        foreach (var saga in received.GroupBy(r => r.Json.GetProperty("saga").GetString()))
        {
            saga.Select(r => r.Json.GetProperty("version").GetInt64()).ShouldBe(saga.Select(r => r.Json.GetProperty("version").GetInt64()).Order(),
                $"{saga.Key}'s changes in order");
        }

        received.Select(r => r.Json.GetProperty("position").GetInt64()).ShouldBeInOrder(SortDirection.Ascending, "nothing overtook the retried change");
        received.Select(r => r.Json.GetProperty("cause").GetProperty("reportId").GetString()).ShouldBe(sagas.Select((_, i) => $"order-{i}"));
        _receiver.Requests.ShouldBe(3 + sagas.Length, "each change delivered once");
        var first = (await SettledAsync(id)).Single(d => d.GetProperty("id").GetString() == received[0].WebhookId);
        first.GetProperty("attempts").GetInt32().ShouldBe(4);
    }

    [Fact]
    public async Task unknown_ids_bad_positions_other_keys_and_paused_subscriptions_are_refused()
    {
        await OpenSaga("refused-konate");
        var id = (await Subscribe("refused-konate")).GetProperty("id").GetString();
        await PostReport(Report("refused-1", "2025-11-29T09:30:00Z", Interest("refused-konate", "Real Madrid", "cooling")));
        var position = (await _receiver.WaitForAsync(1, Patience))[0].Json.GetProperty("position").GetInt64();
        var delivery = $"{id}-{position}";

        await Send(HttpMethod.Post, $"/api/subscriptions/{Guid.NewGuid()}/replay", new { fromPosition = position }, status: 404);
        await Send(HttpMethod.Post, $"/api/subscriptions/{Guid.NewGuid()}/deliveries/{delivery}/redeliver", status: 404);
        (await Send(HttpMethod.Post, $"/api/subscriptions/{id}/deliveries/{id}-999999999/redeliver", status: 404))
            .GetProperty("detail").GetString().ShouldBe($"Subscription '{id}' has no delivery '{id}-999999999'.");
        await Send(HttpMethod.Post, $"/api/subscriptions/{id}/deliveries/{delivery}/redeliver", key: TimelineFixture.OtherWriterKey, status: 403);
        await Send(HttpMethod.Post, $"/api/subscriptions/{id}/replay", new { fromPosition = position }, key: TimelineFixture.OtherWriterKey, status: 403);
        await Send(HttpMethod.Post, $"/api/subscriptions/{id}/replay", new { fromPosition = position }, key: null, status: 401);

        Errors(await Send(HttpMethod.Post, $"/api/subscriptions/{id}/replay", new { }, status: 400)).ShouldContain("is required");
        Errors(await Send(HttpMethod.Post, $"/api/subscriptions/{id}/replay", new { fromPosition = position - 1 }, status: 400))
            .ShouldContain($"must be after {position - 1}, the feed position when the subscription was made");
        Errors(await Send(HttpMethod.Post, $"/api/subscriptions/{id}/replay", new { fromPosition = position + 1000 }, status: 400))
            .ShouldContain("the feed's last change");
        _receiver.Requests.ShouldBe(1, "no refused request sent anything");

        _receiver.Answer = _ => 500;
        await Send(HttpMethod.Post, $"/api/subscriptions/{id}/deliveries/{delivery}/redeliver", status: 202);
        var deadline = DateTime.UtcNow + Patience;
        while ((await Send(HttpMethod.Get, $"/api/subscriptions/{id}")).GetProperty("status").GetString() != "paused")
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the subscription should pause after its five attempts");
            await Task.Delay(100);
        }

        (await Send(HttpMethod.Post, $"/api/subscriptions/{id}/replay", new { fromPosition = position }, status: 409))
            .GetProperty("detail").GetString()!.ShouldContain("/resume");
        await Send(HttpMethod.Post, $"/api/subscriptions/{id}/deliveries/{delivery}/redeliver", status: 409);
        _receiver.Requests.ShouldBe(6);
    }

    private static string Errors(JsonElement problem) => problem.GetProperty("errors").GetProperty("fromPosition")[0].GetString()!;

    private Task<JsonElement> Subscribe(params string[] sagas) =>
        Send(HttpMethod.Post, "/api/subscriptions", new { url = _receiver.Url, sagas }, status: 201);

    private Task<JsonElement> Send(HttpMethod method, string url, object? body = null, string? key = TimelineFixture.WriterKey, int status = 200) =>
        SendAsync(method, url, body, key, status);

    /// <summary>The subscription's deliveries once none is pending: a receiver has the body before the service has recorded its answer.</summary>
    private async Task<List<JsonElement>> SettledAsync(string? id)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var deliveries = (await Send(HttpMethod.Get, $"/api/subscriptions/{id}/deliveries")).EnumerateArray().ToList();
            if (deliveries.All(d => d.GetProperty("status").GetString() != "pending") || DateTime.UtcNow > deadline)
            {
                return deliveries;
            }

            await Task.Delay(100);
        }
    }
}
