using Marten.Events.Aggregation;

namespace Timeline.Api.Keys;

/// <summary>
/// A key issued through the API, projected inline from its stream (<see cref="KeyStreams.Key"/>, the document's
/// <see cref="Id"/>): its name, scopes, the SHA-256 of the key, and who issued and revoked it when.
/// </summary>
public sealed record IssuedKeyView
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>The lowercase hex SHA-256 of the key: what a presented key is compared with.</summary>
    public required string KeyHash { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public required string CreatedBy { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    public string? RevokedBy { get; init; }
}

public sealed class IssuedKeyProjection : SingleStreamProjection<IssuedKeyView, string>
{
    public static IssuedKeyView Create(IEvent<KeyCreated> e) => new()
    {
        Id = e.StreamKey!,
        Name = e.Data.Name,
        Scopes = e.Data.Scopes,
        KeyHash = e.Data.KeyHash,
        CreatedAt = e.Timestamp,
        CreatedBy = e.Data.CreatedBy,
    };

    public static IssuedKeyView Apply(IEvent<KeyRevoked> e, IssuedKeyView view) =>
        view.RevokedAt is null ? view with { RevokedAt = e.Timestamp, RevokedBy = e.Data.RevokedBy } : view;
}

/// <summary>When a key (issued or configured, by name) was last seen on a request: stored at most once per <see cref="KeyOptions.LastUseResolution"/>.</summary>
public sealed record KeyUse(string Id, DateTimeOffset LastUsedAt);

/// <summary>Configuration section <c>Timeline:Keys</c>.</summary>
public sealed class KeyOptions
{
    public const string Section = "Timeline:Keys";

    /// <summary>How often each node reads the issued keys again: a revocation takes effect on every node within about this.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A key's last use is stored at most this often, so a request costs no write.</summary>
    public TimeSpan LastUseResolution { get; set; } = TimeSpan.FromMinutes(1);
}
