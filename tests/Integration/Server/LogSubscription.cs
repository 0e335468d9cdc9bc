using System.Net;

namespace Kes.IntegrationTests.Server;

/// <summary>A subscription to <c>/v1/log/error</c> or <c>/v1/log/audit</c>: the response headers, then ndjson lines as they arrive.</summary>
public sealed class LogSubscription : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private readonly List<string> _lines = [];

    private LogSubscription(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    /// <summary>The response, whose headers have arrived.</summary>
    public HttpResponseMessage Response => _response;

    /// <summary>Every line read so far.</summary>
    public IReadOnlyList<string> Lines => _lines;

    /// <summary>Subscribes and returns once the headers are in; fails if they do not arrive before any event happens.</summary>
    public static async Task<LogSubscription> OpenAsync(HttpClient client, string path)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var timeout = new CancellationTokenSource(Patience);
        var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        return new LogSubscription(response, reader);
    }

    /// <summary>Reads lines until one satisfies <paramref name="match"/>; fails after a few seconds.</summary>
    public async Task<string> NextMatchingAsync(Func<string, bool> match)
    {
        ArgumentNullException.ThrowIfNull(match);
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var line = await _reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException("the log stream ended");
            _lines.Add(line);
            if (match(line))
            {
                return line;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
