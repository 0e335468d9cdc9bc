using System.Security.Cryptography;
using System.Text.Json;

namespace Kes.Infrastructure.KeyStores;

/// <summary>The unescaped UTF-8 bytes of a JSON string token, for backends whose answers carry a stored value as a JSON string; no managed string of it is made.</summary>
internal static class JsonStringBytes
{
    /// <summary>The current string token's bytes, unescaped; any larger scratch copy is zeroed.</summary>
    public static byte[] Copy(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return reader.ValueSpan.ToArray();
        }

        // Unescaping only shrinks the text.
        var unescaped = new byte[reader.ValueSpan.Length];
        var length = reader.CopyString(unescaped);
        if (length == unescaped.Length)
        {
            return unescaped;
        }

        var exact = unescaped.AsSpan(0, length).ToArray();
        CryptographicOperations.ZeroMemory(unescaped);
        return exact;
    }
}
