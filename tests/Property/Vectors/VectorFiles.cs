namespace Kes.PropertyTests.Vectors;

/// <summary>Finds the shared known-answer vectors, which sit in <c>shared/vectors</c> beside the repository checkout.</summary>
public static class VectorFiles
{
    /// <summary>The path of <paramref name="parts"/> under the first <c>shared/vectors</c> found walking up from the test binaries.</summary>
    public static string Path(params string[] parts)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var vectors = System.IO.Path.Combine(directory.FullName, "shared", "vectors");
            if (Directory.Exists(vectors))
            {
                return System.IO.Path.Combine([vectors, .. parts]);
            }
        }

        throw new DirectoryNotFoundException($"no shared/vectors above {AppContext.BaseDirectory}");
    }
}
