using System.Threading.RateLimiting;
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

/// <summary>A token bucket per client address for reads: <see cref="PerSecond"/> refill it, <see cref="Burst"/> is its size.</summary>
public sealed class ReadAllowance
{
    public int PerSecond { get; set; }

    public int Burst { get; set; }
}

/// <summary>
/// Configuration section <c>Timeline:RateLimit</c>. Writes are limited per API key (the key's name), so
/// one runaway client cannot starve the others or the database. Reads are open to anyone, so reads without
/// a key are limited per client address (<see cref="Clients.Of"/>, after trusted proxies): every read takes from
/// <see cref="Reads"/>, and the reads that fold or scan a whole saga or the audit trail
/// (<see cref="CostlyReadAttribute"/>) also from <see cref="CostlyReads"/>. A page load takes a handful
/// of each; the defaults only stop a client that is hammering the node.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Timeline:RateLimit";

    public bool Enabled { get; set; } = true;

    /// <summary>The allowance of every key not named in <see cref="Keys"/>.</summary>
    public WriteAllowance Writes { get; set; } = new();

    /// <summary>Allowances for particular keys, by key name: a bulk importer may get more, a person's key less.</summary>
    public Dictionary<string, WriteAllowance> Keys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Every read, per client address.</summary>
    public ReadAllowance Reads { get; set; } = new() { PerSecond = 50, Burst = 200 };

    /// <summary>Reads marked <see cref="CostlyReadAttribute"/> (timeline, replay, contradictions, audit, verify, a source's record), per client address.</summary>
    public ReadAllowance CostlyReads { get; set; } = new() { PerSecond = 5, Burst = 30 };

    public WriteAllowance For(string keyName) => Keys.GetValueOrDefault(keyName) ?? Writes;
}

/// <summary>Marks a read that costs the node far more than a document load: it takes from the stricter <see cref="RateLimitOptions.CostlyReads"/> bucket too.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CostlyReadAttribute : Attribute;

public static class RateLimits
{
    public static IServiceCollection AddTimelineRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = options.Enabled
                ? PartitionedRateLimiter.CreateChained(Writes(options), Reads(options), CostlyReads(options))
                : PartitionedRateLimiter.Create<HttpContext, string>(_ => RateLimitPartition.GetNoLimiter(""));
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    private static PartitionedRateLimiter<HttpContext> Writes(RateLimitOptions options) =>
        PartitionedRateLimiter.Create<HttpContext, string>(http =>
            IsWrite(http.Request.Method) && http.User.Identity is { IsAuthenticated: true, Name: { } key }
                ? RateLimitPartition.GetTokenBucketLimiter(key, name => Bucket(options.For(name)))
                : RateLimitPartition.GetNoLimiter(""));

    private static PartitionedRateLimiter<HttpContext> Reads(RateLimitOptions options) =>
        PartitionedRateLimiter.Create<HttpContext, string>(http =>
            IsAnonymousRead(http)
                ? RateLimitPartition.GetTokenBucketLimiter(Clients.Of(http), _ => Bucket(options.Reads))
                : RateLimitPartition.GetNoLimiter(""));

    private static PartitionedRateLimiter<HttpContext> CostlyReads(RateLimitOptions options) =>
        PartitionedRateLimiter.Create<HttpContext, string>(http =>
            IsAnonymousRead(http) && http.GetEndpoint()?.Metadata.GetMetadata<CostlyReadAttribute>() is not null
                ? RateLimitPartition.GetTokenBucketLimiter(Clients.Of(http), _ => Bucket(options.CostlyReads))
                : RateLimitPartition.GetNoLimiter(""));

    /// <summary>A read without a valid key: those are counted per address. A key's holder is known, and answers for its use.</summary>
    private static bool IsAnonymousRead(HttpContext http) =>
        !IsWrite(http.Request.Method) && http.User.Identity?.IsAuthenticated is not true;

    public static bool IsWrite(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));

    private static TokenBucketRateLimiterOptions Bucket(WriteAllowance allowance) => Bucket(allowance.WritesPerSecond, allowance.Burst);

    private static TokenBucketRateLimiterOptions Bucket(ReadAllowance allowance) => Bucket(allowance.PerSecond, allowance.Burst);

    private static TokenBucketRateLimiterOptions Bucket(int perSecond, int burst) => new()
    {
        TokenLimit = Math.Max(1, burst),
        TokensPerPeriod = Math.Max(1, perSecond),
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    /// <summary>429 problem details, with <c>Retry-After</c> in whole seconds (at least one) from the bucket's refill time.</summary>
    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        var write = IsWrite(http.Request.Method);
        await TooManyAsync(
            http, wait, write ? "Too many writes" : "Too many reads",
            write
                ? "This API key has used its allowance of writes; nothing was stored."
                : "This client has used its allowance of reads.");
    }

    /// <summary>Answers 429 with <c>Retry-After</c> (whole seconds, at least one) and problem details.</summary>
    public static async Task TooManyAsync(HttpContext http, TimeSpan wait, string title, string detail)
    {
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
                Title = title,
                Detail = $"{detail} Retry after {seconds} s.",
            },
        });
    }
}
