namespace Kes.Infrastructure.Crypto;

/// <summary>Which sealing core the server uses.</summary>
public enum SealerKind
{
    /// <summary>The zero-allocation core on CPU intrinsics (the default).</summary>
    Fast,

    /// <summary>The platform and BouncyCastle core: the fallback and the test oracle.</summary>
    Reference,
}
