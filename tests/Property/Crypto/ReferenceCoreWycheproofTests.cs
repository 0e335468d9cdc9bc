using System.Security.Cryptography;
using Kes.Infrastructure.Crypto.Reference;
using Kes.PropertyTests.Vectors;

namespace Kes.PropertyTests.Crypto;

/// <summary>The Wycheproof vectors through the primitives the reference core is built on: the platform's AES-GCM, ChaCha20-Poly1305 and HMAC, BouncyCastle's ChaCha20-Poly1305 fallback, and the scalar HChaCha20.</summary>
public class ReferenceCoreWycheproofTests
{
    /// <summary>One AEAD the reference core may use: seal into ciphertext and tag, open or return false.</summary>
    private sealed record Aead(
        string Name,
        Action<byte[], byte[], byte[], byte[], byte[], byte[]> Seal,
        Func<byte[], byte[], byte[], byte[], byte[], byte[], bool> Open);

    private static readonly Aead PlatformAesGcm = new(
        "platform AES-GCM",
        (key, nonce, plaintext, ad, ciphertext, tag) =>
        {
            using var aes = new AesGcm(key, 16);
            aes.Encrypt(nonce, plaintext, ciphertext, tag, ad);
        },
        (key, nonce, ciphertext, tag, ad, plaintext) =>
        {
            using var aes = new AesGcm(key, 16);
            try
            {
                aes.Decrypt(nonce, ciphertext, tag, plaintext, ad);
                return true;
            }
            catch (AuthenticationTagMismatchException)
            {
                return false;
            }
        });

    private static readonly Aead PlatformChaCha = new(
        "platform ChaCha20-Poly1305",
        (key, nonce, plaintext, ad, ciphertext, tag) =>
        {
            using var chacha = new ChaCha20Poly1305(key);
            chacha.Encrypt(nonce, plaintext, ciphertext, tag, ad);
        },
        (key, nonce, ciphertext, tag, ad, plaintext) =>
        {
            using var chacha = new ChaCha20Poly1305(key);
            try
            {
                chacha.Decrypt(nonce, ciphertext, tag, plaintext, ad);
                return true;
            }
            catch (AuthenticationTagMismatchException)
            {
                return false;
            }
        });

    private static readonly Aead BouncyCastleChaCha = new(
        "BouncyCastle ChaCha20-Poly1305",
        (key, nonce, plaintext, ad, ciphertext, tag) => BouncyCastleChaCha20Poly1305.Seal(key, nonce, plaintext, ad, ciphertext, tag),
        (key, nonce, ciphertext, tag, ad, plaintext) => BouncyCastleChaCha20Poly1305.TryOpen(key, nonce, ciphertext, tag, ad, plaintext));

    [Fact]
    public void Every_aes_gcm_vector_of_the_kes_sizes_passes_through_the_platform_aead() =>
        RunGroups("aes_gcm_test.json", group => group is { KeySize: 256, IvSize: 96, TagSize: 128 }, PlatformAesGcm, xchacha: false);

    [Fact]
    public void Every_chacha20_poly1305_vector_of_the_kes_sizes_passes_through_the_platform_aead() =>
        RunGroups("chacha20_poly1305_test.json", group => group is { KeySize: 256, IvSize: 96, TagSize: 128 }, PlatformChaCha, xchacha: false);

    [Fact]
    public void Every_chacha20_poly1305_vector_of_the_kes_sizes_passes_through_the_bouncycastle_fallback() =>
        RunGroups("chacha20_poly1305_test.json", group => group is { KeySize: 256, IvSize: 96, TagSize: 128 }, BouncyCastleChaCha, xchacha: false);

    [Fact]
    public void Every_xchacha20_poly1305_vector_passes_through_the_scalar_hchacha20() =>
        RunGroups("xchacha20_poly1305_test.json", group => group is { KeySize: 256, IvSize: 192, TagSize: 128 }, PlatformChaCha, xchacha: true);

    [Fact]
    public void The_scalar_hchacha20_rejects_every_other_nonce_size_of_the_xchacha_file()
    {
        var rejected = 0;
        foreach (var group in Wycheproof.Load("xchacha20_poly1305_test.json").TestGroups)
        {
            if (group.IvSize == 192)
            {
                continue;
            }

            foreach (var test in group.Tests)
            {
                var key = Hex(test.Key);
                var nonce = Hex(test.Iv);
                var output = new byte[32];
                Assert.Throws<ArgumentException>(() => ScalarHChaCha20.DeriveKey(key, nonce.AsSpan(0, Math.Min(nonce.Length, 15)), output));
                Assert.All(output, b => Assert.Equal(0, b));
                rejected++;
            }
        }

        Assert.True(rejected > 0, "the xchacha file had no group with another nonce size");
    }

    [Fact]
    public void Every_hmac_sha256_vector_passes_through_the_platform_hmac()
    {
        var run = 0;
        foreach (var group in Wycheproof.Load("hmac_sha256_test.json").TestGroups)
        {
            foreach (var test in group.Tests)
            {
                var mac = HMACSHA256.HashData(Hex(test.Key), Hex(test.Msg));
                var expected = Hex(test.Tag);
                var equal = mac.AsSpan(0, group.TagSize / 8).SequenceEqual(expected);
                Assert.True(equal == (test.Result == "valid"), $"tcId {test.TcId} ({test.Comment})");
                run++;
            }
        }

        Assert.True(run > 0);
    }

    private static void RunGroups(string file, Func<WycheproofGroup, bool> supported, Aead aead, bool xchacha)
    {
        var run = 0;
        foreach (var group in Wycheproof.Load(file).TestGroups)
        {
            if (!supported(group))
            {
                continue;
            }

            foreach (var test in group.Tests)
            {
                var key = Hex(test.Key);
                var nonce = Hex(test.Iv);
                if (xchacha)
                {
                    var subkey = new byte[32];
                    ScalarHChaCha20.DeriveKey(key, nonce.AsSpan(0, 16), subkey);
                    (key, nonce) = (subkey, [0, 0, 0, 0, .. nonce.AsSpan(16)]);
                }

                Check(aead, test, key, nonce);
                run++;
            }
        }

        Assert.True(run > 0, $"{file} had no group of the KES sizes");
    }

    private static void Check(Aead aead, WycheproofTest test, byte[] key, byte[] nonce)
    {
        var id = $"{aead.Name} tcId {test.TcId} ({test.Comment})";
        var ciphertext = Hex(test.Ct);
        var plaintext = new byte[ciphertext.Length];
        var opened = aead.Open(key, nonce, ciphertext, Hex(test.Tag), Hex(test.Aad), plaintext);
        if (test.Result == "valid")
        {
            Assert.True(opened, $"{id}: a valid vector did not open");
            Assert.Equal(test.Msg, Convert.ToHexStringLower(plaintext));
            var sealedText = new byte[Hex(test.Msg).Length];
            var tag = new byte[16];
            aead.Seal(key, nonce, Hex(test.Msg), Hex(test.Aad), sealedText, tag);
            Assert.Equal(test.Ct + test.Tag, Convert.ToHexStringLower(sealedText) + Convert.ToHexStringLower(tag));
        }
        else
        {
            Assert.False(opened, $"{id}: an invalid vector opened");
        }
    }

    private static byte[] Hex(string? hex) => Convert.FromHexString(hex ?? string.Empty);
}
