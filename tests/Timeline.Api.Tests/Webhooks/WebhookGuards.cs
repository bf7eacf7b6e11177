using Timeline.Api.Webhooks;

namespace Timeline.Api.Tests;

/// <summary>
/// Outside Development, webhooks may only reach public addresses: the built service runs here in
/// Production with the default configuration.
/// </summary>
public sealed class when_a_webhook_targets_a_private_address(ProductionNodeFixture fixture) : IClassFixture<ProductionNodeFixture>
{
    private ServiceNode Node => fixture.Node;

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://192.168.0.10/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[fd00::1]/hook")]
    [InlineData("http://[64:ff9b::7f00:1]/hook")]
    [InlineData("http://[2002:7f00:1::]/hook")]
    [InlineData("http://[::127.0.0.1]/hook")]
    [InlineData("http://[::ffff:10.0.0.1]/hook")]
    [InlineData("http://192.0.2.10/hook")]
    [InlineData("http://198.51.100.7/hook")]
    [InlineData("http://203.0.113.99/hook")]
    [InlineData("http://198.18.0.1/hook")]
    [InlineData("http://[2001:db8::1]/hook")]
    [InlineData("http://239.255.255.250/hook")]
    public async Task a_subscription_to_a_private_address_is_refused_and_nothing_is_stored(string url)
    {
        var problem = await Subscribe(new { url }, 400);
        problem.GetProperty("errors").GetProperty("url")[0].GetString()!.ShouldContain("AllowPrivateTargets");
        (await Subscriptions()).EnumerateArray().ShouldNotContain(x => x.GetProperty("url").GetString() == url);
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
        (await Subscriptions()).GetArrayLength().ShouldBe(0, "nothing half-stored");
    }

    [Fact]
    public async Task subscriptions_need_an_api_key()
    {
        using var anonymous = new HttpClient { BaseAddress = Node.Http.BaseAddress };
        using var post = await anonymous.PostAsync("/api/subscriptions", ServiceNode.JsonContent(new { url = "https://93.184.215.14/hook" }));
        post.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var list = await anonymous.GetAsync("/api/subscriptions");
        list.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
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
    [InlineData("::ffff:8.8.8.8", true)]
    [InlineData("64:ff9b::7f00:1", false)]
    [InlineData("64:ff9b::808:808", true)]
    [InlineData("64:ff9b:1::808:808", false)]
    [InlineData("2002:7f00:1::", false)]
    [InlineData("2002:a00:1::", false)]
    [InlineData("2002:808:808::1", true)]
    [InlineData("::127.0.0.1", false)]
    [InlineData("::8.8.8.8", false)]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2", false)]
    [InlineData("192.0.2.1", false)]
    [InlineData("198.51.100.1", false)]
    [InlineData("203.0.113.1", false)]
    [InlineData("198.18.0.1", false)]
    [InlineData("192.0.0.8", false)]
    [InlineData("240.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("2001:db8::1", false)]
    [InlineData("3fff::1", false)]
    [InlineData("ff02::1", false)]
    [InlineData("100::1", false)]
    public void only_public_addresses_are_public(string address, bool expected) =>
        WebhookTargets.IsPublic(IPAddress.Parse(address)).ShouldBe(expected);

    [Fact]
    public void the_refusal_names_the_special_purpose_block()
    {
        WebhookTargets.SpecialBlock(IPAddress.Parse("64:ff9b::7f00:1")).ShouldBe("Loopback, 127.0.0.0/8, carried in 64:ff9b::7f00:1");
        WebhookTargets.SpecialBlock(IPAddress.Parse("203.0.113.5")).ShouldBe("Documentation (TEST-NET-3), 203.0.113.0/24");
        WebhookTargets.SpecialPurpose.Count.ShouldBeGreaterThan(40, "the whole of IANA's two registries, not a hand-picked few");
    }

    private Task<JsonElement> Subscribe(object body, int status) =>
        Node.SendAsync(HttpMethod.Post, "/api/subscriptions", body, (HttpStatusCode)status);

    private Task<JsonElement> Subscriptions() => Node.SendAsync(HttpMethod.Get, "/api/subscriptions");
}

/// <summary>The built service in Production, with nothing configured but its database and a key.</summary>
public sealed class ProductionNodeFixture : IAsyncLifetime
{
    public ServiceNode Node { get; private set; } = null!;

    public async Task InitializeAsync() => Node = await ServiceNode.StartAsync(
        await TestDatabase.CreateDatabaseAsync("prod"), ("ASPNETCORE_ENVIRONMENT", "Production"));

    public async Task DisposeAsync() => await Node.DisposeAsync();
}
