using JasperFx;
using JasperFx.CodeGeneration;
using Weasel.Core;
using Wolverine.Marten;

namespace Timeline.Api.Infrastructure;

/// <summary>
/// PostgreSQL, Marten's event store and Wolverine on top: the connection, the serializer and the event names.
/// Each capability adds its own documents, projections and queues (its folder's <c>Configuration.cs</c>).
/// </summary>
public static class Store
{
    public const string Schema = "timeline";

    /// <summary>
    /// Registers the store, with <paramref name="capabilities"/> adding their documents and projections and
    /// <paramref name="messaging"/> their Wolverine queues; returns Marten's registration for what more they add.
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddTimelineStore(
        this WebApplicationBuilder builder, Action<StoreOptions> capabilities, Action<WolverineOptions> messaging)
    {
        var services = builder.Services;
        services.AddSingleton<TimelineDatabase>();
        // Every database call of the service (Marten, Wolverine's message store, the live feed, webhooks,
        // health) goes through this one data source, so these two bound each of them.
        var commandTimeout = builder.Configuration.GetValue<int?>("Timeline:CommandTimeoutSeconds") ?? 30;
        var connectTimeout = builder.Configuration.GetValue<int?>("Timeline:ConnectTimeoutSeconds") ?? 15;
        services.AddSingleton<NpgsqlDataSource>(sp =>
            sp.GetRequiredService<TimelineDatabase>().CreateDataSource(commandTimeout, connectTimeout));

        // The build compiles Wolverine's generated code into this assembly (Timeline.Api.csproj); Auto loads it from
        // there and generates at start only what it does not find.
        services.CritterStackDefaults(x =>
        {
            x.Development.GeneratedCodeMode = TypeLoadMode.Auto;
            x.Production.GeneratedCodeMode = TypeLoadMode.Auto;
        });

        var marten = services.AddMarten(sp =>
            {
                var options = new StoreOptions();
                options.Connection(sp.GetRequiredService<NpgsqlDataSource>());
                // Marten's own default (five seconds) would otherwise win over the data source's.
                options.CommandTimeout = commandTimeout;
                ConfigureStorage(options);
                capabilities(options);
                return options;
            })
            .ApplyAllDatabaseChangesOnStartup()
            // The outbox and scheduled retries live in PostgreSQL. The change feed and the other asynchronous
            // shards run on the node holding the change feed's lease (ChangeFeed/ChangeFeedLease), not by
            // Wolverine's assignment, which would move them only once their node is found stale.
            .IntegrateWithWolverine();

        builder.Host.UseWolverine(opts =>
        {
            // Handlers and endpoints live here, whichever program hosts the service (tests, the benchmark).
            opts.ApplicationAssembly = typeof(Store).Assembly;
            opts.Policies.AutoApplyTransactions();
            opts.Durability.MessageStorageSchemaName = "wolverine";

            // Durable scheduled messages (webhook retries): look for due ones every second, not every five.
            opts.Durability.ScheduledJobPollingTime = TimeSpan.FromSeconds(1);

            // Wolverine's own default takes a killed node for dead only after a minute; until then nobody
            // recovers the webhook deliveries it had queued.
            var cluster = builder.Configuration.GetSection(ClusterOptions.Section).Get<ClusterOptions>() ?? new ClusterOptions();
            opts.Durability.HealthCheckPollingTime = cluster.HeartbeatInterval;
            opts.Durability.StaleNodeTimeout = cluster.StaleNodeTimeout;

            messaging(opts);
        });
        services.AddWolverineHttp();
        return marten;
    }

    /// <summary>What every capability's documents and events share: the schema, the serializer, the events' names and metadata.</summary>
    public static void ConfigureStorage(StoreOptions options)
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

        options.Projections.RebuildWithBulkCopy = true;
    }

    /// <summary>
    /// Rebuilds read large pages and write each document once per flush rather than once per page
    /// (measured with bench/: see the README's performance section).
    /// </summary>
    public static void RebuildInLargePages(JasperFx.Events.Projections.AsyncOptions options)
    {
        options.BatchSize = 10_000;
        options.RebuildFlushThreshold = 10_000;
    }
}
