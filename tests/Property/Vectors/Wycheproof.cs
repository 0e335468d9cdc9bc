using System.Text.Json;

namespace Kes.PropertyTests.Vectors;

/// <summary>One Wycheproof vector file (C2SP testvectors_v1), reduced to the fields the tests read.</summary>
public sealed record WycheproofFile(string Algorithm, IReadOnlyList<WycheproofGroup> TestGroups);

/// <summary>A group of Wycheproof tests sharing key, iv and tag sizes in bits (hmac groups have no iv size).</summary>
public sealed record WycheproofGroup(int KeySize, int IvSize, int TagSize, IReadOnlyList<WycheproofTest> Tests);

/// <summary>One Wycheproof test; byte fields are hex strings, absent where the algorithm has no such field.</summary>
public sealed record WycheproofTest(
    int TcId,
    string? Key,
    string? Iv,
    string? Aad,
    string? Msg,
    string? Ct,
    string? Tag,
    string Result,
    string Comment);

/// <summary>Loads Wycheproof vector files from <c>shared/vectors/wycheproof</c>.</summary>
public static class Wycheproof
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

    /// <summary>Reads and parses <paramref name="fileName"/>, e.g. <c>aes_gcm_test.json</c>.</summary>
    public static WycheproofFile Load(string fileName)
    {
        using var stream = File.OpenRead(VectorFiles.Path("wycheproof", fileName));
        return JsonSerializer.Deserialize<WycheproofFile>(stream, Options)
            ?? throw new InvalidDataException($"{fileName} holds no JSON object");
    }
}
