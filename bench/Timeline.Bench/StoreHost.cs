using Marten;
using Timeline.Api.Infrastructure;

namespace Timeline.Bench;

/// <summary>Timeline's Marten store on its own, configured exactly as the service configures it.</summary>
public sealed class StoreHost : IDisposable
{
    private StoreHost(DocumentStore store) => Store = store;

    public DocumentStore Store { get; }

    public static async Task<StoreHost> StartAsync(string connectionString)
    {
        var store = DocumentStore.For(options =>
        {
            options.Connection(connectionString);
            Timeline.Api.TimelineApp.ConfigureStore(options);
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return new StoreHost(store);
    }

    public void Dispose() => Store.Dispose();
}
