namespace Timeline.Reliability.Tests;

/// <summary>Service processes on one database of their own, as a cluster runs them: started together, stopped with the fixture.</summary>
public abstract class NodesOnOneDatabase(int count, string database, params (string Name, string Value)[] settings) : IAsyncLifetime
{
    public string Database { get; private set; } = "";

    public IReadOnlyList<ServiceNode> Nodes { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateDatabaseAsync(database);
        Nodes = await Task.WhenAll(Enumerable.Range(0, count).Select(_ =>
            ServiceNode.StartAsync(Database, [("Logging__LogLevel__Default", "Warning"), .. settings])));
    }

    public async Task DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }
    }
}
