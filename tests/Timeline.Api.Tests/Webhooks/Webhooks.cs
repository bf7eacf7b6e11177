using System.Security.Cryptography;

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

    /// <summary>Verifies deliveries with the Standard Webhooks reference library for JavaScript, on a clock moved as each case says.</summary>
    private const string VerifyScript = """
        import { Webhook } from "standardwebhooks";
        let input = "";
        for await (const chunk of process.stdin) input += chunk;
        const realNow = Date.now;
        for (const c of JSON.parse(input)) {
          Date.now = () => realNow() + c.laterSeconds * 1000;
          try {
            new Webhook(c.secret).verify(c.body, { "webhook-id": c.id, "webhook-timestamp": c.timestamp, "webhook-signature": c.signature });
            console.log("ok");
          } catch (e) {
            console.log("refused: " + e.message);
          }
        }
        """;

    [Fact]
    public async Task every_delivery_is_signed_as_standard_webhooks_says_the_reference_library_verifies_it_and_refuses_a_replay()
    {
        var verifier = NodeTool.InstallAsync("standardwebhooks", "1.1.1");
        await Node.PutSagaAsync("hook-standard", "Ibrahima Konaté");
        var subscription = await Node.SendAsync(HttpMethod.Post, "/api/subscriptions",
            new { url = _receiver.Url, sagas = new[] { "hook-standard" } }, HttpStatusCode.Created);
        var id = subscription.GetProperty("id").GetString();
        var first = subscription.GetProperty("signingSecret").GetString()!;
        first.ShouldStartWith("whsec_");
        Convert.FromBase64String(first["whsec_".Length..]).Length.ShouldBe(32);

        await Node.PostReportAsync(ServiceNode.Report("standard-1", "2025-11-29T09:30:00Z", ServiceNode.Interest("hook-standard", "Real Madrid", "cooling")));
        var one = (await _receiver.WaitForAsync(1, Patience)).Single();
        one.WebhookId.ShouldBe(one.DeliveryId, "webhook-id is the delivery's id, the same on every retry");
        long.Parse(one.WebhookTimestamp!).ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        one.WebhookSignature!.Split(' ').Length.ShouldBe(1);

        var rotated = await Node.SendAsync(HttpMethod.Post, $"/api/subscriptions/{id}/secret");
        var second = rotated.GetProperty("signingSecret").GetString()!;
        second.ShouldStartWith("whsec_");
        second.ShouldNotBe(first);
        var secrets = rotated.GetProperty("signingSecrets").EnumerateArray().ToList();
        secrets.Count.ShouldBe(2);
        secrets[0].GetProperty("retiresAt").GetDateTimeOffset().ShouldBeInRange(DateTimeOffset.UtcNow.AddHours(23.9), DateTimeOffset.UtcNow.AddHours(24.1));
        secrets[1].GetProperty("retiresAt").ValueKind.ShouldBe(JsonValueKind.Null);
        (await Node.SendAsync(HttpMethod.Get, $"/api/subscriptions/{id}")).GetProperty("signingSecret").ValueKind.ShouldBe(JsonValueKind.Null, "a secret is shown once");

        await Node.PostReportAsync(ServiceNode.Report("standard-2", "2025-11-30T09:30:00Z", ServiceNode.Interest("hook-standard", "Real Madrid", "withdrawn")));
        var two = (await _receiver.WaitForAsync(2, Patience))[1];
        two.WebhookSignature!.Split(' ').Length.ShouldBe(2, "within the overlap both secrets sign");

        object Case(string secret, ReceivedWebhook received, int laterSeconds = 0, string? body = null) => new
        {
            secret, id = received.WebhookId, timestamp = received.WebhookTimestamp, signature = received.WebhookSignature,
            body = body ?? received.Body, laterSeconds,
        };
        var verdicts = (await NodeTool.RunScriptAsync(await verifier, "verify.mjs", VerifyScript, JsonSerializer.Serialize(new[]
        {
            Case(first, one), Case(first, two), Case(second, two),
            Case(second, one), Case(first, one, laterSeconds: 6 * 60), Case(first, one, body: one.Body.Replace("cooling", "agreed")),
        }))).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        verdicts[..3].ShouldAllBe(v => v == "ok", string.Join(Environment.NewLine, verdicts));
        verdicts[3].ShouldStartWith("refused", customMessage: "the new secret did not sign what was sent before it");
        verdicts[4].ShouldStartWith("refused", customMessage: "a delivery replayed six minutes later is too old");
        verdicts[4].ShouldContain("too old", Shouldly.Case.Insensitive);
        verdicts[5].ShouldStartWith("refused", customMessage: "a changed body does not verify");
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
