using System.Net;
using System.Text.Json;
using Timeline.Api.Webhooks;

namespace Timeline.Api.Tests;

/// <summary>
/// Outside Development, webhooks may only reach public addresses: the in-memory service here runs
/// with the default configuration.
/// </summary>
public sealed class WebhookGuards(TimelineFixture fixture) : IntegrationTest(fixture)
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://192.168.0.10/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[fd00::1]/hook")]
    public async Task a_subscription_to_a_private_address_is_refused_and_nothing_is_stored(string url)
    {
        var problem = await Subscribe(new { url }, 400);
        problem.GetProperty("errors").GetProperty("url")[0].GetString()!.ShouldContain("AllowPrivateTargets");
        (await Subscriptions()).GetArrayLength().ShouldBe(0);
    }

    [Theory]
    [InlineData("ftp://example.com/hook", "http or https")]
    [InlineData("not a url", "http or https")]
    [InlineData("https://user:pass@example.com/hook", "credentials")]
    public async Task a_subscription_needs_an_http_url(string url, string message)
    {
        var problem = await Subscribe(new { url }, 400);
        problem.GetProperty("errors").GetProperty("url")[0].GetString()!.ShouldContain(message);
    }

    [Fact]
    public async Task a_subscription_to_an_unknown_saga_or_with_a_short_secret_is_refused()
    {
        var problem = await Subscribe(new { url = "https://93.184.215.14/hook", sagas = new[] { "nobody" }, secret = "short" }, 400);
        var errors = problem.GetProperty("errors");
        errors.GetProperty("sagas")[0].GetString()!.ShouldContain("nobody");
        errors.GetProperty("secret")[0].GetString()!.ShouldContain("16");
        (await Subscriptions()).GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task subscriptions_need_an_api_key()
    {
        await Host.Scenario(s =>
        {
            s.Post.Json(new { url = "https://93.184.215.14/hook" }).ToUrl("/api/subscriptions");
            s.StatusCodeShouldBe(401);
        });
        await Host.Scenario(s =>
        {
            s.Get.Url("/api/subscriptions");
            s.StatusCodeShouldBe(401);
        });
    }

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("93.184.215.14", true)]
    [InlineData("2606:4700:4700::1111", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fc00::1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    public void only_public_addresses_are_public(string address, bool expected) =>
        WebhookTargets.IsPublic(IPAddress.Parse(address)).ShouldBe(expected);

    private async Task<JsonElement> Subscribe(object body, int status)
    {
        var result = await Host.Scenario(s =>
        {
            s.Post.Json(body).ToUrl("/api/subscriptions");
            s.WithRequestHeader("X-Api-Key", TimelineFixture.WriterKey);
            s.StatusCodeShouldBe(status);
        });
        return result.ReadAsJson<JsonElement>();
    }

    private async Task<JsonElement> Subscriptions()
    {
        var result = await Host.Scenario(s =>
        {
            s.Get.Url("/api/subscriptions");
            s.WithRequestHeader("X-Api-Key", TimelineFixture.WriterKey);
        });
        return result.ReadAsJson<JsonElement>();
    }
}
