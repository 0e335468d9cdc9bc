namespace Kes.IntegrationTests.Deploy;

/// <summary>The OCI archive of deploy/container/build, built at most once per test run (the AOT publish takes minutes), or the one named by KES_OCI_ARCHIVE.</summary>
public static class OperatorImage
{
    private static readonly Lazy<Task<string>> Archive = new(BuildAsync);

    /// <summary>The archive's path; skips the test when buildah is missing, fails it when the build fails.</summary>
    public static async Task<string> GetAsync()
    {
        var given = Environment.GetEnvironmentVariable("KES_OCI_ARCHIVE");
        if (!string.IsNullOrEmpty(given))
        {
            Assert.True(File.Exists(given), $"KES_OCI_ARCHIVE names {given}, which does not exist");
            return given;
        }

        Skip.If(ExternalCommand.Find("buildah") is null, "buildah is not installed, so the image cannot be built (.ci/install-deploy-tools installs it)");
        return await Archive.Value;
    }

    private static async Task<string> BuildAsync()
    {
        var folder = Directory.CreateTempSubdirectory("kes-image-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        var output = Path.Combine(folder, "kes-oci.tar");
        var result = await ExternalCommand.RunAsync(RepositoryFolder.Path("deploy", "container", "build"), [output], TimeSpan.FromMinutes(30));
        Assert.True(result.Succeeded, "deploy/container/build failed: " + result);
        return output;
    }
}
