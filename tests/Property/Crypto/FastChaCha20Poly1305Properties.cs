using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kes.Infrastructure.Crypto.Fast;

namespace Kes.PropertyTests.Crypto;

public class FastChaCha20Poly1305Properties
{
    [Property]
    public Property Seal_equals_the_platform_chacha20_poly1305_byte_for_byte() =>
        Prop.ForAll(
            ChaChaInput.Arbitrary(),
            input =>
            {
                var expectedText = new byte[input.Plaintext.Length];
                var expectedTag = new byte[16];
                using (var platform = new ChaCha20Poly1305(input.Key))
                {
                    platform.Encrypt(input.Nonce, input.Plaintext, expectedText, expectedTag, input.AssociatedData);
                }

                var (text, tag) = Seal(input);
                return text.AsSpan().SequenceEqual(expectedText) && tag.AsSpan().SequenceEqual(expectedTag);
            });

    [Property]
    public Property Open_accepts_what_the_platform_sealed() =>
        Prop.ForAll(
            ChaChaInput.Arbitrary(),
            input =>
            {
                var text = new byte[input.Plaintext.Length];
                var tag = new byte[16];
                using (var platform = new ChaCha20Poly1305(input.Key))
                {
                    platform.Encrypt(input.Nonce, input.Plaintext, text, tag, input.AssociatedData);
                }

                var opened = new byte[text.Length];
                return FastChaCha20Poly1305.Open(input.Key, input.Nonce, text, tag, input.AssociatedData, opened)
                    && opened.AsSpan().SequenceEqual(input.Plaintext);
            });

    [Property]
    public Property Open_of_seal_returns_the_plaintext() =>
        Prop.ForAll(
            ChaChaInput.Arbitrary(),
            input =>
            {
                var (text, tag) = Seal(input);
                var opened = new byte[text.Length];
                return FastChaCha20Poly1305.Open(input.Key, input.Nonce, text, tag, input.AssociatedData, opened)
                    && opened.AsSpan().SequenceEqual(input.Plaintext);
            });

    [Property]
    public Property Sealing_and_opening_in_place_equal_the_separate_buffers() =>
        Prop.ForAll(
            ChaChaInput.Arbitrary(),
            input =>
            {
                var (expected, expectedTag) = Seal(input);
                var buffer = (byte[])input.Plaintext.Clone();
                var tag = new byte[16];
                FastChaCha20Poly1305.Seal(input.Key, input.Nonce, buffer, input.AssociatedData, buffer, tag);
                var sealedInPlace = buffer.AsSpan().SequenceEqual(expected) && tag.AsSpan().SequenceEqual(expectedTag);
                var opened = FastChaCha20Poly1305.Open(input.Key, input.Nonce, buffer, tag, input.AssociatedData, buffer);
                return sealedInPlace && opened && buffer.AsSpan().SequenceEqual(input.Plaintext);
            });

    [Property]
    public Property Flipping_any_bit_of_ciphertext_tag_or_associated_data_fails_and_clears_the_output() =>
        Prop.ForAll(
            ChaChaInput.Arbitrary(),
            input =>
            {
                var (text, tag) = Seal(input);
                byte[] sealedParts = [.. text, .. tag, .. input.AssociatedData];
                var bit = input.Seed % (8 * sealedParts.Length);
                sealedParts[bit / 8] ^= (byte)(1 << (bit % 8));

                var opened = new byte[text.Length];
                Array.Fill(opened, (byte)0xA5);
                var ciphertext = sealedParts.AsSpan(0, text.Length);
                var forgedTag = sealedParts.AsSpan(text.Length, 16);
                var associatedData = sealedParts.AsSpan(text.Length + 16);
                return !FastChaCha20Poly1305.Open(input.Key, input.Nonce, ciphertext, forgedTag, associatedData, opened)
                    && opened.All(b => b == 0);
            });

    [Fact]
    public void A_wrong_context_is_rejected_as_not_authentic()
    {
        var input = new ChaChaInput(new byte[32], new byte[12], [1, 2, 3], [4, 5], 0);
        var (text, tag) = Seal(input);
        Assert.False(FastChaCha20Poly1305.Open(input.Key, input.Nonce, text, tag, [4, 6], new byte[3]));
        Assert.False(FastChaCha20Poly1305.Open(input.Key, input.Nonce, text, tag, [], new byte[3]));
    }

    [Theory]
    [InlineData(31, 12, 16)]
    [InlineData(33, 12, 16)]
    [InlineData(16, 12, 16)]
    [InlineData(32, 8, 16)]
    [InlineData(32, 11, 16)]
    [InlineData(32, 13, 16)]
    [InlineData(32, 24, 16)]
    [InlineData(32, 12, 12)]
    [InlineData(32, 12, 15)]
    [InlineData(32, 12, 17)]
    public void Other_key_nonce_or_tag_sizes_are_rejected(int keyLength, int nonceLength, int tagLength)
    {
        var output = new byte[5];
        var tag = new byte[tagLength];
        Assert.Throws<ArgumentException>(() => FastChaCha20Poly1305.Seal(new byte[keyLength], new byte[nonceLength], new byte[5], [], output, tag));
        Assert.Throws<ArgumentException>(() => FastChaCha20Poly1305.Open(new byte[keyLength], new byte[nonceLength], new byte[5], tag, [], output));
        Assert.All(output, b => Assert.Equal(0, b));
        Assert.All(tag, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Mismatched_lengths_and_shifted_overlaps_are_rejected()
    {
        var key = new byte[32];
        var nonce = new byte[12];
        var buffer = new byte[64];
        Assert.Throws<ArgumentException>(() => FastChaCha20Poly1305.Seal(key, nonce, new byte[10], [], new byte[11], new byte[16]));
        Assert.Throws<ArgumentException>(() => FastChaCha20Poly1305.Open(key, nonce, new byte[10], new byte[16], [], new byte[9]));
        Assert.Throws<ArgumentException>(() => FastChaCha20Poly1305.Seal(key, nonce, buffer.AsSpan(0, 10), [], buffer.AsSpan(1, 10), new byte[16]));
        Assert.Throws<ArgumentException>(() => FastChaCha20Poly1305.Open(key, nonce, buffer.AsSpan(1, 10), new byte[16], [], buffer.AsSpan(0, 10)));
        Assert.Throws<ArgumentException>(() => FastChaCha20Poly1305.Seal(key, nonce, new byte[10], [], buffer.AsSpan(0, 10), buffer.AsSpan(5, 16)));
        Assert.Throws<ArgumentException>(() => FastChaCha20Poly1305.Open(key, nonce, new byte[10], buffer.AsSpan(5, 16), [], buffer.AsSpan(0, 10)));
    }

    [Fact]
    public void Seal_and_open_allocate_nothing_in_steady_state()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var plaintext = RandomNumberGenerator.GetBytes(600);
        var associatedData = RandomNumberGenerator.GetBytes(40);
        var text = new byte[plaintext.Length];
        var tag = new byte[16];
        var opened = new byte[plaintext.Length];
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
                FastChaCha20Poly1305.Seal(key, nonce, plaintext, associatedData, text, tag);
                all &= FastChaCha20Poly1305.Open(key, nonce, text, tag, associatedData, opened);
            }

            return all;
        }
    }

    private static (byte[] Text, byte[] Tag) Seal(ChaChaInput input)
    {
        var text = new byte[input.Plaintext.Length];
        var tag = new byte[16];
        FastChaCha20Poly1305.Seal(input.Key, input.Nonce, input.Plaintext, input.AssociatedData, text, tag);
        return (text, tag);
    }
}
