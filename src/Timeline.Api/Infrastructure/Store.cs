using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;
using Timeline.Api.Sagas;
using Timeline.Domain;
using Weasel.Core;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace Timeline.Api.Infrastructure;

public static class Store
{
    public const string Schema = "timeline";

    /// <summary>PostgreSQL, Marten's event store and Wolverine on top, configured once for the whole service.</summary>
    public static WebApplicationBuilder AddTimelineStore(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<TimelineDatabase>();
        var commandTimeout = builder.Configuration.GetValue<int?>("Timeline:CommandTimeoutSeconds") ?? 30;
        services.AddSingleton<NpgsqlDataSource>(sp =>
            sp.GetRequiredService<TimelineDatabase>().CreateDataSource(commandTimeout));

        services.CritterStackDefaults(x =>
        {
            x.Development.GeneratedCodeMode = TypeLoadMode.Dynamic;
            // The container image compiles the code `codegen write` generated (deploy/Dockerfile) and
            // says so with Timeline:PregeneratedCode, for a fast cold start; elsewhere it is generated at start.
            x.Production.GeneratedCodeMode = builder.Configuration.GetValue<bool>("Timeline:PregeneratedCode")
                ? TypeLoadMode.Static
                : TypeLoadMode.Dynamic;
        });

        services.AddMarten(sp =>
            {
                var options = new StoreOptions();
                options.Connection(sp.GetRequiredService<NpgsqlDataSource>());
                Configure(options);
                return options;
            })
            .ApplyAllDatabaseChangesOnStartup()
            .IntegrateWithWolverine();

        builder.Host.UseWolverine(opts =>
        {
            opts.Policies.AutoApplyTransactions();
            opts.Durability.MessageStorageSchemaName = "wolverine";
        });
        services.AddWolverineHttp();
        return builder;
    }

    public static void Configure(StoreOptions options)
    {
        options.DatabaseSchemaName = Schema;
        // jsonb orders an object's keys its own way, so a claim's "type" is rarely first when read back.
        options.UseSystemTextJsonForSerialization(
            EnumStorage.AsString, Casing.CamelCase, json => json.AllowOutOfOrderMetadataProperties = true);

        var events = options.Events;
        events.StreamIdentity = StreamIdentity.AsString;
        events.MetadataConfig.UserNameEnabled = true;
        events.MetadataConfig.HeadersEnabled = true;
        events.MetadataConfig.CorrelationIdEnabled = true;
        events.MetadataConfig.CausationIdEnabled = true;
        foreach (var (type, name) in EventNames.All)
        {
            events.MapEventType(type, name);
        }

        options.Schema.For<SagaState>()
            .Identity(x => x.Slug)
            .Index(x => x.Status)
            .Index(x => x.LastReportAt);
        options.Projections.Add<SagaProjection>(ProjectionLifecycle.Inline);
    }
}
