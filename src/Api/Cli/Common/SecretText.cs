using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Kes.Api.Cli.Common;

/// <summary>Writes secret bytes (a plaintext, a data key) as base64 through a pooled buffer that is zeroed afterwards, instead of through a string.</summary>
internal static class SecretText
{
    public static void WriteBase64(TextWriter writer, ReadOnlySpan<byte> secret)
    {
        var length = (secret.Length + 2) / 3 * 4;
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(length, 1));
        try
        {
            Convert.TryToBase64Chars(secret, chars, out var written);
            writer.Write(chars.AsSpan(0, written));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(chars.AsSpan()));
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
