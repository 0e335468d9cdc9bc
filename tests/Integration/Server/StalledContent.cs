using System.Net;

namespace Kes.IntegrationTests.Server;

/// <summary>A request body that sends its start, then holds the stream open until the test finishes it.</summary>
/// <param name="start">What is sent at once.</param>
/// <param name="declared">The Content-Length to declare; none when null.</param>
public sealed class StalledContent(byte[] start, long? declared = null) : HttpContent
{
    /// <summary>An HTTP/2 POST of <paramref name="body"/>: a hand-built request is HTTP/1.1 whatever the client's default, and only over HTTP/2 can the answer come while the body is still open.</summary>
    public static HttpRequestMessage Post(string path, HttpContent body) =>
        new(HttpMethod.Post, path) { Content = body, Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };

    private readonly TaskCompletionSource<byte[]> _rest = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Sends <paramref name="rest"/> and ends the body.</summary>
    public void Finish(byte[] rest) => _rest.TrySetResult(rest);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(start);
        await stream.FlushAsync();
        // Bounded, so that a failing test cannot hang the run.
        await stream.WriteAsync(await _rest.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = declared ?? 0;
        return declared is not null;
    }

    protected override void Dispose(bool disposing)
    {
        _rest.TrySetResult([]);
        base.Dispose(disposing);
    }
}
