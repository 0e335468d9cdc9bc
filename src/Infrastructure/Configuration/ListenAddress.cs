using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Kes.Infrastructure.Configuration;

/// <summary>The server's listen address (docs/config.md §4.1): <c>--addr</c>, else the config's <c>address</c>, else <c>0.0.0.0:7373</c>.</summary>
public static class ListenAddress
{
    public const string Default = "0.0.0.0:7373";

    // Go's built-in service table, used when a port is given by name.
    private static readonly Dictionary<string, int> Services = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ftp"] = 21,
        ["ftps"] = 990,
        ["gopher"] = 70,
        ["http"] = 80,
        ["https"] = 443,
        ["imap2"] = 143,
        ["imap3"] = 220,
        ["imaps"] = 993,
        ["pop3"] = 110,
        ["pop3s"] = 995,
        ["smtp"] = 25,
        ["submissions"] = 465,
        ["ssh"] = 22,
        ["telnet"] = 23,
    };

    /// <summary>The address text in force: the flag if given, else the configured one, else <see cref="Default"/>.</summary>
    public static string Select(string? addrFlag, string? configured) =>
        !string.IsNullOrEmpty(addrFlag) ? addrFlag : !string.IsNullOrEmpty(configured) ? configured : Default;

    /// <summary>Parses <c>[host]:port</c> like Go's <c>net.SplitHostPort</c> and <c>net.ParseIP</c>; an empty host is <see cref="IPAddress.Any"/>.</summary>
    /// <exception cref="ConfigException">With Go's message, e.g. <c>'localhost' is not a valid IP address</c>.</exception>
    public static IPEndPoint Parse(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var (host, port) = SplitHostPort(address);
        var ip = IPAddress.Any;
        if (host.Length != 0 && !TryParseIP(host, out ip))
        {
            throw new ConfigException($"'{host}' is not a valid IP address");
        }

        return new IPEndPoint(ip, ParsePort(port));
    }

    private static (string Host, string Port) SplitHostPort(string address)
    {
        var lastColon = address.LastIndexOf(':');
        if (lastColon < 0)
        {
            throw AddressError(address, "missing port in address");
        }

        string host;
        int hostStart = 0, hostEnd = 0;
        if (address[0] == '[')
        {
            var close = address.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw AddressError(address, "missing ']' in address");
            }

            if (close + 1 == address.Length)
            {
                throw AddressError(address, "missing port in address");
            }

            if (close + 1 != lastColon)
            {
                throw AddressError(address, address[close + 1] == ':' ? "too many colons in address" : "missing port in address");
            }

            host = address[1..close];
            (hostStart, hostEnd) = (1, close + 1);
        }
        else
        {
            host = address[..lastColon];
            if (host.Contains(':', StringComparison.Ordinal))
            {
                throw AddressError(address, "too many colons in address");
            }
        }

        if (address.AsSpan(hostStart).Contains('['))
        {
            throw AddressError(address, "unexpected '[' in address");
        }

        if (address.AsSpan(hostEnd).Contains(']'))
        {
            throw AddressError(address, "unexpected ']' in address");
        }

        return (host, address[(lastColon + 1)..]);
    }

    // Go's ParseIP: dotted-decimal IPv4 without leading zeros, or IPv6 without a zone.
    private static bool TryParseIP(string host, out IPAddress ip)
    {
        ip = IPAddress.None;
        if (host.Contains(':', StringComparison.Ordinal))
        {
            if (host.Contains('%', StringComparison.Ordinal) || !IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            ip = v6.IsIPv4MappedToIPv6 ? v6.MapToIPv4() : v6;
            return true;
        }

        var parts = host.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[4];
        for (var i = 0; i < 4; i++)
        {
            var part = parts[i];
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0') || part.AsSpan().ContainsAnyExceptInRange('0', '9')
                || !byte.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return false;
            }
        }

        ip = new IPAddress(bytes);
        return true;
    }

    // Go's parsePort and LookupPort, as net.Listen reports them.
    private static int ParsePort(string port)
    {
        if (port.Length == 0)
        {
            return 0;
        }

        var digits = port.AsSpan();
        var negative = false;
        if (digits[0] is '+' or '-')
        {
            negative = digits[0] == '-';
            digits = digits[1..];
        }

        if (digits.ContainsAnyExceptInRange('0', '9'))
        {
            return Services.TryGetValue(port, out var known)
                ? known
                : throw new ConfigException($"listen tcp: lookup tcp/{port}: unknown port");
        }

        var trimmed = digits.TrimStart('0');
        var value = trimmed.Length > 6 ? int.MaxValue : trimmed.IsEmpty ? 0 : int.Parse(trimmed, CultureInfo.InvariantCulture);
        if (negative ? value != 0 : value > IPEndPoint.MaxPort)
        {
            throw new ConfigException($"listen tcp: address {port}: invalid port");
        }

        return value;
    }

    private static ConfigException AddressError(string address, string reason) => new($"address {address}: {reason}");
}
