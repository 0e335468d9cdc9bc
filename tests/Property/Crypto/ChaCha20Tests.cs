using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kes.Infrastructure.Crypto.Fast;

namespace Kes.PropertyTests.Crypto;

public class ChaCha20Tests
{
    private static readonly byte[] RfcKey = Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    [Fact]
    public void Block_reproduces_rfc8439_section_2_3_2()
    {
        var block = new byte[64];
        ChaCha20.Block(RfcKey, Convert.FromHexString("000000090000004a00000000"), 1, block);
        Assert.Equal(
            "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
            + "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e",
            Convert.ToHexStringLower(block));
    }

    [Fact]
    public void Xor_reproduces_rfc8439_section_2_4_2()
    {
        var plaintext = Encoding.ASCII.GetBytes(
            "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.");
        var ciphertext = new byte[plaintext.Length];
        ChaCha20.Xor(RfcKey, Convert.FromHexString("000000000000004a00000000"), 1, plaintext, ciphertext);
        Assert.Equal(
            "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b"
            + "f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8"
            + "07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736"
            + "5af90bbf74a35be6b40b8eedf2785e42874d",
            Convert.ToHexStringLower(ciphertext));
    }

    [Property]
    public Property The_multi_block_paths_equal_the_single_block_key_stream() =>
        Prop.ForAll(
            Inputs().ToArbitrary(),
            input =>
            {
                // Lengths up to 1300 reach the eight-block, four-block, single-block and partial-block paths.
                var (key, nonce, counter, text) = input;
                var expected = new byte[text.Length];
                var block = new byte[64];
                for (var offset = 0; offset < text.Length; offset += 64)
                {
                    ChaCha20.Block(key, nonce, counter + (uint)(offset / 64), block);
                    for (var i = offset; i < Math.Min(offset + 64, text.Length); i++)
                    {
                        expected[i] = (byte)(text[i] ^ block[i - offset]);
                    }
                }

                var actual = new byte[text.Length];
                ChaCha20.Xor(key, nonce, counter, text, actual);
                ChaCha20.Xor(key, nonce, counter, text, text);
                return actual.AsSpan().SequenceEqual(expected) && text.AsSpan().SequenceEqual(expected);
            });

    [Fact]
    public void A_counter_that_would_wrap_is_rejected()
    {
        var nonce = new byte[12];
        ChaCha20.Xor(RfcKey, nonce, uint.MaxValue, new byte[64], new byte[64]);
        Assert.Throws<ArgumentException>(() => ChaCha20.Xor(RfcKey, nonce, uint.MaxValue, new byte[65], new byte[65]));
    }

    [Fact]
    public void Wrong_sizes_and_shifted_overlap_are_rejected()
    {
        var nonce = new byte[12];
        Assert.Throws<ArgumentException>(() => ChaCha20.Block(new byte[31], nonce, 0, new byte[64]));
        Assert.Throws<ArgumentException>(() => ChaCha20.Block(RfcKey, new byte[8], 0, new byte[64]));
        Assert.Throws<ArgumentException>(() => ChaCha20.Block(RfcKey, nonce, 0, new byte[63]));
        Assert.Throws<ArgumentException>(() => ChaCha20.Xor(RfcKey, nonce, 0, new byte[10], new byte[11]));
        var buffer = new byte[20];
        Assert.Throws<ArgumentException>(() => ChaCha20.Xor(RfcKey, nonce, 0, buffer.AsSpan(0, 10), buffer.AsSpan(1, 10)));
    }

    private static Gen<(byte[] Key, byte[] Nonce, uint Counter, byte[] Text)> Inputs() =>
        from key in Bytes(32)
        from nonce in Bytes(12)
        from counter in Gen.Choose(0, 1000)
        from length in Gen.Choose(0, 1300)
        from text in Bytes(length)
        select (key, nonce, (uint)counter, text);

    private static Gen<byte[]> Bytes(int length) => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), length);
}
