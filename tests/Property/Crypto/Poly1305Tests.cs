using System.Numerics;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kes.Infrastructure.Crypto.Fast;

namespace Kes.PropertyTests.Crypto;

public class Poly1305Tests
{
    [Fact]
    public void Compute_reproduces_rfc8439_section_2_5_2()
    {
        var tag = new byte[16];
        Poly1305.Compute(
            Convert.FromHexString("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b"),
            Encoding.ASCII.GetBytes("Cryptographic Forum Research Group"),
            tag);
        Assert.Equal("a8061dc1305136c6c22b8baf0c0127a9", Convert.ToHexStringLower(tag));
    }

    [Property]
    public Property Compute_equals_the_big_integer_definition() =>
        Prop.ForAll(
            Inputs().ToArbitrary(),
            input =>
            {
                var tag = new byte[16];
                Poly1305.Compute(input.Key, input.Message, tag);
                return Convert.ToHexString(tag) == Convert.ToHexString(Reference(input.Key, input.Message));
            });

    [Property]
    public Property UpdatePadded_equals_compute_over_the_zero_padded_blocks() =>
        Prop.ForAll(
            Inputs().ToArbitrary(),
            input =>
            {
                var padded = new byte[(input.Message.Length + 15) / 16 * 16];
                input.Message.CopyTo(padded, 0);
                var expected = new byte[16];
                Poly1305.Compute(input.Key, padded, expected);

                var mac = new Poly1305(input.Key);
                mac.UpdatePadded(input.Message);
                var actual = new byte[16];
                mac.Finish(actual);
                return actual.AsSpan().SequenceEqual(expected);
            });

    [Fact]
    public void Wrong_sizes_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new Poly1305(new byte[31]));
        Assert.Throws<ArgumentException>(() => Poly1305.Compute(new byte[32], [], new byte[15]));
    }

    /// <summary>RFC 8439 §2.5 read literally, on arbitrary-precision integers.</summary>
    private static byte[] Reference(byte[] key, byte[] message)
    {
        var p = (BigInteger.One << 130) - 5;
        var r = new BigInteger(key.AsSpan(0, 16), isUnsigned: true) & new BigInteger(Convert.FromHexString("ffffff0ffcffff0ffcffff0ffcffff0f"), isUnsigned: true);
        var s = new BigInteger(key.AsSpan(16, 16), isUnsigned: true);
        var accumulator = BigInteger.Zero;
        for (var offset = 0; offset < message.Length; offset += 16)
        {
            var block = message.AsSpan(offset, Math.Min(16, message.Length - offset));
            var n = new BigInteger(block, isUnsigned: true) + (BigInteger.One << (8 * block.Length));
            accumulator = (accumulator + n) * r % p;
        }

        var tag = ((accumulator + s) & ((BigInteger.One << 128) - 1)).ToByteArray(isUnsigned: true);
        Array.Resize(ref tag, 16);
        return tag;
    }

    /// <summary>Keys and messages biased towards 0x00 and 0xFF bytes, where carries and the final reduction go wrong.</summary>
    private static Gen<(byte[] Key, byte[] Message)> Inputs()
    {
        var edgyByte = Gen.Frequency(
            (2, Gen.Constant((byte)0xFF)),
            (1, Gen.Constant((byte)0x00)),
            (2, Gen.Choose(0, 255).Select(b => (byte)b)));
        return from key in Gen.ArrayOf(edgyByte, 32)
               from length in Gen.Choose(0, 200)
               from message in Gen.ArrayOf(edgyByte, length)
               select (key, message);
    }
}
