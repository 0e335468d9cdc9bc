using System.Text.Json;

namespace Kes.PropertyTests.Tls;

/// <summary>The <c>api_key_identity_vectors</c> of shared/vectors/kes-crypto-vectors.json.</summary>
internal static class ApiKeyVectors
{
    public sealed record Vector(string ApiKey, string? PublicKeyHex, string? Identity, bool ShouldFail);

    public static IReadOnlyList<Vector> All { get; } = Load();

    private static List<Vector> Load()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(FindVectors(), "kes-crypto-vectors.json")));
        var vectors = new List<Vector>();
        foreach (var v in json.RootElement.GetProperty("api_key_identity_vectors").GetProperty("vectors").EnumerateArray())
        {
            vectors.Add(new Vector(
                v.GetProperty("api_key").GetString()!,
                v.TryGetProperty("ed25519_public_key_hex", out var pk) ? pk.GetString() : null,
                v.TryGetProperty("identity", out var id) ? id.GetString() : null,
                v.GetProperty("should_fail").GetBoolean()));
        }

        return vectors;
    }

    private static string FindVectors()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "vectors");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("no shared/vectors above " + AppContext.BaseDirectory);
    }
}
