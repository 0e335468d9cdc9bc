using Kes.Infrastructure.Crypto.Fast;
using Kes.PropertyTests.Vectors;

namespace Kes.PropertyTests.Crypto;

public class FastAesGcmWycheproofTests
{
    private static readonly WycheproofFile Vectors = Wycheproof.Load("aes_gcm_test.json");

    private static bool IsSupportedSize(WycheproofGroup group) => group is { KeySize: 256, IvSize: 96, TagSize: 128 };

    [Fact]
    public void Every_vector_with_a_256_bit_key_96_bit_nonce_and_128_bit_tag_gives_the_expected_result()
    {
        var failures = new List<string>();
        var run = 0;
        foreach (var group in Vectors.TestGroups)
        {
            if (!IsSupportedSize(group))
            {
                continue;
            }

            foreach (var test in group.Tests)
            {
                run++;
                var failure = test.Result == "valid" ? CheckValid(test) : CheckInvalid(test);
                if (failure is not null)
                {
                    failures.Add($"tcId {test.TcId} ({test.Comment}): {failure}");
                }
            }
        }

        Assert.Empty(failures);
        Assert.True(run > 60, $"only {run} vectors ran");
    }

    [Fact]
    public void Every_vector_with_another_key_nonce_or_tag_size_is_rejected_without_output()
    {
        var failures = new List<string>();
        var run = 0;
        foreach (var group in Vectors.TestGroups)
        {
            if (IsSupportedSize(group))
            {
                continue;
            }

            foreach (var test in group.Tests)
            {
                run++;
                var failure = CheckRejected(test);
                if (failure is not null)
                {
                    failures.Add($"tcId {test.TcId} (key {group.KeySize}, iv {group.IvSize}, tag {group.TagSize}): {failure}");
                }
            }
        }

        Assert.Empty(failures);
        Assert.True(run > 0, "no vector of another size ran");
    }

    private static string? CheckValid(WycheproofTest test)
    {
        var (key, iv, aad, msg, ct, tag) = Decode(test);
        var sealedText = new byte[msg.Length];
        var sealedTag = new byte[FastAesGcm.TagSize];
        FastAesGcm.Seal(key, iv, msg, aad, sealedText, sealedTag);
        if (!sealedText.AsSpan().SequenceEqual(ct) || !sealedTag.AsSpan().SequenceEqual(tag))
        {
            return $"sealed to {Convert.ToHexString(sealedText)} / {Convert.ToHexString(sealedTag)}";
        }

        var opened = new byte[ct.Length];
        if (!FastAesGcm.Open(key, iv, ct, tag, aad, opened))
        {
            return "open rejected a valid ciphertext";
        }

        return opened.AsSpan().SequenceEqual(msg) ? null : $"opened to {Convert.ToHexString(opened)}";
    }

    private static string? CheckInvalid(WycheproofTest test)
    {
        var (key, iv, aad, _, ct, tag) = Decode(test);
        var opened = new byte[ct.Length];
        opened.AsSpan().Fill(0xA5);
        if (FastAesGcm.Open(key, iv, ct, tag, aad, opened))
        {
            return "open accepted an invalid ciphertext";
        }

        return Array.TrueForAll(opened, b => b == 0) ? null : "open left bytes in the output";
    }

    private static string? CheckRejected(WycheproofTest test)
    {
        var (key, iv, aad, msg, ct, tag) = Decode(test);
        var output = new byte[Math.Max(msg.Length, ct.Length)];
        var outputTag = new byte[FastAesGcm.TagSize];
        try
        {
            FastAesGcm.Seal(key, iv, msg, aad, output.AsSpan(0, msg.Length), outputTag);
            return "seal did not throw";
        }
        catch (ArgumentException)
        {
        }

        try
        {
            FastAesGcm.Open(key, iv, ct, tag, aad, output.AsSpan(0, ct.Length));
            return "open did not throw";
        }
        catch (ArgumentException)
        {
        }

        return Array.TrueForAll(output, b => b == 0) && Array.TrueForAll(outputTag, b => b == 0) ? null : "output was written";
    }

    private static (byte[] Key, byte[] Iv, byte[] Aad, byte[] Msg, byte[] Ct, byte[] Tag) Decode(WycheproofTest test) =>
        (Hex(test.Key), Hex(test.Iv), Hex(test.Aad), Hex(test.Msg), Hex(test.Ct), Hex(test.Tag));

    private static byte[] Hex(string? hex) => Convert.FromHexString(hex ?? string.Empty);
}
