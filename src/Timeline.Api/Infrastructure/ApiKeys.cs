using System.Security.Claims;
using Claim = System.Security.Claims.Claim;
using ClaimTypes = System.Security.Claims.ClaimTypes;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace Timeline.Api.Infrastructure;

/// <summary>
/// API keys from configuration: <c>Auth:ApiKeys:&lt;name&gt; = &lt;key&gt;</c>. The name is who recorded
/// an event. A key may also be configured as <c>sha256:&lt;hex&gt;</c> so the plain key never sits in config.
/// What a key may do is <c>Auth:Scopes:&lt;name&gt;</c> (see <see cref="KeyScopes"/>), <c>write</c> by default.
/// </summary>
public sealed class ApiKeyOptions
{
    /// <summary>Outside Development a plain key shorter than this refuses the start: a short key can be guessed.</summary>
    public const int MinKeyLength = 32;

    public Dictionary<string, string> ApiKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Each key's scopes by key name, space- or comma-separated: <c>read</c>, <c>write</c>, <c>admin</c>.</summary>
    public Dictionary<string, string> Scopes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>When true, reads need a key too (and so do the OpenAPI document, Scalar and the detail of readiness); by default they are open.</summary>
    public bool RequireKeyForReads { get; set; }

    /// <summary>
    /// Wrong keys a client address may present before it is answered 429: a bucket of <c>Burst</c> that
    /// refills <c>PerSecond</c>. A client that knows its key never meets it; one guessing keys is slowed to a crawl.
    /// </summary>
    public ReadAllowance FailedAttempts { get; set; } = new() { PerSecond = 1, Burst = 60 };

    /// <summary>The scopes of key <paramref name="name"/>: those configured, else <c>write</c>.</summary>
    public IReadOnlySet<string> ScopesOf(string name) =>
        Scopes.TryGetValue(name, out var configured)
            ? configured.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal) { KeyScopes.Write };

    /// <summary>Why these keys must not serve outside Development, one line each; empty when they may.</summary>
    public IReadOnlyList<string> Weaknesses()
    {
        var problems = new List<string>();
        foreach (var (name, key) in ApiKeys.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            if (!string.IsNullOrEmpty(key) && !key.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) && key.Length < MinKeyLength)
            {
                problems.Add($"The API key '{name}' (Auth:ApiKeys:{name}) has {key.Length} characters; outside Development a key needs at least {MinKeyLength} (e.g. `openssl rand -base64 32`), or configure it as sha256:<hex of a strong key>.");
            }
        }

        foreach (var (name, scopes) in Scopes.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            foreach (var unknown in ScopesOf(name).Except(KeyScopes.All))
            {
                problems.Add($"Auth:Scopes:{name} names the scope '{unknown}'; the scopes are {string.Join(", ", KeyScopes.All)}.");
            }
        }

        return problems;
    }
}

/// <summary>
/// Keys that do not come from configuration (issued through the API: see <c>Keys/</c>) as this node last read them,
/// and where each key's use is noted.
/// </summary>
public interface IIssuedKeys
{
    IReadOnlyList<IssuedKey> Current { get; }

    /// <summary>A request was let in with key <paramref name="name"/> (issued or configured): noted in memory, stored now and then.</summary>
    void Used(string name);
}

/// <param name="Digest">The SHA-256 of the key.</param>
public sealed record IssuedKey(string Name, byte[] Digest, IReadOnlySet<string> Scopes);

/// <summary>
/// What a key may do. <c>read</c>: the reads, when they need a key. <c>write</c>: that, and record reports,
/// open sagas, retract its own reports, follow its own webhooks. <c>admin</c>: that, and change an open
/// saga's details (which changes every past answer about it), retract any report, see and manage every
/// key's subscriptions.
/// </summary>
public static class KeyScopes
{
    public const string ClaimType = "scope";
    public const string Read = "read";
    public const string Write = "write";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Read, Write, Admin];

    /// <summary>Whether the caller's key has the admin scope.</summary>
    public static bool IsAdmin(this ClaimsPrincipal user) => user.HasClaim(ClaimType, Admin);

    /// <summary>Whether the caller may act on what key <paramref name="owner"/> made: its own, or any as admin.</summary>
    public static bool MayManage(this ClaimsPrincipal user, string? owner) =>
        user.IsAdmin() || string.Equals(user.Identity?.Name, owner, StringComparison.Ordinal);

    /// <summary>403 problem details naming what the key lacks; nothing was stored.</summary>
    public static IResult Forbidden(string detail) =>
        TypedResults.Problem(title: "Not allowed for this key", detail: detail, statusCode: StatusCodes.Status403Forbidden);
}

public static class ApiKeyAuthentication
{
    public const string Scheme = "ApiKey";
    public const string WritePolicy = "write";
    public const string ReadPolicy = "read";
    public const string AdminPolicy = "admin";

    public static IServiceCollection AddTimelineAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ApiKeyOptions>(configuration.GetSection("Auth"));
        services.AddSingleton<FailedKeyAttempts>();
        services.AddAuthentication(Scheme).AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(Scheme, null);

        var requireKeyForReads = configuration.GetValue<bool>("Auth:RequireKeyForReads");
        services.AddAuthorizationBuilder()
            .AddPolicy(WritePolicy, p => p.AddAuthenticationSchemes(Scheme).RequireClaim(KeyScopes.ClaimType, KeyScopes.Write, KeyScopes.Admin))
            .AddPolicy(AdminPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireClaim(KeyScopes.ClaimType, KeyScopes.Admin))
            .AddPolicy(ReadPolicy, p =>
            {
                p.AddAuthenticationSchemes(Scheme);
                if (requireKeyForReads)
                {
                    p.RequireAuthenticatedUser();
                }
                else
                {
                    p.RequireAssertion(_ => true);
                }
            });
        return services;
    }

    /// <summary>The key name of the caller: recorded on every event as <c>recordedBy</c>.</summary>
    public static string KeyName(this ClaimsPrincipal user) =>
        user.Identity?.Name ?? throw new InvalidOperationException("The endpoint requires an authenticated API key.");
}

/// <summary>
/// Wrong keys per client address, in a token bucket: each wrong key takes a token, and a client with none
/// left is refused before its key is even compared. Per address rather than per key, because a guesser
/// has no key of its own.
/// </summary>
public sealed class FailedKeyAttempts(IOptions<ApiKeyOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _buckets = PartitionedRateLimiter.Create<string, string>(client =>
        RateLimitPartition.GetTokenBucketLimiter(client, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, options.Value.FailedAttempts.Burst),
            TokensPerPeriod = Math.Max(1, options.Value.FailedAttempts.PerSecond),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>
    /// Whether <paramref name="client"/> has a whole wrong key left to spend; when not, how long until it has.
    /// (Asking the bucket for zero tokens is no test: it refills continuously, and a fraction of a token passes it.)
    /// </summary>
    public bool MayTry(string client, out TimeSpan wait)
    {
        wait = TimeSpan.FromSeconds(1.0 / Math.Max(1, options.Value.FailedAttempts.PerSecond));
        return (_buckets.GetStatistics(client)?.CurrentAvailablePermits ?? 1) >= 1;
    }

    public void Failed(string client) => _buckets.AttemptAcquire(client).Dispose();

    public void Dispose() => _buckets.Dispose();
}

internal sealed class ApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptionsMonitor<ApiKeyOptions> keys,
    IIssuedKeys issued,
    FailedKeyAttempts failures,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey(Request);
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var client = Clients.Of(Context);
        if (!failures.MayTry(client, out var wait))
        {
            Context.Items[ThrottledFor] = wait;
            return Task.FromResult(AuthenticateResult.Fail("Too many wrong keys from this client."));
        }

        if (Match(presented, keys.CurrentValue, issued.Current) is not (var name, var scopes))
        {
            failures.Failed(client);
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }

        issued.Used(name);
        var claims = scopes.Select(scope => new Claim(KeyScopes.ClaimType, scope)).Prepend(new Claim(ClaimTypes.Name, name));
        var identity = new ClaimsIdentity(claims, ApiKeyAuthentication.Scheme);
        return Task.FromResult(AuthenticateResult.Success(
            new AuthenticationTicket(new ClaimsPrincipal(identity), ApiKeyAuthentication.Scheme)));
    }

    private const string ThrottledFor = "Timeline.FailedKeyAttempts.Wait";

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[ThrottledFor] is TimeSpan wait)
        {
            await RateLimits.TooManyAsync(
                Context, wait, "Too many wrong keys",
                "This client has presented too many wrong API keys; the key was not checked and nothing was stored.");
            return;
        }

        TimelineInstruments.Refused("unauthorized");
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "API key required",
                Detail = "Send a valid key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.",
            },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        TimelineInstruments.Refused("forbidden");
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Not allowed for this key",
                Detail = $"The key '{Context.User.Identity?.Name}' lacks the scope this needs ({string.Join(", ", KeyScopes.All)}: see Auth:Scopes); nothing was stored.",
            },
        });
    }

    private static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue("X-Api-Key", out var header) && !string.IsNullOrEmpty(header.ToString()))
        {
            return header.ToString();
        }

        var authorization = request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        return authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase)
            ? authorization[bearer.Length..].Trim()
            : null;
    }

    // Compares digests in constant time, and visits every configured and issued key, so neither the timing
    // of a comparison nor the position of a match tells an attacker anything.
    private static (string Name, IReadOnlySet<string> Scopes)? Match(string presented, ApiKeyOptions configured, IReadOnlyList<IssuedKey> issued)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        (string, IReadOnlySet<string>)? match = null;
        foreach (var (name, key) in configured.ApiKeys)
        {
            var expected = ExpectedDigest(key);
            if (expected is not null && CryptographicOperations.FixedTimeEquals(digest, expected))
            {
                match ??= (name, configured.ScopesOf(name));
            }
        }

        foreach (var key in issued)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, key.Digest))
            {
                match ??= (key.Name, key.Scopes);
            }
        }

        return match;
    }

    private static byte[]? ExpectedDigest(string key)
    {
        const string prefix = "sha256:";
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        if (key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return Convert.FromHexString(key[prefix.Length..]);
            }
            catch (FormatException)
            {
                return null;
            }
        }

        return SHA256.HashData(Encoding.UTF8.GetBytes(key));
    }
}

/// <summary>Reads need no key unless <c>Auth:RequireKeyForReads</c>; this keeps the attribute short.</summary>
public sealed class ReadAccessAttribute() : AuthorizeAttribute(ApiKeyAuthentication.ReadPolicy);

public sealed class WriteAccessAttribute() : AuthorizeAttribute(ApiKeyAuthentication.WritePolicy);

public sealed class AdminAccessAttribute() : AuthorizeAttribute(ApiKeyAuthentication.AdminPolicy);
