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
    /// <summary>Long enough for the service to be ready first: compiling the cues takes a core for a second or two.</summary>
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(Delay, stoppingToken);
            await Task.Run(() => Drafter.Draft(new Article("Warm-up\n\nChelsea are keeping tabs on the striker.", DateTimeOffset.UnixEpoch), StoreKnowledge.Empty), stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
