using System.Net;
using System.Net.Sockets;

namespace Timeline.Api.Webhooks;

/// <summary>
/// The guard against server-side request forgery: a webhook may only reach public http(s) addresses
/// unless configuration allows private ones. Checked when a subscription is made and again on every
/// connection (the address a name resolves to can change).
/// </summary>
public static class WebhookTargets
{
    /// <summary>Why <paramref name="url"/> cannot be a webhook target, or null when it can.</summary>
    public static async Task<string?> RefusalAsync(string? url, bool allowPrivate, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "is required.";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return "must be an absolute http or https URL.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "must not carry credentials; use the secret to authenticate deliveries.";
        }

        if (allowPrivate)
        {
            return null;
        }

        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.IdnHost, out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(uri.IdnHost, ct);
        }
        catch (SocketException)
        {
            return $"names a host that does not resolve ({uri.Host}).";
        }

        return addresses.Select(a => (Address: a, Block: SpecialBlock(a))).FirstOrDefault(a => a.Block is not null) is ({ } refused, { } block)
            ? $"resolves to {refused} ({block}), a loopback, private or otherwise non-public address; such targets are refused unless Timeline:Webhooks:AllowPrivateTargets is true."
            : null;
    }

    /// <summary>The special-purpose blocks (<c>special-purpose-addresses.tsv</c>, from IANA's registries) with their names.</summary>
    public static IReadOnlyList<(System.Net.IPNetwork Network, string Name)> SpecialPurpose { get; } = LoadSpecialPurpose();

    private static readonly System.Net.IPNetwork GlobalUnicast = System.Net.IPNetwork.Parse("2000::/3");
    private static readonly System.Net.IPNetwork Nat64 = System.Net.IPNetwork.Parse("64:ff9b::/96");
    private static readonly System.Net.IPNetwork SixToFour = System.Net.IPNetwork.Parse("2002::/16");

    /// <summary>
    /// Whether the address is on the public internet: in no special-purpose block of IANA's registries
    /// (loopback, private, shared, link-local, documentation, benchmarking, reserved, multicast, ...) and,
    /// for IPv6, in global unicast. An IPv6 address that carries an IPv4 one (IPv4-mapped, NAT64, 6to4) is
    /// judged by the IPv4 address, so <c>[64:ff9b::7f00:1]</c> is loopback.
    /// </summary>
    public static bool IsPublic(IPAddress address) => SpecialBlock(address) is null;

    /// <summary>The special-purpose block <paramref name="address"/> is in, by name, or null for a public address.</summary>
    public static string? SpecialBlock(IPAddress address)
    {
        if (Embedded(address) is { } inner)
        {
            return SpecialBlock(inner) is { } block ? $"{block}, carried in {address}" : null;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6 && !GlobalUnicast.Contains(address))
        {
            return "outside IPv6 global unicast 2000::/3";
        }

        return SpecialPurpose.FirstOrDefault(block => block.Network.Contains(address)) is ({ } network, { } name)
            ? $"{name}, {network}"
            : null;
    }

    /// <summary>The IPv4 address an IPv4-mapped, NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address carries, else null.</summary>
    public static IPAddress? Embedded(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        if (Nat64.Contains(address))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        return SixToFour.Contains(address) ? new IPAddress(bytes.AsSpan(2, 4)) : null;
    }

    private static List<(System.Net.IPNetwork, string)> LoadSpecialPurpose()
    {
        using var stream = typeof(WebhookTargets).Assembly.GetManifestResourceStream("Timeline.Api.Webhooks.special-purpose-addresses.tsv")
            ?? throw new InvalidOperationException("The special-purpose address table is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        var blocks = new List<(System.Net.IPNetwork, string)>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split('\t');
            blocks.Add((System.Net.IPNetwork.Parse(fields[0]), fields[1]));
        }

        return blocks;
    }

    /// <summary>
    /// Connects only to public addresses (unless allowed): the check happens on the address actually
    /// dialled, so a name that re-resolves to an internal address after the subscription was made is refused.
    /// </summary>
    public static SocketsHttpHandler Handler(Func<bool> allowPrivate) => new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = async (context, ct) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
            var allowed = allowPrivate() ? addresses : addresses.Where(IsPublic).ToArray();
            if (allowed.Length == 0)
            {
                throw new HttpRequestException($"Refused to connect to {host}: it resolves only to non-public addresses.");
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
