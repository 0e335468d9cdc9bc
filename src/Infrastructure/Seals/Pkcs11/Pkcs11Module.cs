using System.Reflection;
using System.Runtime.InteropServices;
using Net.Pkcs11Interop.LowLevelAPI81;

namespace Kes.Infrastructure.Seals.Pkcs11;

/// <summary>Loads a PKCS#11 module once per process (docs/keystores.md §9.3): a second load of the same module would finalize the first on dispose.</summary>
internal static class Pkcs11Module
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, Pkcs11Library> Loaded = new(StringComparer.Ordinal);

    static Pkcs11Module()
    {
        // Pkcs11Interop binds dlopen from "libdl", which glibc 2.34 and later no longer ships as a .so.
        NativeLibrary.SetDllImportResolver(typeof(Pkcs11Library).Assembly, Resolve);
    }

    /// <summary>The library at <paramref name="path"/>, loaded on first use and kept for the life of the process.</summary>
    /// <exception cref="SealException">The file is missing or is not a PKCS#11 module.</exception>
    public static Pkcs11Library Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new SealException($"seal: PKCS#11 module '{path}' does not exist");
        }

        lock (Gate)
        {
            if (Loaded.TryGetValue(path, out var library))
            {
                return library;
            }

            try
            {
                library = new Pkcs11Library(path);
            }
#pragma warning disable CA1031 // The wrapper throws several types for a file that is no PKCS#11 module; each means the same to an operator.
            catch (Exception e)
#pragma warning restore CA1031
            {
                throw new SealException($"seal: '{path}' is not a PKCS#11 module: {e.Message}", e);
            }

            Loaded[path] = library;
            return library;
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name == "libdl" && OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libc.so.6", out var libc) ? libc : IntPtr.Zero;
}
