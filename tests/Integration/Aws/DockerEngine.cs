using System.Net.Sockets;

namespace Kes.IntegrationTests.Aws;

/// <summary>Finds out quickly whether a Docker engine answers, so that container tests skip instead of hanging.</summary>
public static class DockerEngine
{
    private const string DefaultSocket = "/var/run/docker.sock";
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Null when an engine answered <c>/_ping</c> within 2 s, else why not.</summary>
    public static async Task<string?> UnavailableReasonAsync()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (string.IsNullOrEmpty(host))
        {
            return File.Exists(DefaultSocket)
                ? await PingAsync(new Uri("unix://" + DefaultSocket), DefaultSocket)
                : $"no Docker engine: DOCKER_HOST is unset and {DefaultSocket} does not exist";
        }

        if (!Uri.TryCreate(host, UriKind.Absolute, out var uri) || uri.Scheme is not ("unix" or "tcp"))
        {
            return $"no Docker engine: DOCKER_HOST '{host}' is neither unix:// nor tcp://";
        }

        return await PingAsync(uri, uri.Scheme == "unix" ? uri.AbsolutePath : null);
    }

    private static async Task<string?> PingAsync(Uri engine, string? socketPath)
    {
        var handler = new SocketsHttpHandler();
        if (socketPath is not null)
        {
            handler.ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        using var client = new HttpClient(handler) { Timeout = PingTimeout };
        var url = socketPath is null ? new Uri($"http://{engine.Host}:{engine.Port}/_ping") : new Uri("http://docker/_ping");
        try
        {
            using var response = await client.GetAsync(url);
            return response.IsSuccessStatusCode ? null : $"no Docker engine: {engine} answered /_ping with {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or SocketException)
        {
            return $"no Docker engine: {engine} did not answer /_ping within {PingTimeout.TotalSeconds:F0} s ({e.Message})";
        }
    }
}
