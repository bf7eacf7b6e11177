using Timeline.Api.Infrastructure.LocalPostgres;

namespace Timeline.Reliability.Tests;

/// <summary>
/// A PostgreSQL cluster of a test class's own (stopping or breaking it disturbs no other test), its Timeline
/// database, and one impatient node on it (<see cref="Reliability.StartImpatientNodeAsync"/>).
/// </summary>
public abstract class OwnCluster(string name) : IAsyncLifetime
{
    protected LocalPostgresOptions Options { get; private set; } = null!;

    public LocalPostgresCluster Cluster { get; protected set; } = null!;

    /// <summary>Straight to the cluster: what the tests read the store with.</summary>
    public string ConnectionString { get; private set; } = "";

    public ServiceNode Node { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        (Options, Cluster) = await StartOwnClusterAsync(name);
        ConnectionString = await Cluster.EnsureDatabaseAsync("timeline");
        Node = await StartNodeAsync();
    }

    /// <summary>The node; by default an impatient one straight on <see cref="ConnectionString"/>.</summary>
    protected virtual Task<ServiceNode> StartNodeAsync() => StartImpatientNodeAsync(ConnectionString);

    public virtual async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}
