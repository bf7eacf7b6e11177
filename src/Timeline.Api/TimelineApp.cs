using Microsoft.Extensions.DependencyInjection.Extensions;
using JasperFx;
using Timeline.Api.Audit;
using Timeline.Api.ChangeFeed;
using Timeline.Api.Demo;
using Timeline.Api.Drafts;
using Timeline.Api.Intake;
using Timeline.Api.Keys;
using Timeline.Api.Live;
using Timeline.Api.Names;
using Timeline.Api.Reporters;
using Timeline.Api.Reports;
using Timeline.Api.Sagas;
using Timeline.Api.Web;
using Timeline.Api.Webhooks;
using Timeline.Api.Infrastructure.LocalPostgres;
using Scalar.AspNetCore;

namespace Timeline.Api;

/// <summary>The service's parts, each contributed by its capability, in the order they run.</summary>
public static class TimelineApp
{
    /// <summary>The largest request body accepted, in bytes (a report with its quote fits many times over).</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <summary>How much of a refused body is read and dropped so its sender hears the 413; Kestrel closes the connection past it.</summary>
    public const long MaxDrainedBodyBytes = 8 * MaxRequestBodyBytes;

    /// <summary>Where the service listens unless <c>--urls</c>, <c>ASPNETCORE_URLS</c> or <c>ASPNETCORE_HTTP_PORTS</c> say otherwise.</summary>
    public const string DefaultUrl = "http://localhost:5080";

    public static WebApplicationBuilder AddTimeline(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = MaxDrainedBodyBytes;
            k.AddServerHeader = false;
        });
        if (new[] { "urls", "http_ports", "https_ports" }.All(key => string.IsNullOrWhiteSpace(builder.Configuration[key])))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // SIGTERM: stop taking requests, let those in flight finish (live streams end at once and
        // resume elsewhere with Last-Event-ID), then stop Wolverine, which leaves queued work in PostgreSQL.
        var shutdownTimeout = builder.Configuration.GetValue<TimeSpan?>("Timeline:ShutdownTimeout") ?? TimeSpan.FromSeconds(30);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout);

        builder.Logging.AddRequestBodyLogFilter();
        builder.AddTimelineStore(ConfigureStore, wolverine => wolverine.ConfigureWebhooks().ConfigureIntake()).AddChangeFeed();
        builder.AddTimelineTelemetry();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.ConfigureSystemTextJsonForWolverineOrMinimalApi(o => TimelineJson.Configure(o.SerializerOptions));
        builder.Services
            .AddTimelineProblemDetails()
            .AddTimelineForwardedHeaders(builder.Configuration)
            .AddTimelineAuthentication(builder.Configuration)
            .AddTimelineKeys(builder.Configuration)
            .AddTimelineRateLimiting(builder.Configuration)
            .AddTimelineReadTimeouts(builder.Configuration)
            .AddTimelineHealth(builder.Configuration)
            .AddChangeFeed(builder.Configuration)
            .AddDemoData(builder.Configuration)
            .AddSagas(builder.Configuration)
            .AddReports(builder.Configuration)
            .AddTimelineLive(builder.Configuration)
            .AddTimelineWebhooks(builder.Configuration, builder.Environment)
            .AddTimelineNames()
            .AddTimelineDrafting()
            .AddTimelineIntake(builder.Configuration, builder.Environment)
            .AddTimelineWeb()
            .AddOpenApi(openApi => openApi.AddTimelineContract(builder.Configuration).AddTimelineExamples());
        return builder;
    }

    /// <summary>
    /// The store as the service uses it: the storage every capability shares, then each capability's documents and
    /// projections. Tests and the benchmark open stores of their own with it.
    /// </summary>
    public static void ConfigureStore(StoreOptions options)
    {
        Store.ConfigureStorage(options);
        options.ConfigureSagas()
            .ConfigureAudit()
            .ConfigureReporters()
            .ConfigureNames()
            .ConfigureChangeFeed()
            .ConfigureWebhooks()
            .ConfigureIntake()
            .ConfigureKeys();
    }

    public static WebApplication MapTimeline(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseMiddleware<SecurityHeaders>();
        app.UseResponseCompression();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseMiddleware<RequestSizeLimit>();
        app.MapTimelineWeb();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseRequestTimeouts();
        app.UseOutputCache();
        app.MapOpenApi("/openapi/{documentName}.json").RequireAuthorization(ApiKeyAuthentication.ReadPolicy);
        app.MapScalarApiReference("/scalar", scalar => scalar.WithTitle("Timeline API")).RequireAuthorization(ApiKeyAuthentication.ReadPolicy);
        app.MapTimelineHealth();
        app.MapWolverineEndpoints(http =>
        {
            http.RejectUnparseableQueryValues = true;
            http.ConfigureEndpoints(chain =>
            {
                ReadTimeouts.Apply(chain);
                RequestBodyLogs.Collect(chain);
            });
        });
        return app;
    }

    /// <summary>Runs the service or a command (<c>help</c> lists them); a missing PostgreSQL is one clear line, not a stack trace.</summary>
    public static async Task<int> RunTimelineAsync(this WebApplication app, string[] args)
    {
        try
        {
            if (args.Length == 0 || args[0] == "run" || args[0].StartsWith('-'))
            {
                // Serving needs the database: find or start it before the host does, so a missing
                // PostgreSQL is reported here rather than as a failed start.
                if (!app.Environment.IsDevelopment()
                    && app.Services.GetRequiredService<IOptions<Infrastructure.ApiKeyOptions>>().Value.Weaknesses() is { Count: > 0 } weaknesses)
                {
                    foreach (var weakness in weaknesses)
                    {
                        await Console.Error.WriteLineAsync(weakness);
                    }

                    return 2;
                }

                await app.Services.GetRequiredService<TimelineDatabase>().ResolveAsync(CancellationToken.None);
            }

            return await app.RunJasperFxCommands(args);
        }
        catch (Exception e) when (Find<PostgresNotInstalledException>(e) is { } missing)
        {
            await Console.Error.WriteLineAsync(missing.Message);
            return 2;
        }
    }

    private static T? Find<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }

            if (e is AggregateException aggregate && aggregate.InnerExceptions.Select(Find<T>).FirstOrDefault(x => x is not null) is { } inner)
            {
                return inner;
            }
        }

        return null;
    }
}
