using System.Net;
using System.Text;
using System.Text.Json;

namespace Kes.IntegrationTests.Server;

/// <summary>Assertions on the exact bytes and headers of KES replies (docs/api.md §4).</summary>
public static class Reply
{
    /// <summary>The error body of docs/api.md §4.2 for a message whose JSON spelling is <paramref name="jsonMessage"/>.</summary>
    public static string ErrorBody(string jsonMessage) => "{\"message\":\"" + jsonMessage + "\"\n}";

    /// <summary>Asserts a JSON error: the status, <c>application/json</c>, a matching Content-Length and exactly <see cref="ErrorBody"/>.</summary>
    /// <param name="response">The reply.</param>
    /// <param name="status">The expected status.</param>
    /// <param name="jsonMessage">The message as it appears between the quotes, Go-escaped (e.g. <c>\u003c</c> for <c>&lt;</c>).</param>
    public static async Task ErrorAsync(HttpResponseMessage response, int status, string jsonMessage)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(ErrorBody(jsonMessage), Encoding.UTF8.GetString(body));
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/json", ContentType(response));
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
    }

    /// <summary>Asserts an empty 200: <c>Content-Length: 0</c>, no Content-Type, no body.</summary>
    public static async Task EmptyAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
        Assert.Empty(body);
        Assert.Equal(0, response.Content.Headers.ContentLength);
        Assert.Null(ContentType(response));
    }

    /// <summary>Asserts a 200 JSON reply (<c>application/json</c>, one value and a newline) and returns its text.</summary>
    public static async Task<string> JsonTextAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", ContentType(response));
        Assert.Equal(Encoding.UTF8.GetByteCount(text), response.Content.Headers.ContentLength);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', text[..^1]);
        return text;
    }

    /// <summary>Asserts a 200 JSON reply and parses it.</summary>
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await JsonTextAsync(response);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>The Content-Type header exactly as sent, or null.</summary>
    public static string? ContentType(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Content.Headers.TryGetValues("Content-Type", out var values) ? string.Join(", ", values) : null;
    }

    /// <summary>The property names of a JSON object in the order they were written.</summary>
    public static List<string> FieldOrder(JsonElement json)
    {
        var names = new List<string>();
        foreach (var property in json.EnumerateObject())
        {
            names.Add(property.Name);
        }

        return names;
    }
}
