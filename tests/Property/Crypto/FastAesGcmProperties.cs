using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kes.Infrastructure.Crypto.Fast;

namespace Kes.PropertyTests.Crypto;

public class FastAesGcmProperties
{
    [Property(MaxTest = 300)]
    public Property Sealing_equals_the_platform_AesGcm_byte_for_byte() =>
        Prop.ForAll(AeadInput.Arbitrary(), input =>
        {
            var (ciphertext, tag) = Seal(input);
            var expectedCiphertext = new byte[input.Plaintext.Length];
            var expectedTag = new byte[FastAesGcm.TagSize];
            using (var platform = new AesGcm(input.Key, FastAesGcm.TagSize))
            {
                platform.Encrypt(input.Nonce, input.Plaintext, expectedCiphertext, expectedTag, input.AssociatedData);
            }

            return ciphertext.AsSpan().SequenceEqual(expectedCiphertext) && tag.AsSpan().SequenceEqual(expectedTag);
        });

    [Property(MaxTest = 200)]
    public Property Opening_a_sealed_message_returns_the_plaintext() =>
        Prop.ForAll(AeadInput.Arbitrary(), input =>
        {
            var (ciphertext, tag) = Seal(input);
            var opened = new byte[ciphertext.Length];
            return FastAesGcm.Open(input.Key, input.Nonce, ciphertext, tag, input.AssociatedData, opened)
                && opened.AsSpan().SequenceEqual(input.Plaintext);
        });

    [Property(MaxTest = 200)]
    public Property Sealing_and_opening_in_place_equal_the_separate_buffer_results() =>
        Prop.ForAll(AeadInput.Arbitrary(), input =>
        {
            var (ciphertext, tag) = Seal(input);
            var buffer = (byte[])input.Plaintext.Clone();
            var inPlaceTag = new byte[FastAesGcm.TagSize];
            FastAesGcm.Seal(input.Key, input.Nonce, buffer, input.AssociatedData, buffer, inPlaceTag);
            var sealedEqual = buffer.AsSpan().SequenceEqual(ciphertext) && inPlaceTag.AsSpan().SequenceEqual(tag);
            var opened = FastAesGcm.Open(input.Key, input.Nonce, buffer, inPlaceTag, input.AssociatedData, buffer);
            return sealedEqual && opened && buffer.AsSpan().SequenceEqual(input.Plaintext);
        });

    [Property(MaxTest = 300)]
    public Property Flipping_any_bit_of_ciphertext_tag_or_associated_data_fails_and_clears_the_output() =>
        Prop.ForAll(AeadInput.Arbitrary(), input =>
        {
            var (ciphertext, tag) = Seal(input);
            var associatedData = (byte[])input.AssociatedData.Clone();
            var bits = 8 * (ciphertext.Length + tag.Length + associatedData.Length);
            var bit = input.Seed % bits;
            var (target, index) = bit < 8 * ciphertext.Length
                ? (ciphertext, bit)
                : bit < 8 * (ciphertext.Length + tag.Length)
                    ? (tag, bit - (8 * ciphertext.Length))
                    : (associatedData, bit - (8 * (ciphertext.Length + tag.Length)));
            target[index / 8] ^= (byte)(1 << (index % 8));

            var opened = new byte[ciphertext.Length];
            opened.AsSpan().Fill(0xA5);
            return !FastAesGcm.Open(input.Key, input.Nonce, ciphertext, tag, associatedData, opened)
                && Array.TrueForAll(opened, b => b == 0);
        });

    [Property(MaxTest = 50)]
    public Property Opening_with_another_nonce_fails() =>
        Prop.ForAll(AeadInput.Arbitrary(), input =>
        {
            var (ciphertext, tag) = Seal(input);
            var nonce = (byte[])input.Nonce.Clone();
            nonce[input.Seed % nonce.Length] ^= 0x01;
            return !FastAesGcm.Open(input.Key, nonce, ciphertext, tag, input.AssociatedData, new byte[ciphertext.Length]);
        });

    [Theory]
    [InlineData(32, 12, 12)]
    [InlineData(32, 12, 15)]
    [InlineData(32, 16, 16)]
    [InlineData(32, 8, 16)]
    [InlineData(31, 12, 16)]
    [InlineData(33, 12, 16)]
    [InlineData(24, 12, 16)]
    public void Any_key_nonce_or_tag_size_but_32_12_16_is_rejected(int keySize, int nonceSize, int tagSize)
    {
        var key = new byte[keySize];
        var nonce = new byte[nonceSize];
        var tag = new byte[tagSize];
        var text = new byte[20];
        Assert.Throws<ArgumentException>(() => FastAesGcm.Seal(key, nonce, new byte[20], [], text, tag));
        Assert.Throws<ArgumentException>(() => FastAesGcm.Open(key, nonce, new byte[20], tag, [], text));
        Assert.All(text, b => Assert.Equal(0, b));
        Assert.All(tag, b => Assert.Equal(0, b));
    }

    [Fact]
    public void An_output_of_another_length_is_rejected()
    {
        var key = new byte[32];
        var nonce = new byte[12];
        var tag = new byte[16];
        Assert.Throws<ArgumentException>(() => FastAesGcm.Seal(key, nonce, new byte[20], [], new byte[21], tag));
        Assert.Throws<ArgumentException>(() => FastAesGcm.Open(key, nonce, new byte[20], tag, [], new byte[19]));
    }

    [Fact]
    public void Input_and_output_overlapping_at_different_offsets_are_rejected()
    {
        var key = new byte[32];
        var nonce = new byte[12];
        var tag = new byte[16];
        var buffer = new byte[64];
        Assert.Throws<ArgumentException>(() => FastAesGcm.Seal(key, nonce, buffer.AsSpan(0, 32), [], buffer.AsSpan(1, 32), tag));
        Assert.Throws<ArgumentException>(() => FastAesGcm.Open(key, nonce, buffer.AsSpan(1, 32), tag, [], buffer.AsSpan(0, 32)));
    }

    [Fact]
    public void A_tag_overlapping_the_ciphertext_is_rejected()
    {
        var buffer = new byte[48];
        Assert.Throws<ArgumentException>(() =>
            FastAesGcm.Seal(new byte[32], new byte[12], new byte[32], [], buffer.AsSpan(0, 32), buffer.AsSpan(24, 16)));
    }

    [Fact]
    public void The_cpu_running_the_tests_supports_the_fast_core() => Assert.True(FastAesGcm.IsSupported);

    private static (byte[] Ciphertext, byte[] Tag) Seal(AeadInput input)
    {
        var ciphertext = new byte[input.Plaintext.Length];
        var tag = new byte[FastAesGcm.TagSize];
        FastAesGcm.Seal(input.Key, input.Nonce, input.Plaintext, input.AssociatedData, ciphertext, tag);
        return (ciphertext, tag);
    }
}
