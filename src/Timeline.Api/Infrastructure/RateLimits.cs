using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Timeline.Api.Infrastructure;

/// <summary>A token bucket: <see cref="WritesPerSecond"/> refill it, <see cref="Burst"/> is its size.</summary>
public sealed class WriteAllowance
{
    /// <summary>Sustained writes per second.</summary>
    public int WritesPerSecond { get; set; } = 200;

    /// <summary>Writes that may arrive at once after a quiet spell (the bucket's size).</summary>
    public int Burst { get; set; } = 1_000;
}

/// <summary>
/// Configuration section <c>Timeline:RateLimit</c>. Writes are limited per API key (the key's name), so
/// one runaway client cannot starve the others or the database; reads, and requests without a valid key
/// (refused before they cost anything), are not counted. The defaults are far above what a newsroom
/// records and only stop a client that has gone wrong.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Timeline:RateLimit";

    public bool Enabled { get; set; } = true;

    /// <summary>The allowance of every key not named in <see cref="Keys"/>.</summary>
    public WriteAllowance Writes { get; set; } = new();

    /// <summary>Allowances for particular keys, by key name: a bulk importer may get more, a person's key less.</summary>
    public Dictionary<string, WriteAllowance> Keys { get; set; } = new(StringComparer.Ordinal);

    public WriteAllowance For(string keyName) => Keys.GetValueOrDefault(keyName) ?? Writes;
}

public static class RateLimits
{
    public static IServiceCollection AddTimelineRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                options.Enabled && IsWrite(http.Request.Method) && http.User.Identity is { IsAuthenticated: true, Name: { } key }
                    ? RateLimitPartition.GetTokenBucketLimiter(key, name => Bucket(options.For(name)))
                    : RateLimitPartition.GetNoLimiter(""));
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    private static bool IsWrite(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));

    private static TokenBucketRateLimiterOptions Bucket(WriteAllowance allowance) => new()
    {
        TokenLimit = Math.Max(1, allowance.Burst),
        TokensPerPeriod = Math.Max(1, allowance.WritesPerSecond),
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    /// <summary>429 problem details, with <c>Retry-After</c> in whole seconds (at least one) from the bucket's refill time.</summary>
    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        TimelineInstruments.Refused("rate_limited");
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many writes",
                Detail = $"This API key has used its allowance of writes; nothing was stored. Retry after {seconds} s.",
            },
        });
    }
}
