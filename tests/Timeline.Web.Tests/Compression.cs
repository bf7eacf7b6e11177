using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Timeline.Web.Tests;

/// <summary>
/// What the built service sends a browser that accepts Brotli and gzip, over real HTTP: the API's JSON and the
/// pages compressed, the assets precompressed at fingerprinted addresses cached for a year, and a live stream never
/// compressed, because a compressor holds text back until its buffer fills and a reader would wait for a push.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class responses_to_a_browser(BrowserFixture fixture) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None })
    {
        BaseAddress = fixture.BaseUrl,
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestHeaders = { AcceptEncoding = { new StringWithQualityHeaderValue("br"), new StringWithQualityHeaderValue("gzip") } },
    };

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task the_api_answers_json_compressed(string encoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/sagas");
        request.Headers.AcceptEncoding.Clear();
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        using var response = await _http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        response.Content.Headers.ContentEncoding.ShouldBe([encoding]);
        response.Headers.Vary.ShouldContain("Accept-Encoding");
        var compressed = await response.Content.ReadAsByteArrayAsync();
        var json = Decompress(compressed, encoding);
        json.Length.ShouldBeGreaterThan(compressed.Length);
        JsonDocument.Parse(json).RootElement.EnumerateArray().Select(s => s.GetProperty("slug").GetString()).ShouldContain("ibrahima-konate");
    }

    [Fact]
    public async Task a_live_stream_is_neither_compressed_nor_held_back()
    {
        using var response = await _http.GetAsync("/api/sagas/ibrahima-konate/live", HttpCompletionOption.ResponseHeadersRead);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        response.Content.Headers.ContentEncoding.ShouldBeEmpty("a compressed stream would wait for its compressor's buffer");

        // The stream never ends by itself: its first event arriving at all is what shows nothing holds it back.
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var lines = new List<string>();
        while (!lines.Contains("event: state"))
        {
            var line = await reader.ReadLineAsync(patience.Token);
            line.ShouldNotBeNull("the stream ended before its first event");
            lines.Add(line);
        }

        var data = await reader.ReadLineAsync(patience.Token);
        data.ShouldNotBeNull();
        data.ShouldStartWith("data: ");
        JsonDocument.Parse(data["data: ".Length..]).RootElement.GetProperty("saga").GetString().ShouldBe("ibrahima-konate");
    }

    [Fact]
    public async Task a_page_names_its_assets_by_fingerprint_and_a_returning_reader_downloads_nothing_again()
    {
        using var page = await _http.GetAsync("/sagas/ibrahima-konate");
        page.Content.Headers.ContentEncoding.ShouldBe(["br"]);
        page.Headers.CacheControl!.NoCache.ShouldBeTrue("a page is revalidated, so a deployment shows at once");
        var html = Decompress(await page.Content.ReadAsByteArrayAsync(), "br");

        var assets = Fingerprinted().Matches(html).Select(m => m.Groups["path"].Value).ToList();
        assets.ShouldContain(path => path.StartsWith("/app.") && path.EndsWith(".css"));
        assets.ShouldContain(path => path.StartsWith("/app.") && path.EndsWith(".js"));
        assets.ShouldContain(path => path.StartsWith("/js/saga.") && path.EndsWith(".js"), "the page preloads its own module");
        assets.ShouldNotContain(path => path.StartsWith("/js/desk."), "a page loads only the modules it uses");
        foreach (var path in assets)
        {
            using var asset = await _http.GetAsync(path);
            asset.StatusCode.ShouldBe(HttpStatusCode.OK, path);
            asset.Content.Headers.ContentEncoding.ShouldBe(["br"], path);
            asset.Headers.CacheControl!.Public.ShouldBeTrue(path);
            asset.Headers.CacheControl.MaxAge.ShouldBe(TimeSpan.FromDays(365), path);
            asset.Headers.CacheControl.Extensions.Select(e => e.Name).ShouldContain("immutable", path);

            // Whatever the browser asks again (after a reload), the answer is that it has it already.
            using var again = new HttpRequestMessage(HttpMethod.Get, path);
            again.Headers.IfNoneMatch.Add(asset.Headers.ETag!);
            using var revalidated = await _http.SendAsync(again);
            revalidated.StatusCode.ShouldBe(HttpStatusCode.NotModified, path);

            if (path.EndsWith(".js"))
            {
                // A module imports others by their fingerprinted names too, so no cached module mixes with a newer one.
                var script = Decompress(await asset.Content.ReadAsByteArrayAsync(), "br");
                foreach (Match import in ModuleImport().Matches(script))
                {
                    import.Groups["name"].Value.ShouldMatch(@"\.[0-9a-f]{12}\.js$", $"{path} imports {import.Groups["name"].Value}");
                }
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private static string Decompress(byte[] body, string encoding)
    {
        using var input = new MemoryStream(body);
        using Stream decompressing = encoding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var reader = new StreamReader(decompressing, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [GeneratedRegex("""(?:href|src)="(?<path>/[^"]+\.[0-9a-f]{12}\.(?:js|css|svg))""")]
    private static partial Regex Fingerprinted();

    [GeneratedRegex("""(?:\bfrom\s*|\bimport\s*\(\s*)['"](?<name>\.{1,2}/[^'"]+)['"]""")]
    private static partial Regex ModuleImport();
}
