using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Kes.Domain.Keys;
using Kes.Domain.Ports;
using Kes.Infrastructure.Crypto.Legacy;

namespace Kes.Infrastructure.Crypto;

/// <summary>The KES sealing format (docs/crypto.md §2–3) around a core that only derives the per-message key and runs the AEAD.</summary>
/// <remarks>
/// Every check on lengths and overlap happens here, at the public edge, so the cores can assume
/// well-formed spans. The per-key state lives in <see cref="SecretMemory"/>; each call holds a
/// reference to it, so disposing a cipher that is still in use frees the state only afterwards.
/// </remarks>
public abstract class KeyCipher : IKeyCipher
{
    private const int IvSize = IKeyCipher.IvSize;
    private const int NonceSize = IKeyCipher.NonceSize;
    private const int TagSize = IKeyCipher.TagSize;
    private const int TrailerSize = IvSize + NonceSize;

    private readonly SecretMemory _state;

    /// <summary>Takes ownership of <paramref name="state"/>, the core's precomputed per-key state.</summary>
    protected KeyCipher(KeyAlgorithm algorithm, SecretMemory state)
    {
        Algorithm = algorithm;
        _state = state;
    }

    /// <inheritdoc />
    public KeyAlgorithm Algorithm { get; }

    /// <inheritdoc />
    public int Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> destination)
    {
        Span<byte> random = stackalloc byte[TrailerSize];
        OsRandom.Fill(random);
        return Seal(random[..IvSize], random[IvSize..], plaintext, associatedData, destination);
    }

    /// <inheritdoc />
    public int Seal(
        ReadOnlySpan<byte> iv,
        ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> plaintext,
        ReadOnlySpan<byte> associatedData,
        Span<byte> destination)
    {
        if (iv.Length != IvSize || nonce.Length != NonceSize)
        {
            ThrowArgument("the iv is 16 bytes and the nonce 12 bytes");
        }

        var length = plaintext.Length + IKeyCipher.Overhead;
        if (destination.Length < length)
        {
            ThrowArgument("the destination is shorter than the plaintext plus 44 bytes");
        }

        destination = destination[..length];
        if (plaintext.Overlaps(destination, out var offset) && offset != 0)
        {
            ThrowArgument("the plaintext and the destination overlap at different offsets");
        }

        var added = false;
        _state.DangerousAddRef(ref added);
        try
        {
            var ciphertext = destination[..plaintext.Length];
            var trailer = destination[plaintext.Length..];
            SealCore(_state, iv, nonce, plaintext, associatedData, ciphertext, trailer[..TagSize]);
            iv.CopyTo(trailer.Slice(TagSize, IvSize));
            nonce.CopyTo(trailer[(TagSize + IvSize)..]);
        }
        finally
        {
            _state.DangerousRelease();
        }

        return length;
    }

    /// <inheritdoc />
    public bool TryOpen(ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> associatedData, Span<byte> destination, out int bytesWritten)
    {
        if (!ciphertext.IsEmpty && LegacyCiphertext.MayBeLegacy(ciphertext[0]))
        {
            return TryOpenLegacy(ciphertext, associatedData, destination, out bytesWritten);
        }

        return TryOpenRaw(ciphertext, associatedData, destination, out bytesWritten);
    }

    /// <summary>Frees the per-key state once no call uses it any more.</summary>
    public void Dispose()
    {
        _state.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Derives the per-message key from <paramref name="iv"/> and seals; <paramref name="ciphertext"/> has the plaintext's length.</summary>
    protected abstract void SealCore(
        SecretMemory state,
        ReadOnlySpan<byte> iv,
        ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> plaintext,
        ReadOnlySpan<byte> associatedData,
        Span<byte> ciphertext,
        Span<byte> tag);

    /// <summary>Derives the per-message key from <paramref name="iv"/> and opens; <paramref name="plaintext"/> has the ciphertext's length. Returns false if the tag does not verify.</summary>
    protected abstract bool OpenCore(
        SecretMemory state,
        ReadOnlySpan<byte> iv,
        ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> ciphertext,
        ReadOnlySpan<byte> tag,
        ReadOnlySpan<byte> associatedData,
        Span<byte> plaintext);

    private bool TryOpenRaw(ReadOnlySpan<byte> raw, ReadOnlySpan<byte> associatedData, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (raw.Length < TrailerSize + TagSize)
        {
            destination.Clear();
            return false;
        }

        var sealedLength = raw.Length - TrailerSize;
        var plaintextLength = sealedLength - TagSize;
        if (destination.Length < plaintextLength)
        {
            ThrowArgument("the destination is shorter than the plaintext");
        }

        var plaintext = destination[..plaintextLength];
        var body = raw[..plaintextLength];
        if (body.Overlaps(plaintext, out var offset) && offset != 0)
        {
            ThrowArgument("the ciphertext and the destination overlap at different offsets");
        }

        bool authentic;
        var added = false;
        _state.DangerousAddRef(ref added);
        try
        {
            authentic = OpenCore(
                _state,
                raw.Slice(sealedLength, IvSize),
                raw[(sealedLength + IvSize)..],
                body,
                raw.Slice(plaintextLength, TagSize),
                associatedData,
                plaintext);
        }
        finally
        {
            _state.DangerousRelease();
        }

        if (!authentic)
        {
            CryptographicOperations.ZeroMemory(destination);
            return false;
        }

        bytesWritten = plaintextLength;
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryOpenLegacy(ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> associatedData, Span<byte> destination, out int bytesWritten)
    {
        var raw = LegacyCiphertext.TryNormalize(ciphertext, out var normalized) ? normalized : ciphertext;
        return TryOpenRaw(raw, associatedData, destination, out bytesWritten);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowArgument(string message) => throw new ArgumentException(message);
}
