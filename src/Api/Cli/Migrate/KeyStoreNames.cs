using Kes.Domain.Ports;

namespace Kes.Api.Cli.Migrate;

/// <summary>Every name in a keystore, however the store pages its listing.</summary>
/// <remarks>
/// Upstream's migrate feeds <c>continue_at</c> back as a prefix and so stops after about 1024 keys
/// (docs/cli.md §4.9). Here each listing asks for an unlimited page; if a store still cuts it, the names
/// from <c>continue_at</c> on are reached by listing <c>continue_at</c> itself and then every prefix
/// that sorts after it, built from the key-name alphabet (docs/api.md §5.1). Names outside that alphabet
/// that a store cuts off (a foreign file in an fs directory) are not valid keys and can be missed.
/// </remarks>
internal static class KeyStoreNames
{
    // The characters of valid key names, in ordinal (and so UTF-8 byte) order.
    private const string Alphabet = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

    public static async Task<List<string>> ListAllAsync(IKeyStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var names = new List<string>();
        await WalkAsync(store, string.Empty, names, cancellationToken).ConfigureAwait(false);
        return names;
    }

    private static async Task WalkAsync(IKeyStore store, string prefix, List<string> names, CancellationToken cancellationToken)
    {
        var page = await store.ListAsync(prefix, int.MaxValue, cancellationToken).ConfigureAwait(false);
        names.AddRange(page.Names);
        var next = page.ContinueAt;
        if (next.Length == 0)
        {
            return;
        }

        if (page.Names.Count == 0 || !next.StartsWith(prefix, StringComparison.Ordinal) || next.Length <= prefix.Length)
        {
            throw new InvalidOperationException($"the keystore's listing does not advance at '{next}'");
        }

        await WalkAsync(store, next, names, cancellationToken).ConfigureAwait(false);
        for (var length = next.Length - 1; length >= prefix.Length; length--)
        {
            var stem = next[..length];
            var start = Alphabet.IndexOf(next[length], StringComparison.Ordinal);
            for (var i = start < 0 ? FirstAbove(next[length]) : start + 1; i < Alphabet.Length; i++)
            {
                await WalkAsync(store, stem + Alphabet[i], names, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static int FirstAbove(char c)
    {
        for (var i = 0; i < Alphabet.Length; i++)
        {
            if (Alphabet[i] > c)
            {
                return i;
            }
        }

        return Alphabet.Length;
    }
}
