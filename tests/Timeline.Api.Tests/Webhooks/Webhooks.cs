using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Timeline.Api.Tests;

/// <summary>Webhooks from the built service to a real Kestrel receiver on loopback.</summary>
public sealed class when_a_webhook_is_subscribed(LiveNodeFixture fixture) : IClassFixture<LiveNodeFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private WebhookReceiver _receiver = null!;
    private ServiceNode Node => fixture.Node;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    /// <summary>
    /// The subscription's deliveries once none is pending: a receiver has the body before the service
    /// has recorded its answer.
    /// </summary>
    private async Task<List<JsonElement>> SettledDeliveriesAsync(string? id)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var deliveries = (await Node.SendAsync(HttpMethod.Get, $"/api/subscriptions/{id}/deliveries")).EnumerateArray().ToList();
            if (deliveries.All(d => d.GetProperty("status").GetString() != "pending") || clock.Elapsed > Patience)
            {
                return deliveries;
            }

            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task a_receiver_gets_each_change_signed_with_the_subscription_secret()
    {
        await Node.PutSagaAsync("hook-konate", "Ibrahima Konaté");
        const string secret = "a-secret-only-we-know-123";
        var subscription = await Node.SendAsync(HttpMethod.Post, "/api/subscriptions",
            new { url = _receiver.Url, sagas = new[] { "hook-konate" }, secret }, HttpStatusCode.Created);
        subscription.GetProperty("secret").GetString().ShouldBe(secret, "the secret is shown when the subscription is made");
        var id = subscription.GetProperty("id").GetString();

        await Node.PostReportAsync(ServiceNode.Report("hook-1", "2025-11-29T09:30:00Z", ServiceNode.Interest("hook-konate", "Real Madrid", "cooling")));
        var received = (await _receiver.WaitForAsync(1, Patience)).Single();

        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(received.Body)));
        received.Signature.ShouldBe(expected);
        var body = received.Json;
        received.DeliveryId.ShouldBe($"{id}-{body.GetProperty("position").GetInt64()}", "the subscription id exactly as the API shows it");
        body.GetProperty("saga").GetString().ShouldBe("hook-konate");
        body.GetProperty("version").GetInt64().ShouldBe(2);
        body.GetProperty("state").GetProperty("suitors")[0].GetProperty("interest").GetString().ShouldBe("cooling");
        body.GetProperty("cause").GetProperty("reportId").GetString().ShouldBe("hook-1");
        body.GetProperty("changed").EnumerateArray().Select(x => x.GetString()).ShouldContain("suitors");

        var shown = await Node.SendAsync(HttpMethod.Get, $"/api/subscriptions/{id}");
        shown.GetProperty("status").GetString().ShouldBe("active");
        shown.GetProperty("secret").ValueKind.ShouldBe(JsonValueKind.Null, "the secret is never shown again");
        var delivery = (await SettledDeliveriesAsync(id)).Single();
        delivery.GetProperty("id").GetString().ShouldBe(received.DeliveryId);
        delivery.GetProperty("status").GetString().ShouldBe("delivered");
        delivery.GetProperty("attempts").GetInt32().ShouldBe(1);
        delivery.GetProperty("lastStatusCode").GetInt32().ShouldBe(200);
    }

    [Fact]
    public async Task a_receiver_that_fails_for_a_while_gets_every_delivery_once_it_recovers_in_order()
    {
        await Node.PutSagaAsync("hook-flaky", "Marc Guéhi");
        _receiver.Answer = n => n <= 4 ? 503 : 200;
        var subscription = await Node.SendAsync(HttpMethod.Post, "/api/subscriptions",
            new { url = _receiver.Url, sagas = new[] { "hook-flaky" } }, HttpStatusCode.Created);
        var id = subscription.GetProperty("id").GetString();
        subscription.GetProperty("secret").GetString()!.Length.ShouldBeGreaterThanOrEqualTo(32, "a secret is generated when none is given");

        string[] levels = ["monitoring", "interested", "advanced"];
        for (var i = 0; i < levels.Length; i++)
        {
            await Node.PostReportAsync(ServiceNode.Report($"flaky-{i}", $"2025-11-2{i}T10:00:00Z", ServiceNode.Interest("hook-flaky", "Liverpool", levels[i])));
        }

        var received = await _receiver.WaitForAsync(levels.Length, Patience);
        received.Select(r => r.Json.GetProperty("version").GetInt64()).ShouldBe([2, 3, 4], "in order, each once");
        received.Select(r => r.DeliveryId).Distinct().Count().ShouldBe(levels.Length);
        _receiver.Requests.ShouldBe(4 + levels.Length);

        var deliveries = await SettledDeliveriesAsync(id);
        deliveries.ShouldAllBe(d => d.GetProperty("status").GetString() == "delivered");
        var firstChange = deliveries.Single(d => d.GetProperty("version").GetInt64() == 2);
        firstChange.GetProperty("attempts").GetInt32().ShouldBe(5);
        firstChange.GetProperty("history")[0].GetProperty("statusCode").GetInt32().ShouldBe(503);
        (await Node.SendAsync(HttpMethod.Get, $"/api/subscriptions/{id}")).GetProperty("consecutiveFailures").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task a_subscription_that_keeps_failing_is_paused_with_the_reason_and_resumes_in_order()
    {
        await Node.PutSagaAsync("hook-down", "Dayot Upamecano");
        _receiver.Answer = _ => 500;
        var id = (await Node.SendAsync(HttpMethod.Post, "/api/subscriptions",
            new { url = _receiver.Url, sagas = new[] { "hook-down" } }, HttpStatusCode.Created)).GetProperty("id").GetString();
        await Node.PostReportAsync(ServiceNode.Report("down-1", "2025-11-29T09:30:00Z", ServiceNode.Interest("hook-down", "Bayern Munich", "interested")));

        var paused = await Eventually(async () =>
        {
            var s = await Node.SendAsync(HttpMethod.Get, $"/api/subscriptions/{id}");
            return s.GetProperty("status").GetString() == "paused" ? s : (JsonElement?)null;
        });
        paused.GetProperty("pausedReason").GetString()!.ShouldContain("HTTP 500");
        paused.GetProperty("consecutiveFailures").GetInt32().ShouldBe(6);
        await Node.PostReportAsync(ServiceNode.Report("down-2", "2025-11-30T09:30:00Z", ServiceNode.Interest("hook-down", "Bayern Munich", "advanced")));
        await Task.Delay(1000);
        _receiver.Requests.ShouldBe(6, "a paused subscription is not called");

        _receiver.Answer = _ => 200;
        var resumed = await Node.SendAsync(HttpMethod.Post, $"/api/subscriptions/{id}/resume");
        resumed.GetProperty("status").GetString().ShouldBe("active");
        var received = await _receiver.WaitForAsync(2, Patience);
        received.Select(r => r.Json.GetProperty("cause").GetProperty("reportId").GetString()).ShouldBe(["down-1", "down-2"]);
    }

    [Fact]
    public async Task deleting_a_subscription_stops_its_deliveries()
    {
        await Node.PutSagaAsync("hook-gone", "Virgil van Dijk");
        var id = (await Node.SendAsync(HttpMethod.Post, "/api/subscriptions",
            new { url = _receiver.Url, sagas = new[] { "hook-gone" } }, HttpStatusCode.Created)).GetProperty("id").GetString();
        await Node.SendAsync(HttpMethod.Delete, $"/api/subscriptions/{id}", expected: HttpStatusCode.NoContent);
        await Node.SendAsync(HttpMethod.Get, $"/api/subscriptions/{id}", expected: HttpStatusCode.NotFound);

        await Node.PostReportAsync(ServiceNode.Report("gone-1", "2025-11-29T09:30:00Z", ServiceNode.Interest("hook-gone", "Chelsea", "monitoring")));
        await Task.Delay(1500);
        _receiver.Requests.ShouldBe(0);
    }

    private static async Task<T> Eventually<T>(Func<Task<T?>> probe) where T : struct
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The condition did not hold in time.");
    }
}
