using System.Text.Json;

namespace Kes.IntegrationTests.Cli;

/// <summary>The <c>api_key_identity_vectors</c> of shared/vectors/kes-crypto-vectors.json, found beside the checkout.</summary>
public static class ApiKeyVectors
{
    public static TheoryData<string, string> Valid => Load(valid: true);

    public static TheoryData<string, string> Invalid => Load(valid: false);

    private static TheoryData<string, string> Load(bool valid)
    {
        var data = new TheoryData<string, string>();
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(VectorsDirectory(), "kes-crypto-vectors.json")));
        foreach (var vector in json.RootElement.GetProperty("api_key_identity_vectors").GetProperty("vectors").EnumerateArray())
        {
            if (vector.GetProperty("should_fail").GetBoolean() != valid)
            {
                data.Add(vector.GetProperty("api_key").GetString()!, valid ? vector.GetProperty("identity").GetString()! : string.Empty);
            }
        }

        return data;
    }

    private static string VectorsDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "vectors");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("no shared/vectors above " + AppContext.BaseDirectory);
    }
}
