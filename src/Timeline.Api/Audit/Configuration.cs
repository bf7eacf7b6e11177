namespace Timeline.Api.Audit;

/// <summary>The audit trail: the chain links beside the events, and the event table's indexes behind the trail's filters.</summary>
public static class Configuration
{
    public static StoreOptions ConfigureAudit(this StoreOptions options)
    {
        options.Schema.For<ChainLink>().Identity(x => x.Id).Index(x => x.Saga);
        foreach (var index in AuditIndexes.Names)
        {
            options.Events.IgnoreIndex(index);
        }

        options.Storage.Add(AuditIndexes.Feature(options));
        return options;
    }
}
