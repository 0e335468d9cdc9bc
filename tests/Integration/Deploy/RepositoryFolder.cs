namespace Kes.IntegrationTests.Deploy;

/// <summary>The checkout the tests run from: the folder above the test assembly that holds <c>Kes.sln</c>.</summary>
public static class RepositoryFolder
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The path of <paramref name="parts"/> under the repository root.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Kes.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Kes.sln above {AppContext.BaseDirectory}");
    }
}
