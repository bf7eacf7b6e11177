namespace Timeline.Api.Tests.Contracts;

/// <summary>The OpenAPI document describes the public contract: what changes in it is a change clients see.</summary>
public sealed class the_openapi_document_stays_the_same(TimelineFixture fixture) : IntegrationTest(fixture)
{
    [Fact]
    public async Task it_describes_the_same_operations_and_schemas()
    {
        var document = await GetJson("/openapi/v1.json");

        Approved.ShouldMatch(JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }) + "\n", "openapi");
    }
}
