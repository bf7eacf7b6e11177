using System.Text.Json;

namespace Timeline.Api.Tests;

public sealed class when_the_service_is_probed(TimelineFixture fixture) : IntegrationTest(fixture)
{
    [Fact]
    public async Task live_and_ready_answer_healthy_without_a_key()
    {
        var live = await Host.Scenario(s => s.Get.Url("/health/live"));
        live.ReadAsText().ShouldContain("Healthy");
        var ready = await Host.Scenario(s => s.Get.Url("/health/ready"));
        ready.ReadAsText().ShouldContain("Healthy");
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
        ];
        foreach (var path in expected)
        {
            paths.TryGetProperty(path, out _).ShouldBeTrue($"{path} is missing from the OpenAPI document");
        }

        paths.GetProperty("/api/reports").GetProperty("post").GetProperty("operationId").GetString().ShouldBe("RecordReport");
    }

    [Fact]
    public async Task the_scalar_ui_serves_a_page_pointing_at_the_openapi_document()
    {
        var page = await Host.Scenario(s => s.Get.Url("/scalar/"));
        page.Context.Response.ContentType!.ShouldStartWith("text/html");
        page.ReadAsText().ShouldContain("openapi/v1.json");
    }
}
