using System.Text;
using System.Text.Json;
using Kes.Domain.Identities;
using Kes.Domain.Keys;
using Kes.Infrastructure.Crypto.Codec;
using Kes.PropertyTests.Vectors;

namespace Kes.PropertyTests.Crypto;

/// <summary>The parse and encode vectors of kes-keyversion-vectors.json.</summary>
public class KeyVersionVectorTests
{
    private static readonly Lazy<JsonDocument> Document =
        new(() => JsonDocument.Parse(File.ReadAllBytes(VectorFiles.Path("kes-keyversion-vectors.json"))));

    public static TheoryData<string> ParseVectors => Ids("parse_vectors");

    public static TheoryData<string> EncodeVectors => Ids("encode_vectors");

    [Fact]
    public void The_vector_file_holds_6_valid_and_4_invalid_parse_vectors_and_3_encode_vectors()
    {
        var parse = Vectors("parse_vectors").ToList();
        Assert.Equal(6, parse.Count(v => !v.GetProperty("should_fail").GetBoolean()));
        Assert.Equal(4, parse.Count(v => v.GetProperty("should_fail").GetBoolean()));
        Assert.Equal(3, Vectors("encode_vectors").Count());
    }

    [Theory]
    [MemberData(nameof(ParseVectors))]
    public void Parse_vector_decodes_to_its_expected_fields_or_is_rejected(string id)
    {
        var vector = Find("parse_vectors", id);
        var raw = Encoding.UTF8.GetBytes(vector.GetProperty("raw").GetString()!);

        if (vector.GetProperty("should_fail").GetBoolean())
        {
            Assert.Throws<KeyFormatException>(() => KeyVersionCodec.Decode(raw));
            return;
        }

        var expected = vector.GetProperty("expected");
        using var version = KeyVersionCodec.Decode(raw);
        Assert.Equal(expected.GetProperty("key_type").GetString(), version.Key.Algorithm.Name());
        Assert.Equal(expected.GetProperty("key_b64").GetString(), Convert.ToBase64String(KeyBytes(version.Key)));
        var hmac = expected.GetProperty("hmac_key_b64");
        Assert.Equal(hmac.ValueKind == JsonValueKind.Null ? null : hmac.GetString(), version.HmacKey is null ? null : Convert.ToBase64String(KeyBytes(version.HmacKey)));
        Assert.Equal(expected.GetProperty("created_at").GetString(), version.CreatedAt.ToRfc3339());
        Assert.Equal(expected.GetProperty("created_by").GetString(), version.CreatedBy.Value);
    }

    [Theory]
    [MemberData(nameof(EncodeVectors))]
    public void Encode_vector_produces_the_exact_stored_value_or_fails(string id)
    {
        var vector = Find("encode_vectors", id);
        var input = vector.GetProperty("input");
        Assert.True(KesTimestamp.TryParseRfc3339(input.GetProperty("created_at").GetString()!, out var createdAt));
        using var key = Optional(input, "key_b64") is { } keyBytes
            ? SecretKey.FromBytes(Algorithm(input.GetProperty("key_type").GetString()!), keyBytes)
            : null;
        using var hmacKey = Optional(input, "hmac_key_b64") is { } hmacBytes ? HmacKey.FromBytes(hmacBytes) : null;
        var createdBy = new Identity(input.GetProperty("created_by").GetString()!);

        if (vector.GetProperty("should_fail").GetBoolean())
        {
            Assert.Throws<KeyFormatException>(() => KeyVersionCodec.Encode(key, hmacKey, createdAt, createdBy));
            return;
        }

        var encoded = KeyVersionCodec.Encode(key, hmacKey, createdAt, createdBy);
        Assert.Equal(vector.GetProperty("expected_encoding").GetString(), Encoding.ASCII.GetString(encoded));
        Assert.Equal(vector.GetProperty("expected_protobuf_hex").GetString(), Convert.ToHexStringLower(Convert.FromBase64String(Encoding.ASCII.GetString(encoded))));
    }

    [Fact]
    public void Encode_vector_00_decodes_back_to_its_input()
    {
        var vector = Find("encode_vectors", "encode-00");
        var input = vector.GetProperty("input");

        using var version = KeyVersionCodec.Decode(Encoding.ASCII.GetBytes(vector.GetProperty("expected_encoding").GetString()!));

        Assert.Equal(KeyAlgorithm.Aes256, version.Key.Algorithm);
        Assert.Equal(Optional(input, "hmac_key_b64"), KeyBytes(version.HmacKey!));
        Assert.Equal(input.GetProperty("created_at").GetString(), version.CreatedAt.ToRfc3339());
        Assert.Equal(input.GetProperty("created_by").GetString(), version.CreatedBy.Value);
    }

    [Fact]
    public void The_current_format_parse_vector_re_encodes_to_the_same_stored_value()
    {
        var raw = Find("parse_vectors", "parse-05").GetProperty("raw").GetString()!;
        using var version = KeyVersionCodec.Decode(Encoding.ASCII.GetBytes(raw));

        Assert.Equal(raw, Encoding.ASCII.GetString(KeyVersionCodec.Encode(version)));
    }

    [Fact]
    public void A_legacy_JSON_key_cannot_be_re_encoded_because_it_has_no_HMAC_key()
    {
        var raw = Find("parse_vectors", "parse-03").GetProperty("raw").GetString()!;
        using var version = KeyVersionCodec.Decode(Encoding.ASCII.GetBytes(raw));

        Assert.Throws<KeyFormatException>(() => KeyVersionCodec.Encode(version));
    }

    internal static byte[] KeyBytes(SecretKey key)
    {
        var bytes = new byte[SecretKey.Size];
        key.CopyTo(bytes);
        return bytes;
    }

    internal static byte[] KeyBytes(HmacKey key)
    {
        var bytes = new byte[HmacKey.Size];
        key.CopyTo(bytes);
        return bytes;
    }

    private static KeyAlgorithm Algorithm(string name) =>
        KeyAlgorithms.TryParse(name, out var algorithm) ? algorithm : throw new InvalidDataException(name);

    private static byte[]? Optional(JsonElement input, string name) =>
        input.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? Convert.FromBase64String(value.GetString()!) : null;

    private static JsonElement.ArrayEnumerator Vectors(string section) => Document.Value.RootElement.GetProperty(section).EnumerateArray();

    private static JsonElement Find(string section, string id) => Vectors(section).Single(v => v.GetProperty("id").GetString() == id);

    private static TheoryData<string> Ids(string section)
    {
        var ids = new TheoryData<string>();
        foreach (var vector in Vectors(section))
        {
            ids.Add(vector.GetProperty("id").GetString()!);
        }

        return ids;
    }
}
