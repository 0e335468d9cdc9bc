namespace Kes.Domain.Keys;

/// <summary>The spellings of <see cref="KeyAlgorithm"/>: the canonical ones KES emits and the legacy ones it still reads.</summary>
public static class KeyAlgorithms
{
    /// <summary>The canonical name, as the describe API writes it.</summary>
    public static string Name(this KeyAlgorithm algorithm) => algorithm switch
    {
        KeyAlgorithm.Aes256 => "AES256",
        KeyAlgorithm.ChaCha20 => "ChaCha20",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>Parses a canonical or legacy (kes-go ≤ 2023) spelling; matching is exact, as upstream's is.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out KeyAlgorithm algorithm)
    {
        switch (text)
        {
            case "AES256":
            case "AES256-GCM_SHA256":
                algorithm = KeyAlgorithm.Aes256;
                return true;
            case "ChaCha20":
            case "XCHACHA20-POLY1305":
                algorithm = KeyAlgorithm.ChaCha20;
                return true;
            default:
                algorithm = default;
                return false;
        }
    }

    /// <summary>Maps a protobuf type code to an algorithm; unknown codes are rejected.</summary>
    public static bool TryFromCode(uint code, out KeyAlgorithm algorithm)
    {
        algorithm = (KeyAlgorithm)code;
        return code is 1 or 2;
    }
}
