namespace Timeline.Reliability.Tests;

/// <summary>Service processes on one database of their own, as a cluster runs them, shared by the tests of a class.</summary>
public abstract class Cluster(int size, string name) : IAsyncLifetime
{
    public string Database { get; private set; } = "";

    public IReadOnlyList<ServiceNode> Nodes { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateDatabaseAsync(name);
        Nodes = await Task.WhenAll(Enumerable.Range(0, size).Select(_ => ServiceNode.StartAsync(Database, ("Logging__LogLevel__Default", "Warning"))));
    }

    public async Task DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }
    }
}
