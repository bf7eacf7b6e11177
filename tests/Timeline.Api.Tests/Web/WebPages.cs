using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Timeline.Api.Tests;

/// <summary>The web page's routes and headers; the browser tests in Timeline.Web.Tests drive the pages themselves.</summary>
public sealed partial class when_the_web_page_is_served(TimelineFixture fixture) : IntegrationTest(fixture)
{
    [Theory]
    [InlineData("/", "Transfer sagas")]
    [InlineData("/sagas/ibrahima-konate", "id=\"as-of-range\"")]
    [InlineData("/sagas/any-slug-at-all", "id=\"timeline\"")]
    [InlineData("/reporters", "Reporter credibility")]
    [InlineData("/desk", "id=\"api-key\"")]
    [InlineData("/inbox", "id=\"articles\"")]
    public async Task each_page_is_its_html_file_under_a_strict_content_security_policy(string path, string marker)
    {
        var page = await Get(path);

        var response = page.Context.Response;
        response.ContentType.ShouldBe("text/html; charset=utf-8");
        var html = page.ReadAsText();
        html.ShouldContain(marker);
        ShouldBeLockedDown(response.Headers);

        // Nothing inline for the policy to refuse: one module script, one stylesheet, no style attributes.
        InlineScript().IsMatch(html).ShouldBeFalse("no inline script");
        html.ShouldNotContain("<style", Case.Insensitive);
        html.ShouldNotContain(" style=", Case.Insensitive);
        AppScript().IsMatch(html).ShouldBeTrue("app.js, at its fingerprinted address");

        // What crawlers and link previews read: a title, a description and Open Graph tags.
        html.ShouldMatch("<title>[^<{]+ · Timeline</title>");
        html.ShouldMatch("<meta name=\"description\" content=\"[^\"{]{40,}\">");
        html.ShouldMatch("<meta property=\"og:title\" content=\"[^\"{]+\">");
        html.ShouldMatch("<meta property=\"og:description\" content=\"[^\"{]{40,}\">");
    }

    [Theory]
    [InlineData("/sagas/ibrahima-konate", "Ibrahima Konaté · Timeline",
        "Ibrahima Konaté’s transfer saga (Liverpool, contract to 30 Jun 2026): Real Madrid: talks advanced. 2 claims from reporters, each with its source, replayed day by day.")]
    [InlineData("/sagas/ibrahima-konate?asOf=2025-11-25", "Ibrahima Konaté as of 25 Nov 2025 · Timeline",
        "Ibrahima Konaté’s transfer saga as of 25 Nov 2025 (Liverpool, contract to 30 Jun 2026): Real Madrid: interested. 1 claim from reporters, each with its source, replayed day by day.")]
    [InlineData("/sagas/ibrahima-konate?asOf=2025-11-01", "Ibrahima Konaté as of 1 Nov 2025 · Timeline",
        "Ibrahima Konaté’s transfer saga as of 1 Nov 2025 (Liverpool, contract to 30 Jun 2026): no club reported interested. 0 claims from reporters, each with its source, replayed day by day.")]
    [InlineData("/sagas/no-such-saga", "No such saga · Timeline", "Timeline follows no saga called “no-such-saga”.")]
    public async Task a_saga_page_says_whose_saga_it_is_and_what_it_was_on_the_replay_date_before_any_script_runs(
        string path, string title, string description)
    {
        await OpenSaga("ibrahima-konate");
        await PostReport(Report("sky-2025-11-20", "2025-11-20T10:00:00Z", Interest("ibrahima-konate", "Real Madrid", "interested")));
        await PostReport(Report("sky-2025-11-28", "2025-11-28T10:00:00Z", Interest("ibrahima-konate", "Real Madrid", "advanced")));

        var html = (await Host.Scenario(s => s.Get.Url(path))).ReadAsText();

        html.ShouldContain($"<title>{title}</title>");
        html.ShouldContain($"<meta property=\"og:title\" content=\"{title}\">");
        html.ShouldContain($"<meta name=\"description\" content=\"{description}\">");
        html.ShouldContain($"<meta property=\"og:description\" content=\"{description}\">");
    }

    [Fact]
    public async Task a_name_with_markup_in_it_stays_text_in_the_page_head()
    {
        await Host.Scenario(s =>
        {
            s.Put.Json(new { player = "</title><script>alert(1)</script>", currentClub = "\"><b>" }).ToUrl("/api/sagas/hostile-head");
            s.WithRequestHeader("Authorization", $"Bearer {TimelineFixture.WriterKey}");
            s.StatusCodeShouldBe(201);
        });
        var html = (await Host.Scenario(s => s.Get.Url("/sagas/hostile-head"))).ReadAsText();

        html.ShouldContain("<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; · Timeline</title>");
        html.ShouldNotContain("<script>alert");
        html.ShouldNotContain("\"><b>");
    }

    [Fact]
    public async Task each_asset_has_a_fingerprinted_address_cached_for_a_year_and_its_plain_one_revalidated()
    {
        var html = (await Host.Scenario(s => s.Get.Url("/"))).ReadAsText();
        var app = AppScript().Match(html).Groups["path"].Value;

        var fingerprinted = await Get(app);
        fingerprinted.Context.Response.Headers.CacheControl.ToString().ShouldBe("public, max-age=31536000, immutable");
        var plain = await Host.Scenario(s => s.Get.Url("/app.js"));
        plain.Context.Response.Headers.CacheControl.ToString().ShouldBe("no-cache");
        plain.ReadAsText().ShouldBe(fingerprinted.ReadAsText(), "one file, two addresses");
        plain.Context.Response.Headers.ETag.ToString().ShouldBe(fingerprinted.Context.Response.Headers.ETag.ToString());
    }

    [Theory]
    [InlineData("/app.js", "text/javascript")]
    [InlineData("/app.css", "text/css")]
    [InlineData("/favicon.svg", "image/svg+xml")]
    public async Task the_assets_are_served_from_wwwroot_with_the_same_headers(string path, string contentType)
    {
        var asset = await Get(path);

        asset.Context.Response.ContentType.ShouldBe(contentType);
        ShouldBeLockedDown(asset.Context.Response.Headers);
    }

    [Fact]
    public async Task the_script_never_parses_text_as_markup()
    {
        var script = (await Host.Scenario(s => s.Get.Url("/app.js"))).ReadAsText();
        foreach (var sink in new[] { "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function" })
        {
            script.ShouldNotContain(sink, Case.Sensitive, $"app.js must build the DOM from text nodes, not {sink}");
        }
    }

    [Theory]
    [InlineData("/js/index.js")]
    [InlineData("/js/saga.js")]
    [InlineData("/js/reporters.js")]
    [InlineData("/js/dom.js")]
    [InlineData("/js/format.js")]
    [InlineData("/js/live.js")]
    [InlineData("/js/timeline.js")]
    [InlineData("/js/chart.js")]
    [InlineData("/js/desk.js")]
    [InlineData("/js/inbox.js")]
    [InlineData("/js/vocabulary.js")]
    public async Task each_module_app_js_loads_is_served_the_same_way_and_never_parses_text_as_markup(string path)
    {
        var module = await Get(path);

        module.Context.Response.ContentType.ShouldBe("text/javascript");
        ShouldBeLockedDown(module.Context.Response.Headers);
        var script = module.ReadAsText();
        foreach (var sink in new[] { "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function" })
        {
            script.ShouldNotContain(sink, Case.Sensitive, $"{path} must build the DOM from text nodes, not {sink}");
        }
    }

    [Fact]
    public async Task the_api_the_reference_and_health_keep_their_own_answers()
    {
        var missing = await Host.Scenario(s =>
        {
            s.Get.Url("/api/no-such-thing");
            s.StatusCodeShouldBe(404);
        });
        (missing.Context.Response.ContentType ?? "").ShouldNotStartWith("text/html", customMessage: "an unknown API path is not answered with the page");

        var scalar = await Host.Scenario(s => s.Get.Url("/scalar/"));
        scalar.Context.Response.Headers.ContentSecurityPolicy.ToString().ShouldBeEmpty("Scalar's page runs its own inline script");

        await Host.Scenario(s => s.Get.Url("/health/live"));
        var document = await GetJson("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.ShouldContain("/api/sagas/{slug}");
        paths.ShouldNotContain("/", "the pages are not API operations");
        paths.ShouldNotContain("/sagas/{slug}");
        paths.ShouldNotContain("/reporters");
        paths.ShouldNotContain("/desk");
        paths.ShouldNotContain("/inbox");
    }

    private static void ShouldBeLockedDown(IHeaderDictionary headers)
    {
        var policy = headers.ContentSecurityPolicy.ToString();
        policy.ShouldContain("default-src 'self'");
        policy.ShouldContain("script-src 'self'");
        policy.ShouldContain("style-src 'self'");
        policy.ShouldContain("connect-src 'self'");
        policy.ShouldContain("frame-ancestors 'none'");
        policy.ShouldNotContain("unsafe-inline");
        policy.ShouldNotContain("unsafe-eval");
        headers.XContentTypeOptions.ToString().ShouldBe("nosniff");
        headers["Referrer-Policy"].ToString().ShouldBe("no-referrer");
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex("""<script type="module" src="(?<path>/app\.[0-9a-f]{12}\.js)"></script>""")]
    private static partial Regex AppScript();
}
