using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Primitives;

namespace Timeline.Api.Sagas;

/// <summary>Configuration section <c>Timeline:ReadCache</c>: the answers of a saga's costly reads kept per node.</summary>
public sealed class ReadCacheOptions
{
    public const string Section = "Timeline:ReadCache";
    public const string PolicyName = "saga-version";

    /// <summary>How long an answer is kept while its saga does not change (and how stale a contradictions' knownAt may be).</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>What the kept answers may take in memory, in all.</summary>
    public long SizeLimitBytes { get; set; } = 64L * 1024 * 1024;
}

/// <summary>
/// Keeps the answers of a saga's timeline, replay and contradictions, keyed by the saga's stream version
/// (and the query), so a page read by many readers is folded once per change, not once per reader. The
/// version is one small query; a change to the saga is a new version and a new answer at once.
/// </summary>
public sealed class SagaVersionCachePolicy : IOutputCachePolicy
{
    public async ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method) || http.Request.RouteValues["slug"] is not string slug)
        {
            return;
        }

        var session = http.RequestServices.GetRequiredService<IQuerySession>();
        // The version and the recorded time of the last event: a store emptied or restored under a running node
        // can reach the same version again with other events, never at the same instant.
        // The whole document rather than two of its fields: one written before it had RecordedAt still reads.
        var stamp = await session.LoadAsync<SagaState>(slug, ct);
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = true;
        context.AllowCacheStorage = true;
        context.AllowLocking = true;
        context.CacheVaryByRules.QueryKeys = "*";
        context.CacheVaryByRules.VaryByValues["version"] = stamp is null
            ? "none"
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{stamp.Version}@{stamp.RecordedAt.UtcTicks}");
        context.ResponseExpirationTimeSpan = http.RequestServices
            .GetRequiredService<Microsoft.Extensions.Options.IOptions<ReadCacheOptions>>().Value.Duration;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;

    /// <summary>Only a whole, successful answer is kept: a refusal or a problem is not.</summary>
    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken ct)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK || !StringValues.IsNullOrEmpty(response.Headers.SetCookie))
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }
}

public static class SagaReadCacheSetup
{
    public static IServiceCollection AddSagaReadCache(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ReadCacheOptions>(configuration.GetSection(ReadCacheOptions.Section));
        var options = configuration.GetSection(ReadCacheOptions.Section).Get<ReadCacheOptions>() ?? new();
        services.AddOutputCache(o =>
        {
            o.SizeLimit = options.SizeLimitBytes;
            o.MaximumBodySize = Math.Min(options.SizeLimitBytes, 16L * 1024 * 1024);
            o.AddPolicy(ReadCacheOptions.PolicyName, new SagaVersionCachePolicy());
        });
        return services;
    }
}
