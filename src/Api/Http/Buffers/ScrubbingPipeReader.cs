using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace Kes.Api.Http.Buffers;

/// <summary>The decrypted side of a TLS connection; after every read it runs <see cref="TlsReceiveBufferScrub"/>.</summary>
public sealed class ScrubbingPipeReader(PipeReader inner) : PipeReader
{
    /// <inheritdoc />
    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var read = inner.ReadAsync(cancellationToken);
        if (read.IsCompleted)
        {
            TlsReceiveBufferScrub.Run();
            return read;
        }

        return ScrubAfterAsync(read);
    }

    /// <inheritdoc />
    public override bool TryRead(out ReadResult result) => inner.TryRead(out result);

    /// <inheritdoc />
    public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);

    /// <inheritdoc />
    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => inner.AdvanceTo(consumed, examined);

    /// <inheritdoc />
    public override void CancelPendingRead() => inner.CancelPendingRead();

    /// <inheritdoc />
    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    /// <inheritdoc />
    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<ReadResult> ScrubAfterAsync(ValueTask<ReadResult> read)
    {
        var result = await read.ConfigureAwait(false);
        TlsReceiveBufferScrub.Run();
        return result;
    }
}
