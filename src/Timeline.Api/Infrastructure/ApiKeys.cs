using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Timeline.Api.Infrastructure;

/// <summary>
/// API keys from configuration: <c>Auth:ApiKeys:&lt;name&gt; = &lt;key&gt;</c>. The name is who recorded
/// an event. A key may also be configured as <c>sha256:&lt;hex&gt;</c> so the plain key never sits in config.
/// </summary>
public sealed class ApiKeyOptions
{
    public Dictionary<string, string> ApiKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>When true, reads need a key too; by default they are open.</summary>
    public bool RequireKeyForReads { get; set; }
}

public static class ApiKeyAuthentication
{
    public const string Scheme = "ApiKey";
    public const string WritePolicy = "write";
    public const string ReadPolicy = "read";

    public static IServiceCollection AddTimelineAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ApiKeyOptions>(configuration.GetSection("Auth"));
        services.AddAuthentication(Scheme).AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(Scheme, null);

        var requireKeyForReads = configuration.GetValue<bool>("Auth:RequireKeyForReads");
        services.AddAuthorizationBuilder()
            .AddPolicy(WritePolicy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser())
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

internal sealed class ApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptionsMonitor<ApiKeyOptions> keys,
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

        var name = Match(presented, keys.CurrentValue.ApiKeys);
        if (name is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], ApiKeyAuthentication.Scheme);
        return Task.FromResult(AuthenticateResult.Success(
            new AuthenticationTicket(new ClaimsPrincipal(identity), ApiKeyAuthentication.Scheme)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
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

    // Compares digests in constant time, and visits every configured key, so neither the timing
    // of a comparison nor the position of a match tells an attacker anything.
    private static string? Match(string presented, IReadOnlyDictionary<string, string> configured)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        string? match = null;
        foreach (var (name, key) in configured)
        {
            var expected = ExpectedDigest(key);
            if (expected is not null && CryptographicOperations.FixedTimeEquals(digest, expected))
            {
                match ??= name;
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
