using System.Runtime.CompilerServices;

namespace Kes.Infrastructure.Crypto.Fast;

/// <summary>The public-edge checks the fast AEADs share: the KES sizes (key 32, nonce 12, tag 16), equal input and output lengths, and no partial overlap.</summary>
internal static class AeadArguments
{
    public const int KeySize = 32;
    public const int NonceSize = 12;
    public const int TagSize = 16;

    /// <summary>Throws <see cref="ArgumentException"/> unless the arguments fit; <paramref name="name"/> names the AEAD in the message.</summary>
    public static void Check(string name, ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, int tagLength, ReadOnlySpan<byte> input, ReadOnlySpan<byte> output)
    {
        if (key.Length != KeySize || nonce.Length != NonceSize || tagLength != TagSize)
        {
            ThrowArgument($"{name} takes a 32-byte key, a 12-byte nonce and a 16-byte tag");
        }

        if (input.Length != output.Length)
        {
            ThrowArgument("the output has the input's length");
        }

        if (input.Overlaps(output, out var offset) && offset != 0)
        {
            ThrowArgument("the input and the output overlap at different offsets");
        }
    }

    /// <summary>Throws an <see cref="ArgumentException"/>; kept out of line so the callers stay small.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowArgument(string message) => throw new ArgumentException(message);
}
