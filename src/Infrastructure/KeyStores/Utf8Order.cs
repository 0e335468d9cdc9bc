namespace Kes.Infrastructure.KeyStores;

/// <summary>Orders strings as their UTF-8 bytes compare, which is how upstream (Go) sorts key names.</summary>
/// <remarks>
/// UTF-16 ordinal order puts surrogate pairs (U+10000 and up) before U+E000–U+FFFF, while UTF-8 byte
/// order and code-point order put them after. Lifting the surrogates above U+FFFF at the first
/// differing position gives code-point order, and so the byte order, without transcoding.
/// </remarks>
internal sealed class Utf8Order : IComparer<string>
{
    public static readonly Utf8Order Instance = new();

    private Utf8Order()
    {
    }

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return string.CompareOrdinal(x, y);
        }

        var common = x.AsSpan().CommonPrefixLength(y);
        if (common == x.Length || common == y.Length)
        {
            return x.Length.CompareTo(y.Length);
        }

        return CodePointRank(x[common]).CompareTo(CodePointRank(y[common]));
    }

    private static int CodePointRank(char c) => c switch
    {
        >= '\uE000' => c - 0x800,
        >= '\uD800' => c + 0x2000,
        _ => c,
    };
}
