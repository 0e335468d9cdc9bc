using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kes.Domain.Keys;
using Kes.Domain.Ports;
using Kes.Infrastructure.Crypto.Legacy;

namespace Kes.PropertyTests.Crypto;

/// <summary>The sealing laws, checked for every core and both algorithms.</summary>
public class SealerProperties
{
    [Property]
    public bool Open_inverts_seal(byte[] plaintext, byte[] context, bool chacha) =>
        ForEveryCore(chacha, (_, cipher) =>
        {
            var sealedBytes = Seal(cipher, plaintext, context);
            return sealedBytes.Length == plaintext.Length + IKeyCipher.Overhead
                && TryOpen(cipher, sealedBytes, context, out var opened)
                && opened.AsSpan().SequenceEqual(plaintext);
        });

    [Property]
    public bool Sealing_in_place_gives_a_ciphertext_that_opens_in_place(byte[] plaintext, byte[] context, bool chacha) =>
        ForEveryCore(chacha, (_, cipher) =>
        {
            var buffer = new byte[plaintext.Length + IKeyCipher.Overhead];
            plaintext.CopyTo(buffer, 0);
            cipher.Seal(buffer.AsSpan(0, plaintext.Length), context, buffer);
            return cipher.TryOpen(buffer, context, buffer, out var written)
                && buffer.AsSpan(0, written).SequenceEqual(plaintext);
        });

    [Property]
    public bool Flipping_any_bit_of_a_ciphertext_makes_open_fail_and_clear_the_output(byte[] plaintext, byte[] context, bool chacha, PositiveInt bit) =>
        ForEveryCore(chacha, (_, cipher) =>
        {
            var sealedBytes = Seal(cipher, plaintext, context);
            var index = bit.Get % (sealedBytes.Length * 8);
            sealedBytes[index / 8] ^= (byte)(1 << (index % 8));
            return FailsAndClears(cipher, sealedBytes, context);
        });

    [Property]
    public Property Opening_with_a_different_context_fails(byte[] plaintext, byte[] context, byte[] other, bool chacha) =>
        ForEveryCore(chacha, (_, cipher) => FailsAndClears(cipher, Seal(cipher, plaintext, context), other))
            .When(!context.AsSpan().SequenceEqual(other));

    [Property]
    public bool Opening_with_a_different_key_fails(byte[] plaintext, byte[] context, bool chacha) =>
        ForEveryCore(chacha, (sealer, cipher) =>
        {
            using var otherKey = SecretKey.Generate(cipher.Algorithm);
            using var other = sealer.CreateCipher(otherKey);
            return FailsAndClears(other, Seal(cipher, plaintext, context), context);
        });

    [Property]
    public bool Opening_with_the_other_algorithm_and_the_same_key_bytes_fails(byte[] plaintext, byte[] context, bool chacha)
    {
        var algorithm = chacha ? KeyAlgorithm.ChaCha20 : KeyAlgorithm.Aes256;
        var other = chacha ? KeyAlgorithm.Aes256 : KeyAlgorithm.ChaCha20;
        Span<byte> bytes = stackalloc byte[SecretKey.Size];
        Random.Shared.NextBytes(bytes);
        foreach (var sealer in Cores.All)
        {
            using var key = SecretKey.FromBytes(algorithm, bytes);
            using var otherKey = SecretKey.FromBytes(other, bytes);
            using var cipher = sealer.CreateCipher(key);
            using var otherCipher = sealer.CreateCipher(otherKey);
            if (!FailsAndClears(otherCipher, Seal(cipher, plaintext, context), context))
            {
                return false;
            }
        }

        return true;
    }

    [Property]
    public bool A_ciphertext_re_encoded_as_legacy_JSON_opens_to_the_same_plaintext(byte[] plaintext, byte[] context, bool chacha, int variant) =>
        ForEveryCore(chacha, (_, cipher) =>
        {
            var json = LegacyEncoders.Json(Seal(cipher, plaintext, context), cipher.Algorithm, variant);
            return TryOpen(cipher, json, context, out var opened) && opened.AsSpan().SequenceEqual(plaintext);
        });

    [Property]
    public bool A_ciphertext_re_encoded_as_legacy_msgpack_opens_to_the_same_plaintext(byte[] plaintext, byte[] context, bool chacha, int variant) =>
        ForEveryCore(chacha, (_, cipher) =>
        {
            var msgpack = LegacyEncoders.Msgpack(Seal(cipher, plaintext, context), variant);
            return TryOpen(cipher, msgpack, context, out var opened) && opened.AsSpan().SequenceEqual(plaintext);
        });

    [Property]
    public bool Random_input_is_rejected_without_throwing(byte[] input, byte[] context, bool chacha, byte prefix) =>
        ForEveryCore(chacha, (_, cipher) =>
        {
            // A third of the inputs start like msgpack and a third like JSON, to reach the legacy parsers.
            byte[] ciphertext = (prefix % 3) switch
            {
                0 => [0x95, .. input],
                1 => [(byte)'{', .. input],
                _ => input,
            };
            return FailsAndClears(cipher, ciphertext, context);
        });

    [Property]
    public bool Well_formed_legacy_encodings_of_random_bytes_parse_but_do_not_open(byte[] body, bool chacha, int variant) =>
        ForEveryCore(chacha, (_, cipher) =>
        {
            byte[] raw = [.. body, .. new byte[28]];
            Random.Shared.NextBytes(raw.AsSpan(body.Length));
            var json = LegacyEncoders.Json(raw, cipher.Algorithm, variant);
            var msgpack = LegacyEncoders.Msgpack(raw, variant);
            return LegacyCiphertext.TryNormalize(json, out var fromJson) && fromJson.AsSpan().SequenceEqual(raw)
                && LegacyCiphertext.TryNormalize(msgpack, out var fromMsgpack) && fromMsgpack.AsSpan().SequenceEqual(raw)
                && FailsAndClears(cipher, json, []) && FailsAndClears(cipher, msgpack, []);
        });

    [Property]
    public bool Truncating_or_extending_a_msgpack_ciphertext_makes_it_unparsable(byte[] body, int variant, PositiveInt cut, byte extra)
    {
        byte[] raw = [.. body, .. new byte[28]];
        var msgpack = LegacyEncoders.Msgpack(raw, variant);
        var truncated = msgpack[..(cut.Get % msgpack.Length)];
        byte[] extended = [.. msgpack, extra];
        return !LegacyCiphertext.TryNormalize(truncated, out _) && !LegacyCiphertext.TryNormalize(extended, out _);
    }

    [Property]
    public bool Any_legacy_JSON_prefix_or_a_trailing_value_makes_it_unparsable(byte[] body, bool chacha, int variant, PositiveInt cut)
    {
        byte[] raw = [.. body, .. new byte[28]];
        var json = LegacyEncoders.Json(raw, chacha ? KeyAlgorithm.ChaCha20 : KeyAlgorithm.Aes256, variant);
        var end = Array.LastIndexOf(json, (byte)'}');
        var truncated = json[..(cut.Get % (end + 1))];
        byte[] extended = [.. json, (byte)'{', (byte)'}'];
        return !LegacyCiphertext.TryNormalize(truncated, out _) && !LegacyCiphertext.TryNormalize(extended, out _);
    }

    private static bool ForEveryCore(bool chacha, Func<ISealer, IKeyCipher, bool> law)
    {
        var algorithm = chacha ? KeyAlgorithm.ChaCha20 : KeyAlgorithm.Aes256;
        foreach (var sealer in Cores.All)
        {
            using var key = SecretKey.Generate(algorithm);
            using var cipher = sealer.CreateCipher(key);
            if (!law(sealer, cipher))
            {
                return false;
            }
        }

        return true;
    }

    private static byte[] Seal(IKeyCipher cipher, byte[] plaintext, byte[] context)
    {
        var destination = new byte[plaintext.Length + IKeyCipher.Overhead];
        var written = cipher.Seal(plaintext, context, destination);
        return destination[..written];
    }

    private static bool TryOpen(IKeyCipher cipher, byte[] ciphertext, byte[] context, out byte[] plaintext)
    {
        var destination = new byte[ciphertext.Length];
        var opened = cipher.TryOpen(ciphertext, context, destination, out var written);
        plaintext = destination[..written];
        return opened;
    }

    private static bool FailsAndClears(IKeyCipher cipher, byte[] ciphertext, byte[] context)
    {
        var destination = new byte[ciphertext.Length];
        Array.Fill(destination, (byte)0xAA);
        return !cipher.TryOpen(ciphertext, context, destination, out var written)
            && written == 0
            && Array.TrueForAll(destination, b => b == 0);
    }
}
