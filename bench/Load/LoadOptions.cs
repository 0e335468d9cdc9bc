namespace Kes.Bench.Load;

/// <summary>What to drive, how hard, and for how long.</summary>
public sealed record LoadOptions
{
    /// <summary>Base addresses of the servers; connections are spread over them round-robin.</summary>
    public required IReadOnlyList<Uri> Servers { get; init; }

    /// <summary>generate, decrypt, encrypt, hmac or status.</summary>
    public required string Operation { get; init; }

    /// <summary>The key the crypto operations use.</summary>
    public string KeyName { get; init; } = "bench-key";

    /// <summary>Keep-alive connections (one client each), or concurrent streams in one-connection mode.</summary>
    public int Connections { get; init; } = 8;

    /// <summary>Run for this long, unless <see cref="Requests"/> is set.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Stop after this many requests in total.</summary>
    public long? Requests { get; init; }

    /// <summary>MinIO's pattern: one HTTP/2 connection carrying <see cref="Connections"/> concurrent streams.</summary>
    public bool OneConnection { get; init; }

    /// <summary>HTTP/2 instead of HTTP/1.1.</summary>
    public bool Http2 { get; init; }

    /// <summary>The client certificate (PEM) and its key.</summary>
    public required string CertificateFile { get; init; }

    /// <summary>The client certificate's private key (PEM).</summary>
    public required string KeyFile { get; init; }

    /// <summary>Skip the server certificate check (self-signed test servers).</summary>
    public bool Insecure { get; init; } = true;

    /// <summary>Warm-up time before measuring.</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(2);
}
