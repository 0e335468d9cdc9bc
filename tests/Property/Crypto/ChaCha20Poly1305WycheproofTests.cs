using Kes.Infrastructure.Crypto.Fast;
using Kes.PropertyTests.Vectors;

namespace Kes.PropertyTests.Crypto;

public class ChaCha20Poly1305WycheproofTests
{
    private const byte Untouched = 0xA5;

    [Fact]
    public void Every_chacha20_poly1305_vector_is_reproduced_or_its_sizes_rejected()
    {
        var file = Wycheproof.Load("chacha20_poly1305_test.json");
        var (run, rejected) = (0, 0);
        foreach (var group in file.TestGroups)
        {
            var supported = group is { KeySize: 256, IvSize: 96, TagSize: 128 };
            foreach (var test in group.Tests)
            {
                var key = Hex(test.Key);
                var nonce = Hex(test.Iv);
                if (supported)
                {
                    Check(test, key, nonce);
                    run++;
                }
                else
                {
                    AssertRejected(test, key, nonce);
                    rejected++;
                }
            }
        }

        Assert.True(run > 0, "no test group had the ChaCha20-Poly1305 sizes");
        Assert.True(rejected > 0, "no test group had other sizes");
    }

    [Fact]
    public void Every_xchacha20_poly1305_vector_is_reproduced_through_hchacha20_or_its_sizes_rejected()
    {
        var file = Wycheproof.Load("xchacha20_poly1305_test.json");
        var (run, rejected) = (0, 0);
        foreach (var group in file.TestGroups)
        {
            var supported = group is { KeySize: 256, IvSize: 192, TagSize: 128 };
            foreach (var test in group.Tests)
            {
                if (supported)
                {
                    var (subkey, nonce) = XChaChaParameters(Hex(test.Key), Hex(test.Iv));
                    Check(test, subkey, nonce);
                    run++;
                }
                else
                {
                    // Either HChaCha20 refuses the first part of the nonce or the AEAD refuses the rest.
                    byte[] subkey, nonce;
                    try
                    {
                        (subkey, nonce) = XChaChaParameters(Hex(test.Key), Hex(test.Iv));
                    }
                    catch (ArgumentException)
                    {
                        rejected++;
                        continue;
                    }

                    AssertRejected(test, subkey, nonce);
                    rejected++;
                }
            }
        }

        Assert.True(run > 0, "no test group had the XChaCha20-Poly1305 sizes");
        Assert.True(rejected > 0, "no test group had other sizes");
    }

    /// <summary>
    /// XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha §2.3) as the composition of the two primitives:
    /// key' = HChaCha20(key, n[0..16)), nonce' = 0⁴ ‖ n[16..). The split is written for any length so
    /// that only the library's own size checks decide which nonces are accepted.
    /// </summary>
    private static (byte[] Subkey, byte[] Nonce) XChaChaParameters(byte[] key, byte[] extendedNonce)
    {
        var split = Math.Min(16, extendedNonce.Length);
        var subkey = new byte[32];
        HChaCha20.DeriveKey(key, extendedNonce.AsSpan(0, split), subkey);
        byte[] nonce = [0, 0, 0, 0, .. extendedNonce.AsSpan(split)];
        return (subkey, nonce);
    }

    private static void Check(WycheproofTest test, byte[] key, byte[] nonce)
    {
        var message = Hex(test.Msg);
        var associatedData = Hex(test.Aad);
        var ciphertext = Hex(test.Ct);
        var tag = Hex(test.Tag);
        var id = $"tcId {test.TcId} ({test.Comment})";

        var plaintext = new byte[ciphertext.Length];
        Array.Fill(plaintext, Untouched);
        var opened = FastChaCha20Poly1305.Open(key, nonce, ciphertext, tag, associatedData, plaintext);
        if (test.Result == "valid")
        {
            Assert.True(opened, $"{id}: a valid vector did not open");
            Assert.Equal($"{id}: {test.Msg}", $"{id}: {Convert.ToHexStringLower(plaintext)}");

            var sealedText = new byte[message.Length];
            var sealedTag = new byte[16];
            FastChaCha20Poly1305.Seal(key, nonce, message, associatedData, sealedText, sealedTag);
            Assert.Equal($"{id}: {test.Ct}{test.Tag}", $"{id}: {Convert.ToHexStringLower(sealedText)}{Convert.ToHexStringLower(sealedTag)}");
        }
        else
        {
            Assert.False(opened, $"{id}: an invalid vector opened");
            Assert.True(plaintext.All(b => b == 0), $"{id}: the output of a failed open was not cleared");
        }
    }

    private static void AssertRejected(WycheproofTest test, byte[] key, byte[] nonce)
    {
        var message = Hex(test.Msg);
        var ciphertext = Hex(test.Ct);
        var output = new byte[Math.Max(message.Length, ciphertext.Length)];
        var tag = new byte[16];
        Array.Fill(output, Untouched);
        Array.Fill(tag, Untouched);
        Assert.Throws<ArgumentException>(() => FastChaCha20Poly1305.Seal(key, nonce, message, Hex(test.Aad), output.AsSpan(0, message.Length), tag));
        Assert.Throws<ArgumentException>(() => FastChaCha20Poly1305.Open(key, nonce, ciphertext, Hex(test.Tag), Hex(test.Aad), output.AsSpan(0, ciphertext.Length)));
        Assert.True(output.All(b => b == Untouched) && tag.All(b => b == Untouched), $"tcId {test.TcId}: a rejected call wrote output");
    }

    private static byte[] Hex(string? hex) => Convert.FromHexString(hex ?? string.Empty);
}
