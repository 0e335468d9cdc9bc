using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Authentication;
using Org.BouncyCastle.Tls;

namespace Kes.Client.Tls;

/// <summary>A TLS client connection run by BouncyCastle's protocol engine in non-blocking mode over an asynchronous transport stream.</summary>
/// <remarks>
/// BouncyCastle's blocking <c>TlsStream</c> has only synchronous I/O, and the base <see cref="Stream"/>
/// async wrappers serialise reads and writes, which deadlocks an HTTP connection whose idle read is
/// pending when the next request is written. In non-blocking mode the engine only transforms
/// bytes: a lock guards it, and a send lock keeps records on the wire in the order they were made.
/// </remarks>
internal sealed class BouncyTlsStream : Stream
{
    private const int ReceiveSize = 16 * 1024 + 512;

    private readonly Stream _transport;
    private readonly TlsClientProtocol _protocol = new();
    private readonly Lock _engine = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly byte[] _receive = new byte[ReceiveSize];
    private bool _inputClosed;
    private bool _disposed;

    private BouncyTlsStream(Stream transport) => _transport = transport;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Runs the handshake over <paramref name="transport"/>; the stream owns the transport afterwards.</summary>
    /// <exception cref="AuthenticationException">The handshake failed, e.g. the server certificate was rejected.</exception>
    public static async Task<BouncyTlsStream> ConnectAsync(Stream transport, ApiKeyTlsClient client, CancellationToken cancellationToken)
    {
        var stream = new BouncyTlsStream(transport);
        try
        {
            lock (stream._engine)
            {
                stream._protocol.Connect(client);
            }

            await stream.SendOutputAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                lock (stream._engine)
                {
                    if (!stream._protocol.IsHandshaking)
                    {
                        break;
                    }
                }

                var read = await transport.ReadAsync(stream._receive, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new AuthenticationException("tls: the server closed the connection during the handshake");
                }

                lock (stream._engine)
                {
                    stream._protocol.OfferInput(stream._receive, 0, read);
                }

                await stream.SendOutputAsync(cancellationToken).ConfigureAwait(false);
            }

            if (stream._protocol.IsClosed)
            {
                throw new AuthenticationException("tls: handshake failed");
            }

            return stream;
        }
        catch (TlsFatalAlert e) when (client.RejectionReason is not null)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw new AuthenticationException("tls: failed to verify certificate: " + client.RejectionReason, e);
        }
        catch (TlsException e)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw new AuthenticationException("tls: " + e.Message, e);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            lock (_engine)
            {
                var available = _protocol.GetAvailableInputBytes();
                if (available > 0)
                {
                    return ReadInput(buffer.Span, available);
                }

                if (_inputClosed || _protocol.IsClosed)
                {
                    return 0;
                }
            }

            var read = await _transport.ReadAsync(_receive, cancellationToken).ConfigureAwait(false);
            bool answer;
            lock (_engine)
            {
                if (read == 0)
                {
                    _inputClosed = true;
                    CloseInput();
                    continue;
                }

                _protocol.OfferInput(_receive, 0, read);
                answer = _protocol.GetAvailableOutputBytes() > 0;
            }

            // Records such as a key update or a close_notify answer need sending; checking first keeps
            // the reader off the send lock, which a writer stalled on a full socket may hold.
            if (answer)
            {
                await SendOutputAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty)
        {
            return;
        }

        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            byte[] output;
            int length;
            lock (_engine)
            {
                if (MemoryMarshal.TryGetArray(buffer, out var segment))
                {
                    _protocol.WriteApplicationData(segment.Array!, segment.Offset, segment.Count);
                }
                else
                {
                    var copy = buffer.ToArray();
                    _protocol.WriteApplicationData(copy, 0, copy.Length);
                }

                (output, length) = TakeOutput();
            }

            await SendAsync(output, length, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => _transport.FlushAsync(cancellationToken);

    public override void Flush() => _transport.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CloseAsync().GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }

    // Sends close_notify as a courtesy, then drops the transport.
    private async Task CloseAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            byte[] output;
            int length;
            lock (_engine)
            {
                if (!_protocol.IsClosed)
                {
                    _protocol.Close();
                }

                (output, length) = TakeOutput();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await SendAsync(output, length, timeout.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The connection goes away whether or not the close_notify made it out.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        await _transport.DisposeAsync().ConfigureAwait(false);
        _sendLock.Dispose();
    }

    private int ReadInput(Span<byte> destination, int available)
    {
        var count = Math.Min(destination.Length, available);
        var rented = ArrayPool<byte>.Shared.Rent(count);
        try
        {
            var read = _protocol.ReadInput(rented, 0, count);
            rented.AsSpan(0, read).CopyTo(destination);
            return read;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented, clearArray: true);
        }
    }

    // Kestrel may close without close_notify (docs/COMPATIBILITY.md trap 2): that is an end of stream, not a failure.
    private void CloseInput()
    {
        try
        {
            _protocol.CloseInput();
        }
        catch (TlsNoCloseNotifyException)
        {
        }
    }

    private (byte[] Output, int Length) TakeOutput()
    {
        var available = _protocol.GetAvailableOutputBytes();
        if (available == 0)
        {
            return ([], 0);
        }

        var output = ArrayPool<byte>.Shared.Rent(available);
        return (output, _protocol.ReadOutput(output, 0, available));
    }

    private async Task SendOutputAsync(CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            byte[] output;
            int length;
            lock (_engine)
            {
                (output, length) = TakeOutput();
            }

            await SendAsync(output, length, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task SendAsync(byte[] output, int length, CancellationToken cancellationToken)
    {
        if (length == 0)
        {
            return;
        }

        try
        {
            await _transport.WriteAsync(output.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(output);
        }
    }
}
