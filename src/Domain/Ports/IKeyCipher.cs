using Kes.Domain.Keys;

namespace Kes.Domain.Ports;

/// <summary>Seals and opens with one secret key; the output layout is <c>ciphertext ‖ tag(16) ‖ iv(16) ‖ nonce(12)</c>.</summary>
/// <remarks>Thread-safe. Disposing it while another thread uses it is safe: the key state is freed when the last user lets go.</remarks>
public interface IKeyCipher : IDisposable
{
    /// <summary>Bytes a sealed message adds to its plaintext: tag 16, iv 16, nonce 12.</summary>
    const int Overhead = 44;

    /// <summary>Length of the random iv from which the per-message key is derived.</summary>
    const int IvSize = 16;

    /// <summary>Length of the AEAD nonce.</summary>
    const int NonceSize = 12;

    /// <summary>Length of the AEAD tag.</summary>
    const int TagSize = 16;

    /// <summary>The algorithm of the key this cipher was built for.</summary>
    KeyAlgorithm Algorithm { get; }

    /// <summary>Seals with a fresh random iv and nonce into <paramref name="destination"/>, which must hold <c>plaintext.Length + 44</c> bytes; returns the bytes written.</summary>
    int Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> destination);

    /// <summary>Seals with the given iv and nonce, which must be fresh random bytes: for a caller that draws them with other randomness in one call, and for known-answer tests. Reusing a nonce breaks the AEAD.</summary>
    int Seal(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> destination);

    /// <summary>Opens a ciphertext in the current or either legacy format. On any failure returns false and clears <paramref name="destination"/>; never throws for bad input.</summary>
    /// <param name="ciphertext">The ciphertext as the client sent it.</param>
    /// <param name="associatedData">The context given at sealing time.</param>
    /// <param name="destination">Receives the plaintext; <c>ciphertext.Length</c> bytes always suffice.</param>
    /// <param name="bytesWritten">The plaintext length, 0 on failure.</param>
    bool TryOpen(ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> associatedData, Span<byte> destination, out int bytesWritten);
}
