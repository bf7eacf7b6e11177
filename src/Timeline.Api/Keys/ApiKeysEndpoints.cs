using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Timeline.Api.Writes;

namespace Timeline.Api.Keys;

public sealed record KeyInput(string? Name, string[]? Scopes);

/// <summary>
/// A key as the API shows it: never the key, except once, in the answer to its creation. <see cref="Source"/> is
/// <c>api</c> (issued here) or <c>configuration</c> (<c>Auth:ApiKeys</c>, which the API neither issues nor revokes).
/// </summary>
public sealed record KeyView(
    string Name,
    IReadOnlyList<string> Scopes,
    string Source,
    DateTimeOffset? CreatedAt,
    string? CreatedBy,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt,
    string? RevokedBy,
    string? Key = null);

/// <summary>
/// <c>/api/keys</c>: API keys issued and revoked without a restart, by a key with the admin scope. Each creation and
/// revocation is an event of the key's stream (<c>key_created</c>, <c>key_revoked</c>, recorded by the admin's key);
/// only the SHA-256 of a key is stored. Configured keys keep working beside them.
/// </summary>
public static partial class ApiKeysEndpoints
{
    public const string Prefix = "tl_";
    public const string FromApi = "api";
    public const string FromConfiguration = "configuration";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();

    [WolverinePost("/api/keys", OperationId = "CreateKey")]
    [AdminAccess]
    [EndpointSummary("Issue an API key (admin): the key is shown once, only its SHA-256 is stored")]
    [EndpointDescription("201 with the key (tl_ and 43 base64url characters: 256 random bits), shown only here. name (1-64 letters, digits, '.', '_', '-') is who the key records events as; scopes (read, write, admin) default to write. Every node accepts the key within about a second (Timeline:Keys:RefreshInterval). 409 when the name is a configured key's or was issued before (names are never reused, so recordedBy stays unambiguous).")]
    [ProducesResponseType(typeof(KeyView), StatusCodes.Status201Created)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Create(
        KeyInput body, IDocumentSession session, IOptions<ApiKeyOptions> configured, IssuedKeys issued, ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (body.Name is not { } name || !NamePattern().IsMatch(name))
        {
            errors.Add("name", "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }

        var scopes = (body.Scopes ?? [KeyScopes.Write]).Distinct(StringComparer.Ordinal).ToList();
        if (scopes.Count == 0)
        {
            errors.Add("scopes", $"must name at least one of: {string.Join(", ", KeyScopes.All)}; leave it out for write.");
        }

        foreach (var unknown in scopes.Except(KeyScopes.All, StringComparer.Ordinal))
        {
            errors.Add("scopes", $"'{unknown}' is not a scope; the scopes are {string.Join(", ", KeyScopes.All)}.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (configured.Value.ApiKeys.ContainsKey(body.Name!))
        {
            return Problems.Conflict($"'{body.Name}' is a configured key (Auth:ApiKeys); choose another name.");
        }

        var stream = KeyStreams.Key(body.Name!);
        if (await session.LoadAsync<IssuedKeyView>(stream, ct) is not null)
        {
            return IssuedBefore(body.Name!);
        }

        var key = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        session.LastModifiedBy = user.KeyName();
        session.Events.StartStream(stream, new KeyCreated(body.Name!, scopes, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))), user.KeyName()));
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (SagaWriter.IsConcurrentWrite(e))
        {
            return IssuedBefore(body.Name!);
        }

        await issued.RefreshAsync(ct);
        var view = (await session.LoadAsync<IssuedKeyView>(stream, ct))!;
        return TypedResults.Created("/api/keys", From(view, lastUse: null) with { Key = key });
    }

    [WolverineGet("/api/keys", OperationId = "ListKeys")]
    [AdminAccess]
    [EndpointSummary("Every API key (admin): issued and configured, with creation, last use and revocation; never a key")]
    [EndpointDescription("Ordered by name. lastUsedAt is stored at most once a minute per key (Timeline:Keys:LastUseResolution), so it may be up to that much behind.")]
    [ProducesResponseType(typeof(IReadOnlyList<KeyView>), StatusCodes.Status200OK)]
    public static async Task<IReadOnlyList<KeyView>> List(IQuerySession session, IOptions<ApiKeyOptions> configured, CancellationToken ct)
    {
        var issued = await session.Query<IssuedKeyView>().ToListAsync(ct);
        var uses = (await session.Query<KeyUse>().ToListAsync(ct)).ToDictionary(u => u.Id, u => u.LastUsedAt, StringComparer.Ordinal);
        var fromConfiguration = configured.Value.ApiKeys.Keys.Select(name => new KeyView(
            name, configured.Value.ScopesOf(name).Order(StringComparer.Ordinal).ToList(), FromConfiguration, null, null, LastUse(uses, name), null, null));
        return issued.Select(k => From(k, LastUse(uses, k.Name)))
            .Concat(fromConfiguration)
            .OrderBy(k => k.Name, StringComparer.Ordinal)
            .ToList();
    }

    [WolverineDelete("/api/keys/{name}", OperationId = "RevokeKey")]
    [AdminAccess]
    [EndpointSummary("Revoke an issued API key (admin): every node refuses it (401) within about a second")]
    [EndpointDescription("204. The key's stream gains key_revoked; the name stays taken. 404 when no key of that name was issued; 409 for a configured key (change the configuration instead) or one already revoked.")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Revoke(
        string name, IDocumentSession session, IOptions<ApiKeyOptions> configured, IssuedKeys issued, ClaimsPrincipal user, CancellationToken ct)
    {
        if (configured.Value.ApiKeys.ContainsKey(name))
        {
            return Problems.Conflict($"'{name}' is a configured key (Auth:ApiKeys): remove it from the configuration to revoke it.");
        }

        switch (await session.LoadAsync<IssuedKeyView>(KeyStreams.Key(name), ct))
        {
            case null:
                return Problems.NotFound($"No key named '{name}' was issued.");
            case { RevokedAt: { } at } revoked:
                return Problems.Conflict($"The key '{name}' was already revoked at {at:u} by '{revoked.RevokedBy}'.");
        }

        session.LastModifiedBy = user.KeyName();
        session.Events.Append(KeyStreams.Key(name), new KeyRevoked(name, user.KeyName()));
        await session.SaveChangesAsync(ct);
        await issued.RefreshAsync(ct);
        return TypedResults.NoContent();
    }

    private static KeyView From(IssuedKeyView k, DateTimeOffset? lastUse) =>
        new(k.Name, k.Scopes, FromApi, k.CreatedAt, k.CreatedBy, lastUse, k.RevokedAt, k.RevokedBy);

    private static DateTimeOffset? LastUse(Dictionary<string, DateTimeOffset> uses, string name) =>
        uses.TryGetValue(name, out var at) ? at : null;

    private static IResult IssuedBefore(string name) =>
        Problems.Conflict($"A key named '{name}' was issued before; names are never reused, so every event's recordedBy names one key.");

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
