namespace Kes.Credentials.Pem;

/// <summary>Reads files and describes failures the way Go's <c>os</c> package does (<c>open &lt;path&gt;: no such file or directory</c>), since KES prints those texts.</summary>
public static class GoFileError
{
    /// <summary>Go's <c>os.ReadFile</c>.</summary>
    /// <exception cref="TlsLoadException">The file cannot be read; the message is Go's.</exception>
    public static byte[] ReadFile(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TlsLoadException(Describe("open", path, e), e);
        }
    }

    /// <summary>Go's <c>os.Stat</c>: whether <paramref name="path"/> is a directory.</summary>
    /// <exception cref="TlsLoadException">Nothing exists at <paramref name="path"/>.</exception>
    public static bool IsDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            return true;
        }

        return File.Exists(path) ? false : throw new TlsLoadException($"stat {path}: no such file or directory");
    }

    private static string Describe(string operation, string path, Exception error) => error switch
    {
        FileNotFoundException or DirectoryNotFoundException => $"{operation} {path}: no such file or directory",
        UnauthorizedAccessException when Directory.Exists(path) => $"read {path}: is a directory",
        UnauthorizedAccessException => $"{operation} {path}: permission denied",
        _ => $"{operation} {path}: {error.Message}",
    };
}
