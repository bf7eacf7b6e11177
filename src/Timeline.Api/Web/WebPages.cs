namespace Timeline.Api.Web;

/// <summary>
/// The web page: static HTML, native ES modules (<c>app.js</c> loads each page's own from <c>js/</c>) and one
/// stylesheet from <c>wwwroot</c>, no build step and
/// no framework, so <c>dotnet run</c> serves it as it is and it works offline. The pages render every
/// value from the API with DOM text nodes, so a quote is never parsed as markup, and the Content-Security-Policy
/// forbids inline script and style, so nothing injected could run even if it were.
/// </summary>
public static class WebPages
{
    /// <summary>Everything from this origin only; no inline code; never framed.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Serves the pages' assets and maps each page route to its HTML file.</summary>
    public static WebApplication MapTimelineWeb(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = file =>
            {
                Secure(file.Context.Response);
                file.Context.Response.Headers.CacheControl = "no-cache";
            },
        });

        app.MapGet("/", (HttpContext http, IWebHostEnvironment env) => Page(http, env, "index.html")).ExcludeFromDescription();
        app.MapGet("/sagas/{slug}", (HttpContext http, IWebHostEnvironment env) => Page(http, env, "saga.html")).ExcludeFromDescription();
        app.MapGet("/reporters", (HttpContext http, IWebHostEnvironment env) => Page(http, env, "reporters.html")).ExcludeFromDescription();
        app.MapGet("/desk", (HttpContext http, IWebHostEnvironment env) => Page(http, env, "desk.html")).ExcludeFromDescription();
        app.MapGet("/inbox", (HttpContext http, IWebHostEnvironment env) => Page(http, env, "inbox.html")).ExcludeFromDescription();
        return app;
    }

    /// <summary>The headers every page and asset carries (the API's JSON needs none of them, and Scalar's page could not run under this policy).</summary>
    public static void Secure(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }

    private static IResult Page(HttpContext http, IWebHostEnvironment env, string name)
    {
        var file = env.WebRootFileProvider.GetFileInfo(name);
        if (!file.Exists)
        {
            return TypedResults.NotFound();
        }

        Secure(http.Response);
        // The page is small and always fetches fresh data; revalidating keeps a deployed change visible at once.
        http.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Stream(file.CreateReadStream(), "text/html; charset=utf-8", lastModified: file.LastModified);
    }
}
