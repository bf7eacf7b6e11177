using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;
using Timeline.Api.Audit;
using Timeline.Api.Live;
using Timeline.Api.Reporters;
using Timeline.Api.Sagas;
using Timeline.Api.Webhooks;
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
        // Every database call of the service (Marten, Wolverine's message store, the live feed, webhooks,
        // health) goes through this one data source, so these two bound each of them.
        var commandTimeout = builder.Configuration.GetValue<int?>("Timeline:CommandTimeoutSeconds") ?? 30;
        var connectTimeout = builder.Configuration.GetValue<int?>("Timeline:ConnectTimeoutSeconds") ?? 15;
        services.AddSingleton<NpgsqlDataSource>(sp =>
            sp.GetRequiredService<TimelineDatabase>().CreateDataSource(commandTimeout, connectTimeout));

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
                // Marten's own default (five seconds) would otherwise win over the data source's.
                options.CommandTimeout = commandTimeout;
                Configure(options);
                return options;
            })
            .ApplyAllDatabaseChangesOnStartup()
            // Wolverine's leader assigns the change feed (and any async projection) to one node at a
            // time and moves it when that node goes; the outbox and scheduled retries live in PostgreSQL.
            .IntegrateWithWolverine(wolverine => wolverine.UseWolverineManagedEventSubscriptionDistribution = true)
            .SubscribeToEventsWithServices<SagaChangeFeed>(ServiceLifetime.Singleton);

        builder.Host.UseWolverine(opts =>
        {
            // Handlers and endpoints live here, whichever program hosts the service (tests, the benchmark).
            opts.ApplicationAssembly = typeof(Store).Assembly;
            opts.Policies.AutoApplyTransactions();
            opts.Durability.MessageStorageSchemaName = "wolverine";
            opts.LocalQueueFor<DeliverWebhooks>().UseDurableInbox();

            // Webhook retries are durable scheduled messages; look for due ones every second, not every five.
            opts.Durability.ScheduledJobPollingTime = TimeSpan.FromSeconds(1);

            // Wolverine's own default takes a killed node for dead only after a minute; until then nobody
            // runs the change feed it held, and live updates and webhooks wait.
            var cluster = builder.Configuration.GetSection(ClusterOptions.Section).Get<ClusterOptions>() ?? new ClusterOptions();
            opts.Durability.HealthCheckPollingTime = cluster.HeartbeatInterval;
            opts.Durability.StaleNodeTimeout = cluster.StaleNodeTimeout;

            // A database outage pauses the change feed; Wolverine restarts it with a doubling back-off of up to
            // five minutes, which after a long outage would leave live updates and webhooks that far behind.
            opts.Durability.TransientFailureRestartMaxBackoff = TimeSpan.FromSeconds(30);
        });
        services.AddWolverineHttp();
        return builder;
    }

    public static void Configure(StoreOptions options)
    {
        options.DatabaseSchemaName = Schema;
        // jsonb orders an object's keys its own way, so a claim's "type" is rarely first when read back.
        options.UseSystemTextJsonForSerialization(
            EnumStorage.AsString, Casing.CamelCase, json =>
            {
                json.AllowOutOfOrderMetadataProperties = true;
                TimelineJson.Vocabulary(json);
            });

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
        options.Projections.RebuildWithBulkCopy = true;
        options.Schema.For<ChainLink>().Identity(x => x.Id).Index(x => x.Saga);
        foreach (var index in AuditIndexes.Names)
        {
            events.IgnoreIndex(index);
        }

        options.Storage.Add(AuditIndexes.Feature(options));

        // Credibility: per-claim documents inline, per-source names in the daemon (SourceProjection says why).
        options.Schema.For<SourceClaim>()
            .Identity(x => x.Id)
            .Index(x => x.ReporterSlug)
            .Index(x => x.OutletSlug)
            .Index(x => x.Saga);
        options.Projections.Add<SourceClaimProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<SourceRecord>().Identity(x => x.Id);
        options.Schema.For<Domain.Names.KnownName>().Identity(x => x.Id);
        options.Projections.Add<SourceProjection>(ProjectionLifecycle.Async);

        // Wake the change feed as soon as events are committed rather than at the next poll.
        events.UseListenNotifyForEventAppends = true;
        options.Schema.For<SagaUpdate>().Identity(x => x.Id).Index(x => x.Saga);
        options.Schema.For<WebhookSubscription>().Identity(x => x.Id);
        options.Schema.For<WebhookDelivery>()
            .Identity(x => x.Id)
            .Index(x => x.SubscriptionId)
            .Index(x => x.Position);
    }
}
