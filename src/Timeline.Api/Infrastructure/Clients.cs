using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.HttpOverrides;

namespace Timeline.Api.Infrastructure;

/// <summary>
/// Configuration section <c>Timeline:ForwardedHeaders</c>: the proxies whose <c>X-Forwarded-For</c> is
/// believed. Behind nginx or an ingress the connection comes from the proxy, so without this every reader
/// would share one rate-limit bucket; a header from anyone else is ignored, so a client cannot choose its
/// own address. Loopback is always trusted (ASP.NET Core's default).
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "Timeline:ForwardedHeaders";

    /// <summary>Addresses of trusted proxies, e.g. <c>10.0.0.7</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation, e.g. <c>10.0.0.0/8</c> for a cluster's pod network.</summary>
    public List<string> KnownNetworks { get; set; } = [];
}

/// <summary>Who a request comes from, for the per-client limits: its address, after trusted proxies.</summary>
public static class Clients
{
    public static IServiceCollection AddTimelineForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(ForwardedHeadersSettings.Section).Get<ForwardedHeadersSettings>() ?? new();
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in settings.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in settings.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return services;
    }

    /// <summary>
    /// The client's partition key: its IPv4 address, or the /64 network of an IPv6 address (one subscriber
    /// line holds a whole /64, so its single addresses are free to the client and would each get a bucket).
    /// </summary>
    public static string Of(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "local";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6 || IPAddress.IsLoopback(address))
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
