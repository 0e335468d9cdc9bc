using System.Security.Cryptography;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kes.Domain.Keys;
using Kes.Domain.Ports;
using Kes.Infrastructure.Crypto.Fast;
using Kes.PropertyTests.Vectors;

namespace Kes.PropertyTests.Crypto;

public class FastChaCha20CipherTests
{
    [Fact]
    public void Sealing_with_the_kes_vector_iv_and_nonce_reproduces_the_upstream_ciphertext()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(VectorFiles.Path("kes-crypto-vectors.json")));
        var run = 0;
        foreach (var vector in document.RootElement.GetProperty("vectors").EnumerateArray())
        {
            if (vector.GetProperty("key_type").GetString() != "ChaCha20" || !vector.TryGetProperty("iv_hex", out var ivHex))
            {
                continue;
            }

            var id = vector.GetProperty("id").GetString();
            var plaintext = Convert.FromBase64String(vector.GetProperty("plaintext_b64").GetString()!);
            var associatedData = Convert.FromBase64String(vector.GetProperty("associated_data_b64").GetString()!);
            var raw = vector.GetProperty("normalized_raw_b64").GetString();
            using var key = SecretKey.FromBytes(KeyAlgorithm.ChaCha20, Convert.FromBase64String(vector.GetProperty("key_b64").GetString()!));
            using var cipher = new FastChaCha20Cipher(key);

            var destination = new byte[plaintext.Length + IKeyCipher.Overhead];
            var written = cipher.Seal(
                Convert.FromHexString(ivHex.GetString()!),
                Convert.FromHexString(vector.GetProperty("nonce_hex").GetString()!),
                plaintext,
                associatedData,
                destination);
            Assert.Equal($"{id}: {raw}", $"{id}: {Convert.ToBase64String(destination, 0, written)}");

            var opened = new byte[destination.Length];
            Assert.True(cipher.TryOpen(Convert.FromBase64String(raw!), associatedData, opened, out var length), $"{id} did not open");
            Assert.Equal(plaintext, opened[..length]);
            run++;
        }

        Assert.True(run > 0);
    }

    [Property]
    public Property Seal_equals_hchacha20_then_the_platform_chacha20_poly1305() =>
        Prop.ForAll(
            ChaChaInput.Arbitrary(),
            input =>
            {
                var iv = RandomNumberGenerator.GetBytes(16);
                using var key = SecretKey.FromBytes(KeyAlgorithm.ChaCha20, input.Key);
                using var cipher = new FastChaCha20Cipher(key);
                var actual = new byte[input.Plaintext.Length + IKeyCipher.Overhead];
                cipher.Seal(iv, input.Nonce, input.Plaintext, input.AssociatedData, actual);

                var subkey = new byte[32];
                HChaCha20.DeriveKey(input.Key, iv, subkey);
                var expected = new byte[actual.Length];
                using (var platform = new ChaCha20Poly1305(subkey))
                {
                    var length = input.Plaintext.Length;
                    platform.Encrypt(input.Nonce, input.Plaintext, expected.AsSpan(0, length), expected.AsSpan(length, 16), input.AssociatedData);
                    iv.CopyTo(expected, length + 16);
                    input.Nonce.CopyTo(expected, length + 32);
                }

                return actual.AsSpan().SequenceEqual(expected);
            });

    [Property]
    public Property Open_of_seal_returns_the_plaintext() =>
        Prop.ForAll(
            ChaChaInput.Arbitrary(),
            input =>
            {
                using var key = SecretKey.FromBytes(KeyAlgorithm.ChaCha20, input.Key);
                using var cipher = new FastChaCha20Cipher(key);
                var sealedText = new byte[input.Plaintext.Length + IKeyCipher.Overhead];
                var written = cipher.Seal(input.Plaintext, input.AssociatedData, sealedText);
                var opened = new byte[sealedText.Length];
                return written == sealedText.Length
                    && cipher.TryOpen(sealedText, input.AssociatedData, opened, out var length)
                    && opened.AsSpan(0, length).SequenceEqual(input.Plaintext);
            });

    [Property]
    public Property A_flipped_bit_anywhere_is_rejected_as_not_authentic() =>
        Prop.ForAll(
            ChaChaInput.Arbitrary(),
            input =>
            {
                using var key = SecretKey.FromBytes(KeyAlgorithm.ChaCha20, input.Key);
                using var cipher = new FastChaCha20Cipher(key);
                var sealedText = new byte[input.Plaintext.Length + IKeyCipher.Overhead];
                cipher.Seal(input.Plaintext, input.AssociatedData, sealedText);
                var bit = input.Seed % (8 * sealedText.Length);
                sealedText[bit / 8] ^= (byte)(1 << (bit % 8));
                var opened = new byte[sealedText.Length];
                return !cipher.TryOpen(sealedText, input.AssociatedData, opened, out var length)
                    && length == 0
                    && opened.All(b => b == 0);
            });

    [Fact]
    public void Decrypt_with_wrong_context_is_rejected_as_not_authentic()
    {
        using var key = SecretKey.Generate(KeyAlgorithm.ChaCha20);
        using var cipher = new FastChaCha20Cipher(key);
        var sealedText = new byte[32 + IKeyCipher.Overhead];
        cipher.Seal(new byte[32], "context"u8, sealedText);
        Assert.True(cipher.TryOpen(sealedText, "context"u8, new byte[sealedText.Length], out _));
        Assert.False(cipher.TryOpen(sealedText, "Context"u8, new byte[sealedText.Length], out _));
    }

    [Fact]
    public void Decrypt_with_another_key_is_rejected_as_not_authentic()
    {
        using var key = SecretKey.Generate(KeyAlgorithm.ChaCha20);
        using var other = SecretKey.Generate(KeyAlgorithm.ChaCha20);
        using var cipher = new FastChaCha20Cipher(key);
        using var otherCipher = new FastChaCha20Cipher(other);
        var sealedText = new byte[32 + IKeyCipher.Overhead];
        cipher.Seal(new byte[32], [], sealedText);
        Assert.False(otherCipher.TryOpen(sealedText, [], new byte[sealedText.Length], out _));
    }

    [Fact]
    public void The_cipher_seals_for_chacha20_keys_only()
    {
        using var chacha = SecretKey.Generate(KeyAlgorithm.ChaCha20);
        using var aes = SecretKey.Generate(KeyAlgorithm.Aes256);
        using var cipher = new FastChaCha20Cipher(chacha);
        Assert.Equal(KeyAlgorithm.ChaCha20, cipher.Algorithm);
        Assert.Throws<ArgumentException>(() => new FastChaCha20Cipher(aes));
    }

    [Fact]
    public void Sealing_and_opening_a_dek_allocate_nothing_in_steady_state()
    {
        using var key = SecretKey.Generate(KeyAlgorithm.ChaCha20);
        using var cipher = new FastChaCha20Cipher(key);
        var dek = RandomNumberGenerator.GetBytes(32);
        var context = RandomNumberGenerator.GetBytes(64);
        var sealedText = new byte[dek.Length + IKeyCipher.Overhead];
        var opened = new byte[sealedText.Length];
        RoundTrip(100);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var authentic = RoundTrip(10_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(authentic);
        Assert.Equal(0, allocated);

        bool RoundTrip(int count)
        {
            var all = true;
            for (var i = 0; i < count; i++)
            {
                cipher.Seal(dek, context, sealedText);
                all &= cipher.TryOpen(sealedText, context, opened, out _);
            }

            return all;
        }
    }
}
