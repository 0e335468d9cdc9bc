using System.Text;
using System.Text.Json;
using Kes.Domain.Keys;
using Kes.PropertyTests.Vectors;

namespace Kes.PropertyTests.Crypto;

/// <summary>One entry of <c>vectors[]</c> in kes-crypto-vectors.json.</summary>
public sealed record CryptoVector(
    string Id,
    string Operation,
    KeyAlgorithm Algorithm,
    byte[] Key,
    byte[]? Plaintext,
    byte[] AssociatedData,
    byte[]? Ciphertext,
    string Format,
    bool ShouldFail,
    byte[]? NormalizedRaw,
    byte[]? Iv,
    byte[]? Nonce,
    byte[]? DerivedKey);

/// <summary>Loads kes-crypto-vectors.json once.</summary>
public static class CryptoVectors
{
    private static readonly Lazy<JsonDocument> Document =
        new(() => JsonDocument.Parse(File.ReadAllBytes(VectorFiles.Path("kes-crypto-vectors.json"))));

    public static JsonElement Root => Document.Value.RootElement;

    public static IReadOnlyList<CryptoVector> All { get; } = Load();

    public static CryptoVector Get(string id)
    {
        foreach (var vector in All)
        {
            if (vector.Id == id)
            {
                return vector;
            }
        }

        throw new ArgumentException($"no vector {id}", nameof(id));
    }

    /// <summary>(core, vector id) pairs for the vectors that satisfy <paramref name="filter"/>.</summary>
    public static TheoryData<string, string> PerCore(Func<CryptoVector, bool> filter)
    {
        var data = new TheoryData<string, string>();
        foreach (var sealer in Cores.All)
        {
            foreach (var vector in All)
            {
                if (filter(vector))
                {
                    data.Add(sealer.Name, vector.Id);
                }
            }
        }

        return data;
    }

    private static List<CryptoVector> Load()
    {
        var vectors = new List<CryptoVector>();
        foreach (var v in Root.GetProperty("vectors").EnumerateArray())
        {
            var ciphertext = v.GetProperty("ciphertext").GetString();
            var encoding = v.GetProperty("ciphertext_encoding").GetString();
            vectors.Add(new CryptoVector(
                v.GetProperty("id").GetString()!,
                v.GetProperty("operation").GetString()!,
                KeyAlgorithms.TryParse(v.GetProperty("key_type").GetString(), out var algorithm) ? algorithm : throw new InvalidDataException(),
                Base64(v, "key_b64")!,
                Base64(v, "plaintext_b64"),
                Base64(v, "associated_data_b64") ?? [],
                ciphertext is null ? null : encoding == "json_text" ? Encoding.UTF8.GetBytes(ciphertext) : Convert.FromBase64String(ciphertext),
                v.GetProperty("format").GetString()!,
                v.GetProperty("should_fail").GetBoolean(),
                Base64(v, "normalized_raw_b64"),
                Hex(v, "iv_hex"),
                Hex(v, "nonce_hex"),
                Hex(v, "derived_key_hex")));
        }

        return vectors;
    }

    private static byte[]? Base64(JsonElement vector, string name) =>
        vector.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? Convert.FromBase64String(value.GetString()!) : null;

    private static byte[]? Hex(JsonElement vector, string name) =>
        vector.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? Convert.FromHexString(value.GetString()!) : null;
}
