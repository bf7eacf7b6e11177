namespace Timeline.Domain;

/// <summary>
/// An API key issued through the API to <paramref name="Name"/>, who then records events under that name. Only the
/// key's SHA-256 (lowercase hex) is stored: the key itself is shown once, to whoever issued it.
/// </summary>
public sealed record KeyCreated(string Name, IReadOnlyList<string> Scopes, string KeyHash, string CreatedBy);

/// <summary>The key issued to <paramref name="Name"/> no longer opens anything; the name is never issued again.</summary>
public sealed record KeyRevoked(string Name, string RevokedBy);

public static class KeyStreams
{
    // ':' never occurs in a saga slug, and the prefix differs from reports' and articles', so the streams cannot collide.
    public const string Prefix = "key:";

    public static string Key(string name) => Prefix + name;
}
