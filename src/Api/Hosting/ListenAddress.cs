using System.Globalization;
using System.Net;

namespace Kes.Api.Hosting;

/// <summary>Parses <c>[ip]:port</c> as upstream does: the host must be empty or a literal IP (config.md §4.1).</summary>
public static class ListenAddress
{
    /// <summary>The endpoint; an empty host means every interface.</summary>
    /// <exception cref="FormatException">The host is a name, or the port is missing or out of range.</exception>
    public static IPEndPoint Parse(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var colon = address.LastIndexOf(':');
        if (colon < 0)
        {
            throw new FormatException($"address {address}: missing port in address");
        }

        var host = address[..colon].Trim('[', ']');
        var portText = address[(colon + 1)..];
        if (!ushort.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            throw new FormatException($"address {address}: invalid port");
        }

        if (host.Length == 0)
        {
            return new IPEndPoint(IPAddress.Any, port);
        }

        return IPAddress.TryParse(host, out var ip)
            ? new IPEndPoint(ip, port)
            : throw new FormatException($"'{host}' is not a valid IP address");
    }
}
