using Timeline.Drafting;

namespace Timeline.Api.Drafts;

public static class DraftingConfiguration
{
    /// <summary>
    /// Drafting has no documents or queues; its gazetteer and cue lexicon are read and compiled once. This
    /// does that in the background as the service starts, so that the first article pasted is not the slow one.
    /// </summary>
    public static IServiceCollection AddTimelineDrafting(this IServiceCollection services) =>
        services.AddHostedService<DraftingWarmUp>();
}

internal sealed class DraftingWarmUp : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() =>
        Drafter.Draft(new Article("Warm-up\n\nChelsea are keeping tabs on the striker.", DateTimeOffset.UnixEpoch), StoreKnowledge.Empty), stoppingToken);
}
