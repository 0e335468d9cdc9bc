using System.Security.Cryptography;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kes.Infrastructure.Crypto.Fast;
using Kes.PropertyTests.Vectors;

namespace Kes.PropertyTests.Crypto;

public class FastHmacSha256Tests
{
    [Fact]
    public void Every_wycheproof_vector_gives_the_expected_result_for_its_truncated_tag()
    {
        var file = Wycheproof.Load("hmac_sha256_test.json");
        var failures = new List<string>();
        var run = 0;
        foreach (var group in file.TestGroups)
        {
            foreach (var test in group.Tests)
            {
                run++;
                var mac = Mac(Convert.FromHexString(test.Key!), Convert.FromHexString(test.Msg!));
                var expected = Convert.FromHexString(test.Tag!);
                var equal = mac.AsSpan(0, group.TagSize / 8).SequenceEqual(expected);
                if (equal != (test.Result == "valid"))
                {
                    failures.Add($"tcId {test.TcId} (key {group.KeySize} bits, {test.Result}): got {Convert.ToHexString(mac)}");
                }
            }
        }

        Assert.Empty(failures);
        Assert.True(run > 100, $"only {run} vectors ran");
    }

    [Fact]
    public void The_kes_hmac_vectors_are_reproduced()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(VectorFiles.Path("kes-crypto-vectors.json")));
        var run = 0;
        foreach (var vector in document.RootElement.GetProperty("hmac_vectors").EnumerateArray())
        {
            run++;
            var mac = Mac(
                Convert.FromBase64String(vector.GetProperty("hmac_key_b64").GetString()!),
                Convert.FromBase64String(vector.GetProperty("message_b64").GetString()!));
            Assert.Equal(vector.GetProperty("hmac_b64").GetString(), Convert.ToBase64String(mac));
        }

        Assert.True(run > 0);
    }

    [Property(MaxTest = 300)]
    public Property The_mac_equals_the_platform_HMACSHA256() =>
        Prop.ForAll(
            (from key in ByteGen.Between(0, 200)
             from message in ByteGen.Between(0, 300)
             select (Key: key, Message: message)).ToArbitrary(),
            input => Mac(input.Key, input.Message).AsSpan().SequenceEqual(HMACSHA256.HashData(input.Key, input.Message)));

    [Fact]
    public void The_mac_may_overwrite_its_message()
    {
        var key = Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        var buffer = new byte[FastHmacSha256.MacSize];
        buffer.AsSpan().Fill(0x42);
        var expected = HMACSHA256.HashData(key, buffer);

        Span<byte> state = stackalloc byte[FastHmacSha256.StateSize];
        FastHmacSha256.Precompute(key, state);
        FastHmacSha256.Compute(state, buffer, buffer);

        Assert.Equal(expected, buffer);
    }

    [Theory]
    [InlineData(63, 32)]
    [InlineData(64, 31)]
    [InlineData(64, 33)]
    public void Wrong_state_or_mac_sizes_are_rejected(int stateSize, int macSize)
    {
        var state = new byte[stateSize];
        var mac = new byte[macSize];
        Assert.Throws<ArgumentException>(() => FastHmacSha256.Compute(state, [1, 2, 3], mac));
    }

    [Fact]
    public void A_wrong_state_size_is_rejected_when_precomputing() =>
        Assert.Throws<ArgumentException>(() => FastHmacSha256.Precompute([1, 2, 3], new byte[32]));

    private static byte[] Mac(byte[] key, byte[] message)
    {
        var state = new byte[FastHmacSha256.StateSize];
        var mac = new byte[FastHmacSha256.MacSize];
        FastHmacSha256.Precompute(key, state);
        FastHmacSha256.Compute(state, message, mac);
        return mac;
    }
}
