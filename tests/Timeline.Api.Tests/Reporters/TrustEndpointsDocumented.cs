namespace Timeline.Api.Tests;

public sealed class the_trust_endpoints_are_documented(TimelineFixture fixture) : IntegrationTest(fixture)
{
    [Fact]
    public async Task contradictions_reporters_and_outlets_are_in_the_openapi_document()
    {
        var paths = (await GetJson("/openapi/v1.json")).GetProperty("paths");

        var operations = new Dictionary<string, string>
        {
            ["/api/sagas/{slug}/contradictions"] = "GetSagaContradictions",
            ["/api/reporters"] = "ListReporters",
            ["/api/reporters/{slug}"] = "GetReporter",
            ["/api/outlets"] = "ListOutlets",
            ["/api/outlets/{slug}"] = "GetOutlet",
        };
        foreach (var (path, operationId) in operations)
        {
            paths.GetProperty(path).GetProperty("get").GetProperty("operationId").GetString().ShouldBe(operationId);
        }

        var reporter = paths.GetProperty("/api/reporters/{slug}").GetProperty("get");
        reporter.GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "slug").GetProperty("example").GetString().ShouldBe("dean-jones");
        reporter.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json")
            .GetProperty("example").GetProperty("brier").GetDouble().ShouldBe(0.25);
        paths.GetProperty("/api/sagas/{slug}/contradictions").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "window").GetProperty("example").GetInt32().ShouldBe(30);
    }
}
