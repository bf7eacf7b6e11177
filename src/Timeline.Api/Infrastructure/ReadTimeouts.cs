using System.Reflection;
using Microsoft.AspNetCore.Http.Timeouts;

namespace Timeline.Api.Infrastructure;

/// <summary>
/// Configuration section <c>Timeline:RequestTimeouts</c>: how long a read may run before it is cancelled and
/// answered 503 (default 10 s). Reads are open to anyone, so none may hold a database connection and a
/// core for as long as its client likes; a Server-Sent Events stream (<see cref="DisableRequestTimeoutAttribute"/>)
/// runs as long as its client listens. Writes are not cut short: a report recorded halfway is not an
/// option, and they already end within the database's command timeout.
/// </summary>
public sealed class RequestTimeoutSettings
{
    public const string Section = "Timeline:RequestTimeouts";
    public const string ReadPolicy = "read";

    public TimeSpan Reads { get; set; } = TimeSpan.FromSeconds(10);
}

public static class ReadTimeouts
{
    public static IServiceCollection AddTimelineReadTimeouts(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(RequestTimeoutSettings.Section).Get<RequestTimeoutSettings>() ?? new();
        services.AddRequestTimeouts(o => o.AddPolicy(RequestTimeoutSettings.ReadPolicy, new RequestTimeoutPolicy
        {
            Timeout = settings.Reads,
            TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
            WriteTimeoutResponse = WriteAsync,
        }));
        return services;
    }

    /// <summary>Gives every read endpoint but the streams the read timeout.</summary>
    public static void Apply(HttpChain chain)
    {
        if (chain.HttpMethods.Contains(HttpMethods.Get) && chain.Method.Method.GetCustomAttribute<DisableRequestTimeoutAttribute>() is null)
        {
            chain.Metadata.WithRequestTimeout(RequestTimeoutSettings.ReadPolicy);
        }
    }

    private static async Task WriteAsync(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "5";
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The read took too long",
                Detail = "The node cut this read short after its time limit (Timeline:RequestTimeouts:Reads); retry shortly, or ask for a smaller page.",
            },
        });
    }
}
