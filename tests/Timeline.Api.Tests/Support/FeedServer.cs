using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Timeline.Api.Tests;

/// <summary>One item a test feed serves.</summary>
public sealed record TestItem(string Guid, string Title, string Html, DateTimeOffset Published, string? Link = null);

/// <summary>
/// A real feed server on loopback (Kestrel): RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the items a test puts
/// in, with validators (an ETag that changes with the items, Last-Modified) and 304 for a conditional GET
/// that matches; and the ways a feed goes wrong: malformed XML, 404, 500, a redirect loop, an answer that
/// never comes, a 50 MiB body, an item without title or date. It counts requests and keeps the validators sent.
/// </summary>
public sealed class FeedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Path, string? IfNoneMatch, string? IfModifiedSince)> _requests = new();
    private readonly List<TestItem> _items = [];
    private readonly Lock _gate = new();
    private int _version = 1;

    private FeedServer(WebApplication app) => _app = app;

    public string Url(string path) => _app.Urls.First() + path;

    public IReadOnlyList<(string Path, string? IfNoneMatch, string? IfModifiedSince)> Requests => _requests.ToArray();

    public int RequestsTo(string path) => _requests.Count(r => r.Path == path);

    public void Add(params TestItem[] items)
    {
        lock (_gate)
        {
            _items.InsertRange(0, items.Reverse());
            _version++;
        }
    }

    private (IReadOnlyList<TestItem> Items, string ETag) Snapshot()
    {
        lock (_gate)
        {
            return (_items.ToList(), $"\"v{_version}\"");
        }
    }

    private static readonly DateTimeOffset Modified = new(2025, 11, 30, 8, 0, 0, TimeSpan.Zero);

    public static async Task<FeedServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FeedServer(app);
        app.Use(async (http, next) =>
        {
            server._requests.Enqueue((http.Request.Path, Header(http, "If-None-Match"), Header(http, "If-Modified-Since")));
            await next(http);
        });

        app.MapGet("/rss", (HttpContext http) => server.Serve(http, "application/rss+xml", Rss));
        app.MapGet("/atom", (HttpContext http) => server.Serve(http, "application/atom+xml", Atom));
        app.MapGet("/json", (HttpContext http) => server.Serve(http, "application/feed+json", Json));
        app.MapGet("/malformed", () => Results.Text("<rss version=\"2.0\"><channel><item><title>Unclosed", "application/rss+xml"));
        app.MapGet("/missing", () => Results.NotFound());
        app.MapGet("/broken", () => Results.StatusCode(500));
        app.MapGet("/loop", () => Results.Redirect("/loop-2"));
        app.MapGet("/loop-2", () => Results.Redirect("/loop"));
        app.MapGet("/silent", async (HttpContext http) =>
        {
            await Task.Delay(Timeout.Infinite, http.RequestAborted);
            return Results.Ok();
        });
        app.MapGet("/huge", async (HttpContext http) =>
        {
            http.Response.ContentType = "application/rss+xml";
            await http.Response.WriteAsync("<rss version=\"2.0\"><channel><title>Huge</title>", http.RequestAborted);
            var filler = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
            for (var i = 0; i < 50 * 16; i++)
            {
                await http.Response.Body.WriteAsync(filler, http.RequestAborted);
            }
        });
        app.MapGet("/untitled", () => Results.Text(
            """
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>Untitled</title><link>https://example.com/</link><description>d</description>
              <item><guid>untitled-1</guid><description>&lt;p&gt;Arsenal are monitoring the midfielder.&lt;/p&gt;</description></item>
              <item><title>Neither guid nor link</title></item>
            </channel></rss>
            """, "application/rss+xml"));
        await app.StartAsync();
        return server;
    }

    private static string? Header(HttpContext http, string name) =>
        http.Request.Headers.TryGetValue(name, out var value) ? value.ToString() : null;

    private IResult Serve(HttpContext http, string contentType, Func<IReadOnlyList<TestItem>, string> render)
    {
        var (items, etag) = Snapshot();
        if (http.Request.Headers.IfNoneMatch.ToString() == etag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        http.Response.Headers.ETag = etag;
        http.Response.Headers.LastModified = Modified.ToString("R", CultureInfo.InvariantCulture);
        return Results.Text(render(items), contentType, Encoding.UTF8);
    }

    private static string Rss(IReadOnlyList<TestItem> items) =>
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
          <channel><title>Test outlet</title><link>https://example.com/</link><description>Transfer news</description>
          {string.Concat(items.Select(i => $"""
            <item>
              <title>{WebUtility.HtmlEncode(i.Title)}</title>
              <link>{i.Link ?? $"https://example.com/news/{i.Guid}"}</link>
              <guid isPermaLink="false">{i.Guid}</guid>
              <pubDate>{i.Published.ToString("R", CultureInfo.InvariantCulture)}</pubDate>
              <content:encoded><![CDATA[{i.Html}]]></content:encoded>
            </item>
            """))}
          </channel>
        </rss>
        """;

    private static string Atom(IReadOnlyList<TestItem> items) =>
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom">
          <title>Test outlet</title><id>urn:test</id><updated>2025-11-30T08:00:00Z</updated>
          {string.Concat(items.Select(i => $"""
            <entry>
              <title>{WebUtility.HtmlEncode(i.Title)}</title>
              <id>urn:test:{i.Guid}</id>
              <link href="{i.Link ?? $"https://example.com/news/{i.Guid}"}"/>
              <updated>{i.Published:yyyy-MM-dd'T'HH:mm:ss'Z'}</updated>
              <content type="html">{WebUtility.HtmlEncode(i.Html)}</content>
            </entry>
            """))}
        </feed>
        """;

    private static string Json(IReadOnlyList<TestItem> items) => System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["version"] = "https://jsonfeed.org/version/1.1",
        ["title"] = "Test outlet",
        ["items"] = items.Select(i => new Dictionary<string, object>
        {
            ["id"] = i.Guid,
            ["url"] = i.Link ?? $"https://example.com/news/{i.Guid}",
            ["title"] = i.Title,
            ["content_html"] = i.Html,
            ["date_published"] = i.Published.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        }).ToList(),
    });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
