using Kes.Domain.Logs;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Kes.Api.Hosting;
using Kes.Application.Status;

namespace Kes.Api.Cli.Server;

/// <summary>The startup banner of docs/cli.md §4.1: label/value lines, then <c>=&gt; Server is up and running...</c>.</summary>
public static class Banner
{
    private const int LabelWidth = 34;

    /// <summary>Writes the banner for <paramref name="settings"/> listening on <paramref name="bound"/>.</summary>
    public static void Write(TextWriter output, ServerSettings settings, IPEndPoint bound, bool mlocked)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(bound);
        var build = BuildInfo.FromAssembly(typeof(Banner).Assembly);
        Line(output, "Version", $"{build.Version}    commit={build.Commit}");
        Line(output, "Runtime", $"{RuntimeInformation.FrameworkDescription} {GoPlatform.OS}/{GoPlatform.Arch}");
        output.WriteLine();
        Line(output, "KMS", settings.KeyStoreDescription);
        var first = true;
        foreach (var address in ListenAddresses(bound))
        {
            Line(output, first ? "API" : string.Empty, $"· https://{FormatHost(address)}:{bound.Port}");
            first = false;
        }

        foreach (var (label, value) in settings.ExtraBannerLines)
        {
            Line(output, label, value);
        }

        Line(output, "Docs", "https://min.io/docs/kes");
        Line(output, "Admin", IsHex(settings.Admin.Value) ? settings.Admin.Value : "<disabled>");
        Line(output, "Logs", $"error=stderr level={SlogLevels.Format(settings.ErrorLogLevel)}");
        if (settings.AuditLogLevel <= SlogLevels.Info)
        {
            Line(output, string.Empty, $"audit=stdout level={SlogLevels.Format(settings.AuditLogLevel)}");
        }

        if (mlocked)
        {
            Line(output, "MLock", "enabled");
        }

        output.WriteLine();
        output.WriteLine("=> Server is up and running...");
        output.Flush();
    }

    private static void Line(TextWriter output, string label, string value) => output.WriteLine(label.PadRight(LabelWidth) + value);

    private static string FormatHost(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();

    private static bool IsHex(string value)
    {
        if (value.Length == 0)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>One line per local IPv4 interface address when listening on all interfaces (link-local excluded), else the bound address.</summary>
    private static List<IPAddress> ListenAddresses(IPEndPoint bound)
    {
        if (!bound.Address.Equals(IPAddress.Any) && !bound.Address.Equals(IPAddress.IPv6Any))
        {
            return [bound.Address];
        }

        var addresses = new List<IPAddress>();
        foreach (var network in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (network.OperationalStatus != OperationalStatus.Up)
            {
                continue;
            }

            foreach (var unicast in network.GetIPProperties().UnicastAddresses)
            {
                var address = unicast.Address;
                if (address.AddressFamily == AddressFamily.InterNetwork && !IsLinkLocal(address))
                {
                    addresses.Add(address);
                }
            }
        }

        return addresses.Count > 0 ? addresses : [IPAddress.Loopback];
    }

    private static bool IsLinkLocal(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return bytes[0] == 169 && bytes[1] == 254;
    }
}
