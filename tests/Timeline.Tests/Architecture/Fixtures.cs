// Deliberately bad shapes, for the architecture rules to be seen failing on (ArchitectureTests.cs).

namespace Timeline.Tests.Architecture.Fixtures.Cyclic.Alpha
{
    public sealed class Reader
    {
        /// <summary>The dependency is only inside an async method, which the compiler moves into a type of its own.</summary>
        public async Task<string> ReadAsync()
        {
            await Task.Yield();
            return new Beta.Writer().Name;
        }
    }
}

namespace Timeline.Tests.Architecture.Fixtures.Cyclic.Beta
{
    public sealed class Writer
    {
        public string Name => nameof(Writer);

        public Alpha.Reader? Reader { get; init; }
    }
}

namespace Timeline.Tests.Architecture.Fixtures.JsonDomain
{
    public sealed record WiredClaim([property: System.Text.Json.Serialization.JsonPropertyName("saga")] string Saga);

    public sealed record PlainClaim(string Saga);
}
