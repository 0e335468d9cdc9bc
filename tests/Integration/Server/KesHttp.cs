using System.Text;

namespace Kes.IntegrationTests.Server;

/// <summary>Requests whose path goes on the wire exactly as written (no dot-segment removal, no re-escaping), as a KES client or an attacker may send it.</summary>
public static class KesHttp
{
    private static readonly UriCreationOptions Verbatim = new() { DangerousDisablePathAndQueryCanonicalization = true };

    /// <summary>The absolute URI of <paramref name="pathAndQuery"/> on the client's server, kept verbatim.</summary>
    public static Uri Target(this HttpClient client, string pathAndQuery)
    {
        ArgumentNullException.ThrowIfNull(client);
        var authority = client.BaseAddress!.GetLeftPart(UriPartial.Authority);
        return new Uri(authority + pathAndQuery, Verbatim);
    }

    /// <summary>A request in the client's HTTP version (a hand-made message would otherwise default to HTTP/1.1).</summary>
    public static HttpRequestMessage NewRequest(this HttpClient client, string method, string pathAndQuery, HttpContent? content = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new HttpRequestMessage(new HttpMethod(method), client.Target(pathAndQuery))
        {
            Content = content,
            Version = client.DefaultRequestVersion,
            VersionPolicy = client.DefaultVersionPolicy,
        };
    }

    /// <summary>Sends <paramref name="method"/> to <paramref name="pathAndQuery"/> with an optional body.</summary>
    public static async Task<HttpResponseMessage> SendAsync(this HttpClient client, string method, string pathAndQuery, HttpContent? content = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var request = client.NewRequest(method, pathAndQuery, content);
        var response = await client.SendAsync(request);
        Assert.Equal(client.DefaultRequestVersion, response.Version);
        return response;
    }

    /// <summary>Sends <paramref name="method"/> with a JSON text body.</summary>
    public static Task<HttpResponseMessage> SendAsync(this HttpClient client, string method, string pathAndQuery, string json) =>
        client.SendAsync(method, pathAndQuery, Json(json));

    /// <summary>A body of UTF-8 text with a Content-Length.</summary>
    public static ByteArrayContent Json(string json) => new(Encoding.UTF8.GetBytes(json));
}
