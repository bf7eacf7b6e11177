namespace Timeline.Api.Tests;

/// <summary>
/// Two processes of the built service on one PostgreSQL database of their own, as docker-compose runs them,
/// started before a class's tests (then <see cref="Given"/>) and stopped after them.
/// </summary>
public abstract class TwoNodes(string database) : IAsyncLifetime
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    protected ServiceNode A { get; private set; } = null!;

    protected ServiceNode B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await TestDatabase.CreateDatabaseAsync(database);
        A = await ServiceNode.StartAsync(connectionString);
        B = await ServiceNode.StartAsync(connectionString);
        await Given();
    }

    /// <summary>What else the class's tests need, started after the nodes.</summary>
    protected abstract Task Given();

    /// <summary>Stops what <see cref="Given"/> started.</summary>
    protected abstract ValueTask StopAsync();

    public async Task DisposeAsync()
    {
        await StopAsync();
        await B.DisposeAsync();
        await A.DisposeAsync();
    }
}
