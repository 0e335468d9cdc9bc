using System.IO.Pipelines;

namespace Kes.Api.Http.Tls;

/// <summary>A connection's raw output that runs an action once, just before its first bytes (the server's first handshake flight) go out.</summary>
public sealed class FirstWriteHook(PipeWriter inner, Action onFirstWrite) : PipeWriter
{
    private Action? _pending = onFirstWrite;

    /// <inheritdoc />
    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    /// <inheritdoc />
    public override long UnflushedBytes => inner.UnflushedBytes;

    /// <inheritdoc />
    public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

    /// <inheritdoc />
    public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

    /// <inheritdoc />
    public override void Advance(int bytes) => inner.Advance(bytes);

    /// <inheritdoc />
    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        RunOnce();
        return inner.FlushAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        RunOnce();
        return inner.WriteAsync(source, cancellationToken);
    }

    /// <inheritdoc />
    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    /// <inheritdoc />
    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    /// <inheritdoc />
    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    private void RunOnce()
    {
        if (_pending is { } action)
        {
            _pending = null;
            action();
        }
    }
}
