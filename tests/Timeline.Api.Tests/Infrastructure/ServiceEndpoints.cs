namespace Timeline.Api.Tests;

public sealed class when_the_service_is_probed(TimelineFixture fixture) : IntegrationTest(fixture)
{
    [Fact]
    public async Task live_and_ready_answer_healthy_without_a_key()
    {
        var live = await Host.Scenario(s => s.Get.Url("/health/live"));
        live.ReadAsText().ShouldContain("Healthy");

        await OpenSaga("ibrahima-konate");
        await PostReport(Report("ready-1", "2025-11-29T09:30:00Z", Interest("ibrahima-konate", "Real Madrid", "cooling")));
        JsonElement report = default;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var ready = await Host.Scenario(s => s.Get.Url("/health/ready"));
            report = JsonDocument.Parse(ready.ReadAsText()).RootElement;
            var feed = report.GetProperty("checks").GetProperty("change-feed").GetProperty("data");
            if (feed.GetProperty("position").GetInt64() == feed.GetProperty("head").GetInt64())
            {
                break;
            }

            await Task.Delay(100);
        }

        report.GetProperty("status").GetString().ShouldBe("Healthy");
        report.GetProperty("checks").GetProperty("database").GetProperty("status").GetString().ShouldBe("Healthy");
        var changeFeed = report.GetProperty("checks").GetProperty("change-feed");
        changeFeed.GetProperty("status").GetString().ShouldBe("Healthy");
        changeFeed.GetProperty("data").GetProperty("running").GetBoolean().ShouldBeTrue();
        changeFeed.GetProperty("data").GetProperty("lagSeconds").GetDouble().ShouldBe(0);
        changeFeed.GetProperty("data").GetProperty("position").GetInt64()
            .ShouldBe(changeFeed.GetProperty("data").GetProperty("head").GetInt64(), "the feed read the report");
    }

    [Theory]
    [InlineData(null, true, "Healthy")]
    [InlineData(5.0, true, "Healthy")]
    [InlineData(31.0, true, "Unhealthy")]
    [InlineData(null, false, "Degraded")]
    [InlineData(31.0, false, "Unhealthy")]
    public void readiness_fails_once_an_event_waits_unread_longer_than_the_threshold(double? unreadFor, bool running, string expected)
    {
        var now = DateTimeOffset.Parse("2026-11-26T12:00:00Z");
        var result = ChangeFeed.ChangeFeedHealthCheck.Assess(
            position: 40, head: 42, oldestUnread: unreadFor is { } seconds ? now.AddSeconds(-seconds) : null,
            running, now, maxLag: TimeSpan.FromSeconds(30));
        result.Status.ToString().ShouldBe(expected);
        result.Data["lagSeconds"].ShouldBe(unreadFor ?? 0.0);
    }

    [Fact]
    public async Task the_openapi_document_describes_every_endpoint()
    {
        var document = await GetJson("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        string[] expected =
        [
            "/api/sagas", "/api/sagas/{slug}", "/api/sagas/{slug}/timeline", "/api/sagas/{slug}/replay",
            "/api/reports", "/api/reports/{id}", "/api/reports/{id}/retraction", "/api/audit",
            "/api/sagas/{slug}/live", "/api/live", "/api/subscriptions", "/api/subscriptions/{id}",
            "/api/subscriptions/{id}/resume", "/api/subscriptions/{id}/deliveries",
        ];
        foreach (var path in expected)
        {
            paths.TryGetProperty(path, out _).ShouldBeTrue($"{path} is missing from the OpenAPI document");
        }

        foreach (var path in paths.EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var name = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                operation.Value.GetProperty("summary").GetString().ShouldNotBeNullOrWhiteSpace($"{name} has no summary");
                if (operation.Value.TryGetProperty("parameters", out var parameters))
                {
                    foreach (var parameter in parameters.EnumerateArray())
                    {
                        parameter.TryGetProperty("example", out _).ShouldBeTrue(
                            $"{name}: parameter {parameter.GetProperty("name").GetString()} has no example");
                    }
                }

                if (operation.Name is "post" or "put" && operation.Value.TryGetProperty("requestBody", out var body))
                {
                    body.GetProperty("content").GetProperty("application/json").TryGetProperty("example", out _)
                        .ShouldBeTrue($"{name} has no request example");
                }
            }
        }

        var record = paths.GetProperty("/api/reports").GetProperty("post");
        record.GetProperty("operationId").GetString().ShouldBe("RecordReport");
        var example = record.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example");
        example.GetProperty("claims")[0].GetProperty("level").GetString().ShouldBe("cooling");
        paths.GetProperty("/api/sagas/{slug}").GetProperty("get").GetProperty("responses").GetProperty("200")
            .GetProperty("content").GetProperty("application/json").GetProperty("example")
            .GetProperty("slug").GetString().ShouldBe("ibrahima-konate");
    }

    [Fact]
    public async Task the_scalar_ui_serves_a_page_pointing_at_the_openapi_document()
    {
        var page = await Host.Scenario(s => s.Get.Url("/scalar/"));
        page.Context.Response.ContentType!.ShouldStartWith("text/html");
        page.ReadAsText().ShouldContain("openapi/v1.json");
    }
}
