using System.Security.Authentication;
using System.Text.Json;
using Kes.Client.Errors;

namespace Kes.Api.Cli.Common;

/// <summary>The failures a server call can end in, which commands report with their own prefix.</summary>
internal static class ClientFailure
{
    /// <summary>An error answer, an unreachable server, a TLS failure, or a reply that does not parse.</summary>
    public static bool Is(Exception e) =>
        e is KesClientException or HttpRequestException or AuthenticationException or JsonException or IOException or FormatException;
}
