using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Timeline.Api.Infrastructure;

public static class Telemetry
{
    public const string ServiceName = "timeline";

    /// <summary>Traces, metrics and logs through OpenTelemetry; exported over OTLP only when an endpoint is configured.</summary>
    public static WebApplicationBuilder AddTimelineTelemetry(this WebApplicationBuilder builder)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithTracing(t => t
                .AddAspNetCoreInstrumentation(o => o.Filter = ctx => !ctx.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource(TimelineInstruments.Name, "Marten", "Wolverine"))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter(TimelineInstruments.Name, "Marten", "Wolverine*", "Npgsql"))
            .WithLogging(_ => { }, o =>
            {
                o.IncludeFormattedMessage = true;
                o.IncludeScopes = true;
            });
        if (otlp)
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }
}
