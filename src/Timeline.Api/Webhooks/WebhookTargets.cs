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

        return addresses.FirstOrDefault(a => !IsPublic(a)) is { } refused
            ? $"resolves to {refused}, a loopback, private or otherwise non-public address; such targets are refused unless Timeline:Webhooks:AllowPrivateTargets is true."
            : null;
    }

    /// <summary>Whether the address is on the public internet (not loopback, private, link-local, shared, multicast or reserved).</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)
            || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                     || (bytes[0] & 0xFE) == 0xFC // unique local fc00::/7
                     || address.IsIPv6Teredo);
        }

        var b = address.GetAddressBytes();
        return !(b[0] == 0 // "this" network
                 || b[0] == 10
                 || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) // shared address space (carrier-grade NAT)
                 || (b[0] == 169 && b[1] == 254) // link-local, including cloud metadata endpoints
                 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                 || (b[0] == 192 && b[1] == 0 && b[2] == 0)
                 || (b[0] == 192 && b[1] == 168)
                 || (b[0] == 198 && b[1] is 18 or 19) // benchmarking
                 || b[0] >= 224); // multicast and reserved
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
