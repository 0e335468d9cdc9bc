namespace Kes.Api.Hosting;

/// <summary>The TLS state new connections get; SIGHUP and the 15-minute certificate reload swap it.</summary>
public sealed class TlsStateHolder(TlsState initial)
{
    private TlsState _current = initial;

    /// <summary>The state for the next handshake.</summary>
    public TlsState Current => Volatile.Read(ref _current);

    /// <summary>Installs <paramref name="next"/>; connections already open keep theirs.</summary>
    public void Swap(TlsState next) => Volatile.Write(ref _current, next);
}
