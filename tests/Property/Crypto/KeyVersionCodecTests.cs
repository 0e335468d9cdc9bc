using System.Text;
using Kes.Domain.Identities;
using Kes.Domain.Keys;
using Kes.Infrastructure.Crypto.Codec;
using static Kes.PropertyTests.Crypto.ProtoBuilder;

namespace Kes.PropertyTests.Crypto;

/// <summary>Pins down the stored-key decoding rules of docs/crypto.md §7 beyond the upstream vectors.</summary>
public class KeyVersionCodecTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] Hmac = Enumerable.Range(101, 32).Select(i => (byte)i).ToArray();
    private static readonly string KeyBase64 = Convert.ToBase64String(Key);

    [Fact]
    public void Fields_in_reverse_order_decode_the_same()
    {
        var message = Concat(BytesField(4, "me"u8.ToArray()), TimestampField(1705055960, 886816000), HmacKeyField(Hmac), SecretKeyField(Key, 2));

        using var version = KeyVersionCodec.Decode(Stored(message));

        AssertVersion(version, KeyAlgorithm.ChaCha20, new KesTimestamp(1705055960, 886816000), "me");
    }

    [Fact]
    public void Unknown_fields_of_every_wire_type_are_skipped_at_every_level()
    {
        byte[] unknown = [
            .. VarintField(9, ulong.MaxValue),
            .. Tag(10, 1), .. new byte[8],
            .. BytesField(11, [1, 2, 3]),
            .. Tag(12, 5), .. new byte[4],
            .. Tag(13, 3), .. VarintField(1, 1), .. Tag(14, 3), .. Tag(14, 4), .. Tag(13, 4),
        ];
        var message = Concat(
            unknown,
            BytesField(1, unknown, BytesField(1, Key), unknown, VarintField(2, 1)),
            BytesField(2, BytesField(1, Hmac), unknown, VarintField(2, 1)),
            BytesField(3, unknown, VarintField(1, 7)));

        using var version = KeyVersionCodec.Decode(Stored(message));

        AssertVersion(version, KeyAlgorithm.Aes256, new KesTimestamp(7, 0), string.Empty);
    }

    [Fact]
    public void A_known_field_with_another_wire_type_is_skipped_as_unknown()
    {
        var message = Concat(VarintField(1, 5), VarintField(4, 5), SecretKeyField(Key, 1), HmacKeyField(Hmac), BytesField(3, BytesField(1, [1])));

        using var version = KeyVersionCodec.Decode(Stored(message));

        AssertVersion(version, KeyAlgorithm.Aes256, new KesTimestamp(0, 0), string.Empty);
    }

    [Fact]
    public void A_repeated_sub_message_is_merged_into_the_first()
    {
        var message = Concat(SecretKeyField(Key, 1), HmacKeyField(Hmac), BytesField(1, VarintField(2, 2)), BytesField(4, "a"u8.ToArray()), BytesField(4, "b"u8.ToArray()));

        using var version = KeyVersionCodec.Decode(Stored(message));

        AssertVersion(version, KeyAlgorithm.ChaCha20, new KesTimestamp(0, 0), "b");
    }

    [Fact]
    public void A_type_code_is_truncated_to_32_bits_as_Go_reads_a_uint32()
    {
        using var version = KeyVersionCodec.Decode(Stored(Concat(SecretKeyField(Key, 0x1_0000_0001), HmacKeyField(Hmac))));

        Assert.Equal(KeyAlgorithm.Aes256, version.Key.Algorithm);
    }

    [Theory]
    [InlineData(-1, 6, 999_999_999)]
    [InlineData(1_500_000_000, 8, 500_000_000)]
    [InlineData(-1_500_000_000, 5, 500_000_000)]
    public void Out_of_range_nanoseconds_carry_into_seconds_as_Go_time_Unix_does(int nanos, long seconds, int normalized)
    {
        using var version = KeyVersionCodec.Decode(Stored(Concat(SecretKeyField(Key, 1), HmacKeyField(Hmac), TimestampField(7, nanos))));

        Assert.Equal(new KesTimestamp(seconds, normalized), version.CreatedAt);
    }

    [Fact]
    public void Newlines_in_the_stored_base64_are_ignored()
    {
        var stored = Encoding.ASCII.GetString(Stored(Concat(SecretKeyField(Key, 1), HmacKeyField(Hmac))));

        using var version = KeyVersionCodec.Decode(Encoding.ASCII.GetBytes(stored.Insert(40, "\r\n").Insert(10, "\n") + "\n"));

        Assert.Equal(Key, KeyVersionVectorTests.KeyBytes(version.Key));
    }

    public static TheoryData<byte[]> MalformedMessages => new()
    {
        Concat(HmacKeyField(Hmac)),
        Concat(SecretKeyField(Key[..31], 1), HmacKeyField(Hmac)),
        Concat(SecretKeyField([.. Key, 0], 1), HmacKeyField(Hmac)),
        Concat(SecretKeyField(Key, 0), HmacKeyField(Hmac)),
        Concat(SecretKeyField(Key, 3), HmacKeyField(Hmac)),
        Concat(SecretKeyField(Key, 1)),
        Concat(SecretKeyField(Key, 1), HmacKeyField(Hmac, 2)),
        Concat(SecretKeyField(Key, 1), HmacKeyField(Hmac[..16])),
        Concat(SecretKeyField(Key, 1), HmacKeyField(Hmac), BytesField(4, [0xff])),
        Concat(SecretKeyField(Key, 1), HmacKeyField(Hmac), BytesField(4, [0xed, 0xa0, 0x80])),
        Concat(SecretKeyField(Key, 1), HmacKeyField(Hmac), Tag(9, 0), [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02]),
        Concat(SecretKeyField(Key, 1), HmacKeyField(Hmac), Tag(9, 0), [0x80]),
        Concat(SecretKeyField(Key, 1), HmacKeyField(Hmac), Tag(9, 2), [0x05, 0x00]),
        Concat(SecretKeyField(Key, 1), HmacKeyField(Hmac), Tag(9, 1), [0x00]),
        Concat(SecretKeyField(Key, 1), HmacKeyField(Hmac), Tag(0, 0), [0x00]),
        Concat(SecretKeyField(Key, 1), HmacKeyField(Hmac), Tag(1 << 29, 0), [0x00]),
        Concat(SecretKeyField(Key, 1), HmacKeyField(Hmac), Tag(9, 4)),
        Concat(SecretKeyField(Key, 1), HmacKeyField(Hmac), Tag(9, 3), Tag(8, 4)),
        Concat(SecretKeyField(Key, 1), HmacKeyField(Hmac), Tag(9, 3)),
        Concat(SecretKeyField(Key, 1), HmacKeyField(Hmac), Tag(9, 6), [0x00]),
        Concat(SecretKeyField(Key, 1), HmacKeyField(Hmac), Tag(9, 7), [0x00]),
        Concat(SecretKeyField(Key, 1), HmacKeyField(Hmac), BytesField(3, Tag(1, 0))),
    };

    [Theory]
    [MemberData(nameof(MalformedMessages))]
    public void A_malformed_or_incomplete_protobuf_is_rejected(byte[] message) =>
        Assert.Throws<KeyFormatException>(() => KeyVersionCodec.Decode(Stored(message)));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("CiQKIAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gEAESJAogZWZnaGlqa2xtbm9wcXJzdHV2d3h5ent8fX5/gIGCg4QQAQ")]
    [InlineData("CiQKIAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gEAESJAogZWZnaGlqa2xtbm9wcXJzdHV2d3h5ent8fX5/gIGCg4QQAQ== ")]
    [InlineData("CiQKIAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gEAESJAogZWZnaGlqa2xtbm9wcXJzdHV2d3h5ent8fX5/gIGCg4QQ AQ==")]
    [InlineData("CiQKIAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gEAESJAogZWZnaGlqa2xtbm9wcXJzdHV2d3h5ent8fX5/gIGCg4QQAQ==\0")]
    [InlineData("CiQKIAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gEAESJAogZWZnaGlqa2xtbm9wcXJzdHV2d3h5ent8fX5_gIGCg4QQAQ==")]
    public void A_value_that_is_neither_JSON_nor_padded_base64_is_rejected(string value) =>
        Assert.Throws<KeyFormatException>(() => KeyVersionCodec.Decode(Encoding.ASCII.GetBytes(value)));

    [Fact]
    public void The_reference_message_of_these_tests_decodes_when_well_formed()
    {
        using var version = KeyVersionCodec.Decode("CiQKIAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gEAESJAogZWZnaGlqa2xtbm9wcXJzdHV2d3h5ent8fX5/gIGCg4QQAQ=="u8);

        AssertVersion(version, KeyAlgorithm.Aes256, new KesTimestamp(0, 0), string.Empty);
    }

    [Theory]
    [InlineData("{\"BYTES\":\"@\",\"Algorithm\":\"XCHACHA20-POLY1305\"}", "ChaCha20", "0001-01-01T00:00:00Z", "")]
    [InlineData("{\"bytes\":\"@\",\"version\":\"v1\",\"algorithm\":\"\"}", "AES256", "0001-01-01T00:00:00Z", "")]
    [InlineData("{\"bytes\":\"@\",\"algorithm\":\"ChaCha20\",\"algorithm\":null}", "ChaCha20", "0001-01-01T00:00:00Z", "")]
    [InlineData("{\"bytes\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==\",\"bytes\":\"@\"}", "AES256", "0001-01-01T00:00:00Z", "")]
    [InlineData("{\"bytes\":\"@\",\"created_at\":\"2009-11-11T00:00:00+01:00\",\"created_by\":\"\\u00e9t\\u00e9\"}", "AES256", "2009-11-10T23:00:00Z", "été")]
    [InlineData("{\"bytes\":\"@\",\"created_at\":\"2024-01-12T10:39:20.886816Z\",\"created_at\":null,\"Created_By\":\"x\",\"created_by\":null}", "AES256", "2024-01-12T10:39:20.886816Z", "x")]
    [InlineData(" {\"bytes\":\"@\",\"extra\":[{\"deep\":[1,2,{}]}]} \n", "AES256", "0001-01-01T00:00:00Z", "")]
    public void A_legacy_JSON_key_follows_Go_decoding_rules(string template, string algorithm, string createdAt, string createdBy)
    {
        using var version = KeyVersionCodec.Decode(Encoding.UTF8.GetBytes(template.Replace("@", KeyBase64, StringComparison.Ordinal)));

        Assert.Equal(algorithm, version.Key.Algorithm.Name());
        Assert.Equal(Key, KeyVersionVectorTests.KeyBytes(version.Key));
        Assert.Null(version.HmacKey);
        Assert.Equal(createdAt, version.CreatedAt.ToRfc3339());
        Assert.Equal(createdBy, version.CreatedBy.Value);
    }

    [Fact]
    public void A_legacy_JSON_key_given_as_an_array_of_numbers_is_read_as_Go_does()
    {
        var json = "{\"bytes\":[" + string.Join(",", Key) + "]}";

        using var version = KeyVersionCodec.Decode(Encoding.UTF8.GetBytes(json));

        Assert.Equal(Key, KeyVersionVectorTests.KeyBytes(version.Key));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("\"@\"")]
    [InlineData("1234")]
    [InlineData("{}")]
    [InlineData("{\"bytes\":\"@\",\"bytes\":null}")]
    [InlineData("{\"bytes\":\"AAAA\"}")]
    [InlineData("{\"bytes\":\"@ \"}")]
    [InlineData("{\"bytes\":5}")]
    [InlineData("{\"bytes\":\"@\",\"algorithm\":\"AES-256\"}")]
    [InlineData("{\"bytes\":\"@\",\"algorithm\":\"aes256\"}")]
    [InlineData("{\"bytes\":\"@\",\"algorithm\":1}")]
    [InlineData("{\"bytes\":\"@\",\"created_at\":\"yesterday\"}")]
    [InlineData("{\"bytes\":\"@\",\"created_at\":1705055960}")]
    [InlineData("{\"bytes\":\"@\",\"created_at\":\"2009-11-10T23:00:00\\u005a\"}")]
    [InlineData("{\"bytes\":\"@\",\"created_by\":[]}")]
    public void A_legacy_JSON_key_Go_rejects_is_rejected(string template) =>
        Assert.Throws<KeyFormatException>(() => KeyVersionCodec.Decode(Encoding.UTF8.GetBytes(template.Replace("@", KeyBase64, StringComparison.Ordinal))));

    [Fact]
    public void A_decode_error_message_carries_no_key_material()
    {
        var json = "{\"bytes\":\"" + KeyBase64 + "\",\"algorithm\":\"" + KeyBase64 + "\"}";

        var error = Assert.Throws<KeyFormatException>(() => KeyVersionCodec.Decode(Encoding.UTF8.GetBytes(json)));

        Assert.DoesNotContain(KeyBase64[..8], error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(Key)[..8], error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Null(error.InnerException);
    }

    [Fact]
    public void The_zero_time_and_an_empty_creator_encode_as_Go_does_and_round_trip()
    {
        using var key = SecretKey.FromBytes(KeyAlgorithm.ChaCha20, Key);
        using var hmacKey = HmacKey.FromBytes(Hmac);

        var epoch = Convert.FromBase64String(Encoding.ASCII.GetString(KeyVersionCodec.Encode(key, hmacKey, new KesTimestamp(0, 0), Identity.Empty)));
        var zero = KeyVersionCodec.Encode(key, hmacKey, KesTimestamp.Zero, Identity.Empty);

        // A Timestamp is always written (Go marshals a non-nil message), empty when both of its fields are zero.
        Assert.Equal(Concat(SecretKeyField(Key, 2), HmacKeyField(Hmac), [0x1a, 0x00]), epoch);
        using var version = KeyVersionCodec.Decode(zero);
        AssertVersion(version, KeyAlgorithm.ChaCha20, KesTimestamp.Zero, string.Empty);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1_000_000_000)]
    public void Encoding_nanoseconds_outside_a_second_fails(int nanos)
    {
        using var key = SecretKey.FromBytes(KeyAlgorithm.Aes256, Key);
        using var hmacKey = HmacKey.FromBytes(Hmac);

        Assert.Throws<KeyFormatException>(() => KeyVersionCodec.Encode(key, hmacKey, new KesTimestamp(1, nanos), Identity.Empty));
    }

    [Fact]
    public void Encoding_a_creator_that_is_not_valid_Unicode_fails()
    {
        using var key = SecretKey.FromBytes(KeyAlgorithm.Aes256, Key);
        using var hmacKey = HmacKey.FromBytes(Hmac);

        Assert.Throws<KeyFormatException>(() => KeyVersionCodec.Encode(key, hmacKey, KesTimestamp.Zero, new Identity("\ud800")));
    }

    private static void AssertVersion(KeyVersion version, KeyAlgorithm algorithm, KesTimestamp createdAt, string createdBy)
    {
        Assert.Equal(algorithm, version.Key.Algorithm);
        Assert.Equal(Key, KeyVersionVectorTests.KeyBytes(version.Key));
        Assert.Equal(Hmac, KeyVersionVectorTests.KeyBytes(version.HmacKey!));
        Assert.Equal(createdAt, version.CreatedAt);
        Assert.Equal(createdBy, version.CreatedBy.Value);
    }

    [Theory]
    [InlineData("bad-key", "illegal base64 data at input byte 3")]
    [InlineData("CiQKIFyJ!", "illegal base64 data at input byte 8")]
    [InlineData("CiQKIFy", "illegal base64 data at input byte 4")]
    public void A_value_that_is_neither_JSON_nor_base64_fails_with_Go_s_base64_error(string value, string message)
    {
        var error = Assert.Throws<KeyFormatException>(() => KeyVersionCodec.Decode(Encoding.ASCII.GetBytes(value)));

        Assert.Equal(message, error.Message);
    }
}
