using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Timeline.Reliability.Tests;

/// <summary>Who may write, how much, and what the responses tell a browser, on the built service in Production.</summary>
[Collection(HostileCollection.Name)]
public sealed class Access(HostileNode fixture, ITestOutputHelper output)
{
    private ServiceNode Node => fixture.Node;

    private static readonly (HttpMethod Method, string Path, object? Body)[] Writes =
    [
        (HttpMethod.Put, "/api/sagas/access-konate", new { player = "Ibrahima Konaté" }),
        (HttpMethod.Post, "/api/reports", Report("access-1", "2025-11-30T09:00:00Z", Interest("access-konate", "PSG", "bid"))),
        (HttpMethod.Post, "/api/reports/access-1/retraction", new { reason = "Withdrawn." }),
        (HttpMethod.Post, "/api/subscriptions", new { url = "https://93.184.215.14/hook" }),
        (HttpMethod.Delete, $"/api/subscriptions/{Guid.Empty}", null),
        (HttpMethod.Post, $"/api/subscriptions/{Guid.Empty}/resume", null),
    ];

    [Fact]
    public async Task writes_without_a_valid_key_are_refused_with_401_problems_and_store_nothing()
    {
        await Node.PutSagaAsync("access-konate", "Ibrahima Konaté");
        var before = await EventsAsync();
        var hashOfTheHashedKey = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(HostileNode.HashedKey)));
        Action<HttpRequestHeaders>[] presentations =
        [
            _ => { },
            h => h.Add("X-Api-Key", "not-a-key"),
            h => h.Add("X-Api-Key", ServiceNode.Key.ToUpperInvariant()),
            h => h.Add("X-Api-Key", ServiceNode.Key[..^1]),
            h => h.Add("X-Api-Key", hashOfTheHashedKey),
            h => h.TryAddWithoutValidation("Authorization", "Bearer"),
            h => h.TryAddWithoutValidation("Authorization", $"Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ServiceNode.KeyName}:{ServiceNode.Key}"))}"),
            h => h.TryAddWithoutValidation("Authorization", "Bearer ' or 1=1 --"),
        ];

        using var anonymous = Client(Node);
        var refusals = 0;
        foreach (var (method, path, body) in Writes)
        {
            for (var i = 0; i < presentations.Length; i++)
            {
                using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : ServiceNode.JsonContent(body) };
                presentations[i](request.Headers);
                using var response = await anonymous.SendAsync(request);
                response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"{method} {path} with presentation {i}");
                await ShouldBeProblemAsync(response, HttpStatusCode.Unauthorized);
                response.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
                refusals++;
            }
        }

        (await EventsAsync()).ShouldBe(before, "a refused write stores nothing");
        Figures.Record(output, "access", $"{refusals} writes with no key, a wrong key or a key's hash: {refusals} x 401 problem details, nothing stored");
    }

    [Fact]
    public async Task a_key_configured_as_its_sha256_hash_writes_under_its_name()
    {
        await Node.PutSagaAsync("access-hashed", "Marc Guéhi");
        using var hashed = Client(Node, HostileNode.HashedKey);
        var (status, receipt) = await PostJsonAsync(hashed, "/api/reports",
            Report("access-hashed-1", "2025-11-30T09:00:00Z", Interest("access-hashed", "Liverpool", "interested")));
        status.ShouldBe(HttpStatusCode.Created, receipt.ToString());

        var report = await Node.SendAsync(HttpMethod.Get, "/api/reports/access-hashed-1");
        report.GetProperty("recordedBy").GetString().ShouldBe(HostileNode.HashedKeyName);
    }

    [Fact]
    public async Task a_key_past_its_allowance_gets_429_with_retry_after_while_other_keys_write_on()
    {
        await Node.PutSagaAsync("access-limited", "Dayot Upamecano");
        using var limited = Client(Node, HostileNode.LimitedKey);
        var answers = new List<HttpStatusCode>();
        HttpResponseMessage? throttled = null;
        for (var i = 0; throttled is null && i < 50; i++)
        {
            var response = await limited.PostAsync("/api/reports", ServiceNode.JsonContent(
                Report($"access-limited-{i}", "2025-11-30T09:00:00Z", Interest("access-limited", "Bayern Munich", "interested"))));
            answers.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                throttled = response;
            }
            else
            {
                response.Dispose();
            }
        }

        throttled.ShouldNotBeNull($"no 429 after {answers.Count} writes: {string.Join(", ", answers)}");
        using (throttled)
        {
            answers.Count(a => a == HttpStatusCode.Created).ShouldBeGreaterThanOrEqualTo(HostileNode.LimitedBurst);
            var retryAfter = int.Parse(throttled.Headers.GetValues("Retry-After").Single());
            retryAfter.ShouldBeInRange(1, 60);
            throttled.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
            await ShouldBeProblemAsync(throttled, HttpStatusCode.TooManyRequests);

            // Another key is not held up, and reads are not limited.
            await Node.PostReportAsync(Report("access-other-key", "2025-11-30T09:00:00Z", Interest("access-limited", "Chelsea", "monitoring")));
            using var read = await limited.GetAsync("/api/sagas/access-limited");
            read.StatusCode.ShouldBe(HttpStatusCode.OK);

            // A client that honours Retry-After writes again; the bucket refills on a timer, so on a busy
            // machine the first retry may come a moment early and be told to wait once more.
            var waited = Stopwatch.StartNew();
            var again = HttpStatusCode.TooManyRequests;
            for (var attempt = 0; attempt < 3 && again == HttpStatusCode.TooManyRequests; attempt++)
            {
                await Task.Delay(TimeSpan.FromSeconds(retryAfter));
                (again, _) = await PostJsonAsync(limited, "/api/reports",
                    Report("access-limited-after", "2025-11-30T09:00:00Z", Interest("access-limited", "Bayern Munich", "advanced")));
            }

            again.ShouldBe(HttpStatusCode.Created, "after Retry-After the key may write again");
            Figures.Record(output, "access", $"a key allowed {HostileNode.LimitedBurst} writes then 1/s: {answers.Count(a => a == HttpStatusCode.Created)} x 201, then 429 with Retry-After: {retryAfter}; writes again after {waited.Elapsed.TotalSeconds:0.0} s");
        }

        var stored = await ScalarAsync<long>(fixture.ConnectionString,
            $"select count(*) from {Schema}.mt_events where stream_id = 'access-limited' and type = 'interest_reported'");
        stored.ShouldBe(answers.Count(a => a == HttpStatusCode.Created) + 2, "a throttled write stores nothing");
    }

    [Fact]
    public async Task every_response_tells_browsers_not_to_sniff_frame_or_refer()
    {
        using var anonymous = Client(Node);
        foreach (var path in new[] { "/", "/api/sagas", "/health/live", "/api/sagas/nobody", "/openapi/v1.json" })
        {
            using var response = await anonymous.GetAsync(path);
            response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"], path);
            response.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"], path);
            response.Headers.GetValues("Referrer-Policy").ShouldBe(["no-referrer"], path);
        }

        using var refused = await anonymous.PostAsync("/api/reports", ServiceNode.JsonContent(new { }));
        refused.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
    }

    [Fact]
    public async Task webhooks_may_not_target_loopback_private_or_metadata_addresses_in_production()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        foreach (var url in new[]
                 {
                     receiver.Url, "http://localhost:5080/hook", "http://10.0.0.7/hook", "http://192.168.1.1/hook",
                     "http://169.254.169.254/latest/meta-data", "http://[::1]/hook", "http://0.0.0.0/hook", "file:///etc/passwd",
                 })
        {
            var problem = await Node.SendAsync(HttpMethod.Post, "/api/subscriptions", new { url }, HttpStatusCode.BadRequest);
            problem.GetProperty("errors").GetProperty("url").GetArrayLength().ShouldBe(1, url);
        }

        (await Node.SendAsync(HttpMethod.Get, "/api/subscriptions")).GetArrayLength().ShouldBe(0);
        receiver.Requests.ShouldBe(0, "nothing reached the loopback receiver");
    }

    private Task<long> EventsAsync() =>
        ScalarAsync<long>(fixture.ConnectionString, $"select count(*) from {Schema}.mt_events where type <> 'tombstone'");
}
