using Kes.Domain.Ports;

namespace Kes.Infrastructure.KeyStores;

/// <summary>The listing helper the persistent keystores share (docs/keystores.md §2.2): sort, keep a prefix, cut one page.</summary>
/// <remarks>
/// A port of upstream's <c>keystore.List</c> including its quirks, so that pages and <c>continue_at</c>
/// match upstream byte for byte: with a prefix and <c>limit &gt; 0</c> a page can hold limit + 1 names,
/// and a prefixed listing whose 1025 matches are the tail of all names comes back in one page.
/// </remarks>
public static class KeyListPaging
{
    /// <summary>The page size used when the caller asks for the backend's default (a negative or zero limit).</summary>
    public const int DefaultPageSize = 1024;

    /// <summary>Sorts <paramref name="names"/> by their UTF-8 bytes and returns the page of those starting with <paramref name="prefix"/>.</summary>
    public static KeyListPage Page(IEnumerable<string> names, string prefix, int limit)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(prefix);

        string[] sorted = [.. names];
        Array.Sort(sorted, Utf8Order.Instance);

        var start = 0;
        if (prefix.Length != 0)
        {
            start = FirstMatch(sorted, prefix);
            if (start < 0)
            {
                return new KeyListPage([], string.Empty);
            }

            var count = sorted.Length - start;
            for (var i = 0; i < count; i++)
            {
                var name = sorted[start + i];
                if (!name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return Slice(sorted, start, i, string.Empty);
                }

                if ((limit > 0 && i > limit) || i == DefaultPageSize)
                {
                    return i == count - 1 ? Slice(sorted, start, count, string.Empty) : Slice(sorted, start, i, name);
                }
            }
        }

        var remaining = sorted.Length - start;
        if ((limit <= 0 && remaining <= DefaultPageSize) || remaining <= limit)
        {
            return Slice(sorted, start, remaining, string.Empty);
        }

        var take = limit <= 0 ? DefaultPageSize : limit;
        return Slice(sorted, start, take, sorted[start + take]);
    }

    private static int FirstMatch(string[] sorted, string prefix)
    {
        for (var i = 0; i < sorted.Length; i++)
        {
            if (sorted[i].StartsWith(prefix, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static KeyListPage Slice(string[] sorted, int start, int length, string continueAt) =>
        new(sorted.AsSpan(start, length).ToArray(), continueAt);
}
