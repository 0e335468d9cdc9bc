namespace Kes.Domain.Policies;

/// <summary>Orders strings by their UTF-8 bytes, i.e. by code point, which is how Go sorts map keys in JSON.</summary>
/// <remarks>
/// Ordinal UTF-16 order differs only where a surrogate pair meets a BMP character at or above U+E000;
/// moving the surrogates above that range restores code-point order without decoding.
/// </remarks>
internal sealed class Utf8OrderComparer : IComparer<string>
{
    public static readonly Utf8OrderComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            if (x[i] != y[i])
            {
                return Rank(x[i]) - Rank(y[i]);
            }
        }

        return x.Length - y.Length;
    }

    private static int Rank(char c) => c switch
    {
        >= '\uD800' and <= '\uDFFF' => c + 0x2000,
        >= '\uE000' => c - 0x800,
        _ => c,
    };
}
