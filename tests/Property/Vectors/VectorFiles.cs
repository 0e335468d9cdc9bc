namespace Kes.PropertyTests.Vectors;

/// <summary>Locates the shared known-answer vectors, which sit beside the repository checkout in <c>shared/vectors</c>.</summary>
public static class VectorFiles
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The path of <paramref name="parts"/> under <c>shared/vectors</c>.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = System.IO.Path.Combine(directory.FullName, "shared", "vectors");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"no shared/vectors above {AppContext.BaseDirectory}");
    }
}
