using System.Text.Json;
using Kes.Infrastructure.Crypto.Fast;
using Kes.PropertyTests.Vectors;

namespace Kes.PropertyTests.Crypto;

public class HChaCha20Tests
{
    private const string DraftKey = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private const string DraftNonce = "000000090000004a0000000031415927";
    private const string DraftOutput = "82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc";

    [Fact]
    public void Derives_the_known_answer_of_the_xchacha_draft()
    {
        var output = new byte[32];
        HChaCha20.DeriveKey(Convert.FromHexString(DraftKey), Convert.FromHexString(DraftNonce), output);
        Assert.Equal(DraftOutput, Convert.ToHexStringLower(output));
    }

    [Fact]
    public void Derives_the_known_answer_of_the_shared_vector_file()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(VectorFiles.Path("kes-crypto-vectors.json")));
        var kat = document.RootElement.GetProperty("hchacha20_kat");
        var output = new byte[32];
        HChaCha20.DeriveKey(
            Convert.FromHexString(kat.GetProperty("key_hex").GetString()!),
            Convert.FromHexString(kat.GetProperty("nonce16_hex").GetString()!),
            output);
        Assert.Equal(kat.GetProperty("output_hex").GetString(), Convert.ToHexStringLower(output));
    }

    [Fact]
    public void Derives_the_per_message_key_of_every_upstream_chacha20_vector()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(VectorFiles.Path("kes-crypto-vectors.json")));
        var run = 0;
        foreach (var vector in document.RootElement.GetProperty("vectors").EnumerateArray())
        {
            if (vector.GetProperty("key_type").GetString() != "ChaCha20" || !vector.TryGetProperty("derived_key_hex", out var derived))
            {
                continue;
            }

            var output = new byte[32];
            HChaCha20.DeriveKey(
                Convert.FromBase64String(vector.GetProperty("key_b64").GetString()!),
                Convert.FromHexString(vector.GetProperty("iv_hex").GetString()!),
                output);
            Assert.Equal($"{vector.GetProperty("id")}: {derived.GetString()}", $"{vector.GetProperty("id")}: {Convert.ToHexStringLower(output)}");
            run++;
        }

        Assert.True(run > 0);
    }

    [Fact]
    public void The_output_may_overwrite_the_key_or_the_nonce()
    {
        var key = Convert.FromHexString(DraftKey);
        HChaCha20.DeriveKey(key, Convert.FromHexString(DraftNonce), key);
        Assert.Equal(DraftOutput, Convert.ToHexStringLower(key));

        var buffer = new byte[48];
        Convert.FromHexString(DraftNonce).CopyTo(buffer, 0);
        HChaCha20.DeriveKey(Convert.FromHexString(DraftKey), buffer.AsSpan(0, 16), buffer.AsSpan(0, 32));
        Assert.Equal(DraftOutput, Convert.ToHexStringLower(buffer.AsSpan(0, 32)));
    }

    [Theory]
    [InlineData(31, 16, 32)]
    [InlineData(33, 16, 32)]
    [InlineData(32, 12, 32)]
    [InlineData(32, 24, 32)]
    [InlineData(32, 16, 31)]
    [InlineData(32, 16, 64)]
    public void Other_sizes_are_rejected(int keyLength, int nonceLength, int outputLength)
    {
        var output = new byte[outputLength];
        Assert.Throws<ArgumentException>(() => HChaCha20.DeriveKey(new byte[keyLength], new byte[nonceLength], output));
        Assert.All(output, b => Assert.Equal(0, b));
    }
}
