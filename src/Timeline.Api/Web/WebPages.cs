using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Net.Http.Headers;

namespace Timeline.Api.Web;

/// <summary>
/// The web page: static HTML, native ES modules (<c>app.js</c> loads each page's own from <c>js/</c>) and one
/// stylesheet from <c>wwwroot</c>, no build step and
/// no framework, so <c>dotnet run</c> serves it as it is and it works offline. The pages render every
/// value from the API with DOM text nodes, so a quote is never parsed as markup, and the Content-Security-Policy
/// forbids inline script and style, so nothing injected could run even if it were.
/// <para>
/// The assets are served from <see cref="WebAssets"/> at fingerprinted addresses, cached for a year and
/// precompressed; the pages, the API's JSON and everything else textual are compressed as they are sent, except a
/// live stream (<c>text/event-stream</c>), which a compressor would hold back until its buffer filled.
/// </para>
/// </summary>
public static class WebPages
{
    /// <summary>Everything from this origin only; no inline code; never framed.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>A fingerprinted address's content never changes.</summary>
    public const string ImmutableCaching = "public, max-age=31536000, immutable";

    /// <summary>The asset catalogue, and compression of what the service sends (Brotli first, then gzip).</summary>
    public static IServiceCollection AddTimelineWeb(this IServiceCollection services)
    {
        services.AddSingleton(provider =>
        {
            var environment = provider.GetRequiredService<IWebHostEnvironment>();
            return new WebAssets(environment.WebRootFileProvider, rereadChanges: environment.IsDevelopment());
        });
        services.AddResponseCompression(options =>
        {
            // No response holds a secret next to text a third party chose (keys travel in request headers only), so
            // compressing over TLS gives nothing away.
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = [.. ResponseCompressionDefaults.MimeTypes, "application/problem+json", "image/svg+xml"];
            options.ExcludedMimeTypes = ["text/event-stream"];
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }

    /// <summary>Serves the pages' assets and maps each page route to its HTML file.</summary>
    public static WebApplication MapTimelineWeb(this WebApplication app)
    {
        var assets = app.Services.GetRequiredService<WebAssets>();
        app.Use((http, next) =>
            (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
            && assets.TryFind(http.Request.Path.Value ?? "", out var asset, out var fingerprinted)
                ? ServeAsync(http, asset, fingerprinted)
                : next(http));

        app.MapGet("/", (HttpContext http) => Page(http, assets, "index.html")).ExcludeFromDescription();
        app.MapGet("/sagas/{slug}", SagaPage.ServeAsync).ExcludeFromDescription();
        app.MapGet("/reporters", (HttpContext http) => Page(http, assets, "reporters.html")).ExcludeFromDescription();
        app.MapGet("/desk", (HttpContext http) => Page(http, assets, "desk.html")).ExcludeFromDescription();
        app.MapGet("/inbox", (HttpContext http) => Page(http, assets, "inbox.html")).ExcludeFromDescription();
        return app;
    }

    /// <summary>The headers every page and asset carries (the API's JSON needs none of them, and Scalar's page could not run under this policy).</summary>
    public static void Secure(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }

    /// <summary>A page as HTML: never stored without asking, so a deployed change shows at once; its assets are what is cached.</summary>
    public static IResult Html(HttpContext http, string html, int status = StatusCodes.Status200OK)
    {
        Secure(http.Response);
        http.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    private static IResult Page(HttpContext http, WebAssets assets, string name) =>
        assets.Page(name) is { } html ? Html(http, html) : TypedResults.NotFound();

    private static Task ServeAsync(HttpContext http, WebAssets.Asset asset, bool fingerprinted)
    {
        var response = http.Response;
        Secure(response);
        response.Headers.CacheControl = fingerprinted ? ImmutableCaching : "no-cache";
        response.Headers.ETag = asset.ETag;
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        response.ContentType = asset.ContentType;
        if (http.Request.Headers.IfNoneMatch.Any(tag => tag is not null && tag.Split(',').Any(t => t.Trim() == asset.ETag || t.Trim() == "*")))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        var accepted = http.Request.GetTypedHeaders().AcceptEncoding
            .Where(e => e.Quality is not 0)
            .Select(e => e.Value.Value)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var (body, encoding) = accepted.Contains("br") ? (asset.Brotli.Value, "br")
            : accepted.Contains("gzip") ? (asset.Gzip.Value, "gzip")
            : (asset.Identity, null);
        if (encoding is not null)
        {
            response.Headers.ContentEncoding = encoding;
        }

        response.ContentLength = body.Length;
        return HttpMethods.IsHead(http.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body).AsTask();
    }

    /// <summary>Text for an HTML attribute value or element.</summary>
    public static string Encode(string text) => Encoder.Encode(text);

    /// <summary>Escapes markup but leaves letters as they are, so a player's name reads as itself in the page's source.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
}
