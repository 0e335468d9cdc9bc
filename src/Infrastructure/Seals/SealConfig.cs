using Kes.Domain.Ports;
using Kes.Infrastructure.Seals.Pkcs11;

namespace Kes.Infrastructure.Seals;

/// <summary>The <c>seal</c> section, our extension (docs/config.md §4.10, docs/COMPATIBILITY.md D20): the root key that seals every stored key.</summary>
/// <param name="Pkcs11">The PKCS#11 root key.</param>
/// <param name="AllowUnsealed">Whether stored values that are not sealed are still read (a rolling migration); each read says so in the error log.</param>
public sealed record SealConfig(Pkcs11SealConfig Pkcs11, bool AllowUnsealed)
{
    /// <summary>Sessions in the pool: two per core keep the token busy while callers wait on I/O.</summary>
    public static int Sessions { get; } = Math.Clamp(Environment.ProcessorCount * 2, 4, 16);

    /// <summary>Opens the seal: loads the module, finds the token, logs in once, checks the root key.</summary>
    /// <exception cref="SealException">One of these failed; the message names it.</exception>
    public IKeySeal Open() => Pkcs11Seal.Open(Pkcs11, Sessions);
}
