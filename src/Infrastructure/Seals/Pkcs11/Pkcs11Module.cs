namespace Kes.Infrastructure.Seals.Pkcs11;

/// <summary>Loads a PKCS#11 module once per process (docs/keystores.md §9.3): initialization and login are per process, so two handles on one module would finalize each other.</summary>
internal static class Pkcs11Module
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, Pkcs11Functions> Loaded = new(StringComparer.Ordinal);

    /// <summary>The module at <paramref name="path"/>, loaded on first use and kept for the life of the process.</summary>
    /// <exception cref="SealException">The file is missing or is not a PKCS#11 module.</exception>
    public static Pkcs11Functions Load(string path)
    {
        // dlopen's own message for a missing absolute path says nothing useful: check the file first.
        if (!File.Exists(path))
        {
            throw new SealException($"seal: PKCS#11 module '{path}' does not exist");
        }

        lock (Gate)
        {
            if (!Loaded.TryGetValue(path, out var module))
            {
                module = Pkcs11Functions.Load(path);
                Loaded[path] = module;
            }

            return module;
        }
    }
}
