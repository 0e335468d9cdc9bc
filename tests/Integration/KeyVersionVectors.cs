using System.Text.Json;

namespace Kes.IntegrationTests;

/// <summary>The stored key texts of shared/vectors/kes-keyversion-vectors.json that upstream accepts.</summary>
public static class KeyVersionVectors
{
    private static readonly Lazy<IReadOnlyList<StoredText>> Texts = new(Load);

    /// <summary>Every parse vector that upstream accepts, in file order.</summary>
    public static IReadOnlyList<StoredText> Accepted => Texts.Value;

    private static List<StoredText> Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(VectorsDirectory(), "kes-keyversion-vectors.json")));
        var texts = new List<StoredText>();
        foreach (var vector in document.RootElement.GetProperty("parse_vectors").EnumerateArray())
        {
            if (!vector.GetProperty("should_fail").GetBoolean())
            {
                texts.Add(new StoredText(
                    vector.GetProperty("id").GetString()!,
                    vector.GetProperty("raw_encoding").GetString()!,
                    vector.GetProperty("raw").GetString()!));
            }
        }

        return texts;
    }

    /// <summary>The shared <c>vectors</c> folder beside the checkout.</summary>
    public static string VectorsDirectory()
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

/// <summary>One stored key text: its vector id, its encoding (json_text or base64_protobuf) and the exact text.</summary>
public sealed record StoredText(string Id, string Encoding, string Text)
{
    public override string ToString() => Id;
}
