using Kes.Domain.Keys;
using Kes.Domain.Ports;
using Kes.Infrastructure.Crypto.Legacy;
using Kes.Infrastructure.Crypto.Reference;

namespace Kes.PropertyTests.Crypto;

/// <summary>The 19 upstream vectors of kes-crypto-vectors.json, run against every core.</summary>
public class CryptoVectorTests
{
    // The legacy vectors whose encoding itself is broken (bad aead, iv or nonce length, bad JSON).
    private static readonly string[] UnparsableLegacy = ["decrypt-08", "decrypt-09", "decrypt-10", "decrypt-11", "decrypt-14"];

    public static TheoryData<string, string> DecryptVectors => CryptoVectors.PerCore(v => v.Operation == "decrypt");

    public static TheoryData<string, string> EncryptVectors => CryptoVectors.PerCore(v => v.Operation == "encrypt_roundtrip");

    public static TheoryData<string, string> SealingKats => CryptoVectors.PerCore(v => v.Iv is not null);

    public static TheoryData<string> LegacyVectors
    {
        get
        {
            var ids = new TheoryData<string>();
            foreach (var vector in CryptoVectors.All)
            {
                if (vector.Format.StartsWith("legacy", StringComparison.Ordinal))
                {
                    ids.Add(vector.Id);
                }
            }

            return ids;
        }
    }

    [Fact]
    public void The_vector_file_holds_15_decrypt_and_4_encrypt_vectors()
    {
        Assert.Equal(15, CryptoVectors.All.Count(v => v.Operation == "decrypt"));
        Assert.Equal(4, CryptoVectors.All.Count(v => v.Operation == "encrypt_roundtrip"));
    }

    [Theory]
    [MemberData(nameof(DecryptVectors))]
    public void Decrypt_vector_opens_to_its_plaintext_or_is_rejected_as_not_authentic(string core, string id)
    {
        var vector = CryptoVectors.Get(id);
        using var cipher = CreateCipher(core, vector);
        var destination = Filled(vector.Ciphertext!.Length);

        var opened = cipher.TryOpen(vector.Ciphertext, vector.AssociatedData, destination, out var written);

        if (vector.ShouldFail)
        {
            Assert.False(opened);
            Assert.Equal(0, written);
            Assert.All(destination, b => Assert.Equal(0, b));
        }
        else
        {
            Assert.True(opened);
            Assert.Equal(vector.Plaintext, destination[..written]);
        }
    }

    [Theory]
    [MemberData(nameof(EncryptVectors))]
    public void Encrypt_vector_round_trips_with_44_bytes_of_overhead_and_fresh_randomness(string core, string id)
    {
        var vector = CryptoVectors.Get(id);
        using var cipher = CreateCipher(core, vector);
        var first = new byte[vector.Plaintext!.Length + IKeyCipher.Overhead];
        var second = new byte[first.Length];

        Assert.Equal(first.Length, cipher.Seal(vector.Plaintext, vector.AssociatedData, first));
        Assert.Equal(second.Length, cipher.Seal(vector.Plaintext, vector.AssociatedData, second));

        Assert.NotEqual(first, second);
        var opened = new byte[first.Length];
        Assert.True(cipher.TryOpen(first, vector.AssociatedData, opened, out var written));
        Assert.Equal(vector.Plaintext, opened[..written]);
    }

    [Theory]
    [MemberData(nameof(SealingKats))]
    public void Sealing_with_the_vector_iv_and_nonce_reproduces_the_normalized_ciphertext(string core, string id)
    {
        var vector = CryptoVectors.Get(id);
        using var cipher = CreateCipher(core, vector);
        var destination = new byte[vector.NormalizedRaw!.Length];

        var written = cipher.Seal(vector.Iv, vector.Nonce, vector.Plaintext, vector.AssociatedData, destination);

        Assert.Equal(vector.NormalizedRaw.Length, written);
        Assert.Equal(Convert.ToHexString(vector.NormalizedRaw), Convert.ToHexString(destination));
    }

    [Theory]
    [MemberData(nameof(LegacyVectors))]
    public void Legacy_vector_normalizes_to_the_published_raw_layout_or_stays_raw(string id)
    {
        var vector = CryptoVectors.Get(id);

        var parsed = LegacyCiphertext.TryNormalize(vector.Ciphertext, out var raw);

        Assert.Equal(!UnparsableLegacy.Contains(id), parsed);
        if (vector.NormalizedRaw is not null)
        {
            Assert.Equal(vector.NormalizedRaw, raw);
        }
    }

    [Fact]
    public void HChaCha20_matches_the_xchacha_draft_known_answer()
    {
        var kat = CryptoVectors.Root.GetProperty("hchacha20_kat");
        var output = new byte[ScalarHChaCha20.OutputSize];

        ScalarHChaCha20.DeriveKey(
            Convert.FromHexString(kat.GetProperty("key_hex").GetString()!),
            Convert.FromHexString(kat.GetProperty("nonce16_hex").GetString()!),
            output);

        Assert.Equal(kat.GetProperty("output_hex").GetString(), Convert.ToHexStringLower(output));
    }

    [Fact]
    public void HChaCha20_of_each_ChaCha20_vector_iv_is_its_published_derived_key()
    {
        foreach (var vector in CryptoVectors.All.Where(v => v.Algorithm == KeyAlgorithm.ChaCha20 && v.DerivedKey is not null))
        {
            var output = new byte[ScalarHChaCha20.OutputSize];
            ScalarHChaCha20.DeriveKey(vector.Key, vector.Iv, output);
            Assert.Equal(vector.DerivedKey, output);
        }
    }

    private static IKeyCipher CreateCipher(string core, CryptoVector vector)
    {
        using var key = SecretKey.FromBytes(vector.Algorithm, vector.Key);
        return Cores.Get(core).CreateCipher(key);
    }

    private static byte[] Filled(int length)
    {
        var buffer = new byte[length];
        Array.Fill(buffer, (byte)0xAA);
        return buffer;
    }
}
