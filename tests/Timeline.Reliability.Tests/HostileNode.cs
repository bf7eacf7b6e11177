using System.Security.Cryptography;

namespace Timeline.Reliability.Tests;

/// <summary>
/// The built service in Production on a database of its own, with the keys the access tests need: the
/// node's usual key (allowed far more writes than the fuzzer sends), a key configured only as its SHA-256
/// hash, and a key allowed five writes and then one a second.
/// </summary>
public sealed class HostileNode : IAsyncLifetime
{
    public const string HashedKeyName = "hashed-bot";
    public const string HashedKey = "a-key-that-only-exists-as-its-hash";
    public const string LimitedKeyName = "limited-bot";
    public const string LimitedKey = "a-key-with-a-small-allowance-0123456789";
    public const int LimitedBurst = 5;

    public ServiceNode Node { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.CreateDatabaseAsync("hostile");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(HashedKey)));
        Node = await ServiceNode.StartAsync(
            ConnectionString,
            ("ASPNETCORE_ENVIRONMENT", "Production"),
            ($"Auth__ApiKeys__{HashedKeyName}", $"sha256:{hash}"),
            ($"Auth__ApiKeys__{LimitedKeyName}", LimitedKey),
            ($"Timeline__RateLimit__Keys__{ServiceNode.KeyName}__WritesPerSecond", "100000"),
            ($"Timeline__RateLimit__Keys__{ServiceNode.KeyName}__Burst", "100000"),
            ($"Timeline__RateLimit__Keys__{LimitedKeyName}__WritesPerSecond", "1"),
            ($"Timeline__RateLimit__Keys__{LimitedKeyName}__Burst", LimitedBurst.ToString()),
            ("Logging__LogLevel__Default", "Warning"));
    }

    public async Task DisposeAsync() => await Node.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class HostileCollection : ICollectionFixture<HostileNode>
{
    public const string Name = "hostile";
}
