namespace Kes.Domain.Ports;

/// <summary>A root key outside the keystore (an HSM, a cloud KMS) that seals every stored key value, so that a copy of the keystore alone reveals no key (docs/keystores.md §9).</summary>
/// <remarks>
/// The key name is bound into each sealed value: a value sealed for one name does not open under
/// another. Failures of the seal itself (the token gone, the login lost) and values that are not
/// authentic both throw; neither message carries key material.
/// </remarks>
public interface IKeySeal : IAsyncDisposable
{
    /// <summary>What the banner says about the seal, e.g. <c>PKCS#11 token 'kes', key 'kes-root'</c>.</summary>
    string Description { get; }

    /// <summary>Seals <paramref name="value"/>, the stored text of key <paramref name="name"/>, into the bytes the keystore keeps.</summary>
    Task<byte[]> SealAsync(string name, ReadOnlyMemory<byte> value, CancellationToken cancellationToken);

    /// <summary>Opens what <see cref="SealAsync"/> returned for the same <paramref name="name"/>. The result is key material in a pinned array: the caller zeroes it once parsed.</summary>
    Task<byte[]> OpenAsync(string name, ReadOnlyMemory<byte> sealedValue, CancellationToken cancellationToken);
}
