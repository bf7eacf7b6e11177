using System.Net;
using System.Net.Http.Headers;

namespace Timeline.Api.Intake;

/// <summary>What one fetch of a feed brought: its body, word that it had not changed, or why it failed.</summary>
public sealed record FetchResult(
    FetchOutcome Outcome,
    int? StatusCode,
    byte[]? Body = null,
    string? ETag = null,
    string? LastModified = null,
    TimeSpan? MaxAge = null,
    TimeSpan? RetryAfter = null,
    string? Error = null);

public enum FetchOutcome
{
    Fetched,
    NotModified,
    Failed,
}

/// <summary>
/// Fetches a feed as a good citizen: a conditional GET with the validators of the last answer, redirects
/// followed by hand (each hop checked against the private-address guard, a loop or a long chain is a
/// failure), a time limit for the whole fetch and a size limit for the body, and what the outlet says about
/// when to come back (<c>Cache-Control: max-age</c>, <c>Retry-After</c>). Never throws for what a server does.
/// </summary>
public sealed class FeedFetcher(IHttpClientFactory clients, IOptions<FeedOptions> options, TimeProvider clock)
{
    public const string HttpClientName = "feeds";

    private const string Accept =
        "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1";

    public async Task<FetchResult> FetchAsync(string url, string? etag, string? lastModified, CancellationToken ct)
    {
        var settings = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.Timeout);
        var client = clients.CreateClient(HttpClientName);
        var target = new Uri(url);
        var visited = new HashSet<Uri> { target };
        try
        {
            for (var hop = 0; ; hop++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, target);
                request.Headers.TryAddWithoutValidation("Accept", Accept);
                if (etag is not null)
                {
                    request.Headers.TryAddWithoutValidation("If-None-Match", etag);
                }

                if (lastModified is not null)
                {
                    request.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);
                }

                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                var status = (int)response.StatusCode;
                if (IsRedirect(response.StatusCode))
                {
                    if (response.Headers.Location is not { } location)
                    {
                        return Failed(status, "redirected without a Location.");
                    }

                    target = location.IsAbsoluteUri ? location : new Uri(target, location);
                    if (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps)
                    {
                        return Failed(status, $"redirected to {target.Scheme}:, not http or https.");
                    }

                    if (!visited.Add(target))
                    {
                        return Failed(status, $"redirect loop at {target}.");
                    }

                    if (hop + 1 > settings.MaxRedirects)
                    {
                        return Failed(status, $"more than {settings.MaxRedirects} redirects.");
                    }

                    continue;
                }

                if (response.StatusCode == HttpStatusCode.NotModified)
                {
                    return new FetchResult(FetchOutcome.NotModified, status, ETag: etag, LastModified: lastModified, MaxAge: MaxAge(response));
                }

                if (!response.IsSuccessStatusCode)
                {
                    return Failed(status, $"answered {status} {response.ReasonPhrase}.", RetryAfter(response));
                }

                if (response.Content.Headers.ContentLength > settings.MaxBodyBytes)
                {
                    return Failed(status, $"the feed is {response.Content.Headers.ContentLength} bytes, more than the limit of {settings.MaxBodyBytes}.");
                }

                var body = await ReadLimitedAsync(response.Content, settings.MaxBodyBytes, timeout.Token);
                return body is null
                    ? Failed(status, $"the feed is more than the limit of {settings.MaxBodyBytes} bytes.")
                    : new FetchResult(
                        FetchOutcome.Fetched, status, body, response.Headers.ETag?.ToString(),
                        response.Content.Headers.LastModified?.ToString("R"), MaxAge(response));
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Failed(null, $"no answer within {settings.Timeout.TotalSeconds:0} s.");
        }
        catch (HttpRequestException e)
        {
            return Failed(null, e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message);
        }
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static FetchResult Failed(int? status, string error, TimeSpan? retryAfter = null) =>
        new(FetchOutcome.Failed, status, RetryAfter: retryAfter, Error: error);

    private static TimeSpan? MaxAge(HttpResponseMessage response) =>
        response.Headers.CacheControl is { NoStore: false, MaxAge: { } age } ? age : null;

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - clock.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>The body, or null when it runs past <paramref name="limit"/> bytes (whatever its declared length).</summary>
    private static async Task<byte[]?> ReadLimitedAsync(HttpContent content, long limit, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
