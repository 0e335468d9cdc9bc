using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kes.Domain.Keys;
using Kes.Domain.Ports;
using Kes.Infrastructure.Crypto.Fast;
using Kes.PropertyTests.Vectors;

namespace Kes.PropertyTests.Crypto;

public class FastAes256CipherTests
{
    [Fact]
    public void Sealing_with_the_kes_vector_iv_and_nonce_reproduces_the_upstream_ciphertext()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(VectorFiles.Path("kes-crypto-vectors.json")));
        var run = 0;
        foreach (var vector in document.RootElement.GetProperty("vectors").EnumerateArray())
        {
            if (vector.GetProperty("key_type").GetString() != "AES256" || !vector.TryGetProperty("iv_hex", out var ivHex))
            {
                continue;
            }

            run++;
            var raw = Convert.FromBase64String(vector.GetProperty("normalized_raw_b64").GetString()!);
            var plaintext = Convert.FromBase64String(vector.GetProperty("plaintext_b64").GetString()!);
            var associatedData = Convert.FromBase64String(vector.GetProperty("associated_data_b64").GetString()!);
            using var key = SecretKey.FromBytes(KeyAlgorithm.Aes256, Convert.FromBase64String(vector.GetProperty("key_b64").GetString()!));
            using var cipher = new FastAes256Cipher(key);

            var destination = new byte[plaintext.Length + IKeyCipher.Overhead];
            var written = cipher.Seal(
                Convert.FromHexString(ivHex.GetString()!),
                Convert.FromHexString(vector.GetProperty("nonce_hex").GetString()!),
                plaintext,
                associatedData,
                destination);
            Assert.Equal(raw.Length, written);
            Assert.Equal(Convert.ToHexString(raw), Convert.ToHexString(destination));

            var opened = new byte[raw.Length];
            Assert.True(cipher.TryOpen(raw, associatedData, opened, out var openedLength));
            Assert.Equal(plaintext, opened.AsSpan(0, openedLength).ToArray());
        }

        Assert.True(run >= 3, $"only {run} AES256 vectors ran");
    }

    [Fact]
    public void The_per_message_key_is_the_hmac_of_the_iv_under_the_secret_key()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(VectorFiles.Path("kes-crypto-vectors.json")));
        var run = 0;
        foreach (var vector in document.RootElement.GetProperty("vectors").EnumerateArray())
        {
            if (vector.GetProperty("key_type").GetString() != "AES256" || !vector.TryGetProperty("derived_key_hex", out var derived))
            {
                continue;
            }

            run++;
            var state = new byte[FastHmacSha256.StateSize];
            var mac = new byte[FastHmacSha256.MacSize];
            FastHmacSha256.Precompute(Convert.FromBase64String(vector.GetProperty("key_b64").GetString()!), state);
            FastHmacSha256.Compute(state, Convert.FromHexString(vector.GetProperty("iv_hex").GetString()!), mac);
            Assert.Equal(derived.GetString(), Convert.ToHexString(mac), ignoreCase: true);
        }

        Assert.True(run >= 3);
    }

    [Property(MaxTest = 200)]
    public Property Open_of_seal_returns_the_plaintext() =>
        Prop.ForAll(AeadInput.Arbitrary(), input =>
        {
            using var cipher = Cipher(input.Key);
            var sealedMessage = new byte[input.Plaintext.Length + IKeyCipher.Overhead];
            cipher.Seal(input.Plaintext, input.AssociatedData, sealedMessage);
            var opened = new byte[sealedMessage.Length];
            return cipher.TryOpen(sealedMessage, input.AssociatedData, opened, out var length)
                && opened.AsSpan(0, length).SequenceEqual(input.Plaintext);
        });

    [Property(MaxTest = 200)]
    public Property Flipping_any_bit_of_a_sealed_message_fails_authentication() =>
        Prop.ForAll(AeadInput.Arbitrary(), input =>
        {
            using var cipher = Cipher(input.Key);
            var sealedMessage = new byte[input.Plaintext.Length + IKeyCipher.Overhead];
            cipher.Seal(input.Plaintext, input.AssociatedData, sealedMessage);
            var bit = input.Seed % (8 * sealedMessage.Length);
            sealedMessage[bit / 8] ^= (byte)(1 << (bit % 8));
            var opened = new byte[sealedMessage.Length];
            return !cipher.TryOpen(sealedMessage, input.AssociatedData, opened, out var length)
                && length == 0
                && Array.TrueForAll(opened, b => b == 0);
        });

    [Property(MaxTest = 100)]
    public Property Decrypt_with_wrong_context_is_rejected_as_not_authentic() =>
        Prop.ForAll(AeadInput.Arbitrary(), input =>
        {
            using var cipher = Cipher(input.Key);
            var sealedMessage = new byte[input.Plaintext.Length + IKeyCipher.Overhead];
            cipher.Seal(input.Plaintext, input.AssociatedData, sealedMessage);
            byte[] otherContext = [.. input.AssociatedData, 0x00];
            return !cipher.TryOpen(sealedMessage, otherContext, new byte[sealedMessage.Length], out _);
        });

    [Property(MaxTest = 50)]
    public Property Decrypt_with_another_key_is_rejected_as_not_authentic() =>
        Prop.ForAll(AeadInput.Arbitrary(), input =>
        {
            using var cipher = Cipher(input.Key);
            var otherKey = (byte[])input.Key.Clone();
            otherKey[input.Seed % otherKey.Length] ^= 0x80;
            using var other = Cipher(otherKey);
            var sealedMessage = new byte[input.Plaintext.Length + IKeyCipher.Overhead];
            cipher.Seal(input.Plaintext, input.AssociatedData, sealedMessage);
            return !other.TryOpen(sealedMessage, input.AssociatedData, new byte[sealedMessage.Length], out _);
        });

    [Fact]
    public void Sealing_is_randomized()
    {
        using var cipher = Cipher(new byte[32]);
        var first = new byte[32 + IKeyCipher.Overhead];
        var second = new byte[32 + IKeyCipher.Overhead];
        cipher.Seal(new byte[32], [], first);
        cipher.Seal(new byte[32], [], second);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void A_chacha20_key_is_rejected()
    {
        using var key = SecretKey.Generate(KeyAlgorithm.ChaCha20);
        Assert.Throws<ArgumentException>(() => new FastAes256Cipher(key));
    }

    [Fact]
    public void The_cipher_reports_the_aes256_algorithm()
    {
        using var cipher = Cipher(new byte[32]);
        Assert.Equal(KeyAlgorithm.Aes256, cipher.Algorithm);
    }

    [Fact]
    public void Sealing_and_opening_a_dek_allocate_nothing_in_steady_state()
    {
        using var cipher = Cipher(Convert.FromHexString("7431db4d6828f98877bbcd384980793b254ccba4622de258050b61d5fe8a9445"));
        var plaintext = new byte[32];
        var context = "{\"bucket\":\"photos\"}"u8.ToArray();
        var sealedMessage = new byte[plaintext.Length + IKeyCipher.Overhead];
        var opened = new byte[sealedMessage.Length];
        var authentic = true;
        for (var i = 0; i < 100; i++)
        {
            cipher.Seal(plaintext, context, sealedMessage);
            authentic &= cipher.TryOpen(sealedMessage, context, opened, out _);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            cipher.Seal(plaintext, context, sealedMessage);
            authentic &= cipher.TryOpen(sealedMessage, context, opened, out _);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(authentic);
        Assert.Equal(0, allocated);
    }

    private static FastAes256Cipher Cipher(byte[] keyBytes)
    {
        using var key = SecretKey.FromBytes(KeyAlgorithm.Aes256, keyBytes);
        return new FastAes256Cipher(key);
    }
}
