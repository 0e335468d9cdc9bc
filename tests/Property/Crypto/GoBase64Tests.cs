using System.Text;
using FsCheck.Xunit;
using Kes.Infrastructure.Crypto.Go;

namespace Kes.PropertyTests.Crypto;

/// <summary>The constant-time base64 agrees with .NET on canonical text and with Go on the rest.</summary>
public class GoBase64Tests
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    [Property]
    public bool Encoding_matches_the_standard_encoder(byte[] data)
    {
        var encoded = new byte[GoBase64.EncodedLength(data.Length)];
        GoBase64.Encode(data, encoded);
        return Encoding.ASCII.GetString(encoded) == Convert.ToBase64String(data);
    }

    [Property]
    public bool Decoding_inverts_the_standard_encoder_also_in_place(byte[] data)
    {
        var text = Encoding.ASCII.GetBytes(Convert.ToBase64String(data));
        var length = GoBase64.DecodedLength(text);
        var decoded = new byte[length];
        var ok = GoBase64.TryDecode(text, decoded);
        var inPlace = GoBase64.TryDecode(text, text.AsSpan(0, length));
        return ok && inPlace && decoded.AsSpan().SequenceEqual(data) && text.AsSpan(0, length).SequenceEqual(data);
    }

    [Fact]
    public void Every_byte_outside_the_alphabet_padding_and_newlines_is_rejected()
    {
        for (var c = 0; c < 256; c++)
        {
            var text = new byte[] { (byte)'A', (byte)'A', (byte)'A', (byte)c };
            var length = GoBase64.DecodedLength(text);
            var valid = length >= 0 && GoBase64.TryDecode(text, new byte[length]);
            Assert.Equal(Alphabet.Contains((char)c, StringComparison.Ordinal) || c == '=', valid);
        }
    }

    [Theory]
    [InlineData("AB==", "00")]
    [InlineData("AAB=", "0000")]
    [InlineData("A\r\nA\n==\r\n", "00")]
    [InlineData("", "")]
    [InlineData("\r\n", "")]
    public void Go_accepts_unused_low_bits_and_newlines(string text, string hex)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        var decoded = new byte[GoBase64.DecodedLength(bytes)];

        Assert.True(GoBase64.TryDecode(bytes, decoded));
        Assert.Equal(hex, Convert.ToHexString(decoded));
    }

    [Theory]
    [InlineData("A")]
    [InlineData("AA")]
    [InlineData("AA=")]
    [InlineData("A===")]
    [InlineData("====")]
    [InlineData("AA=A")]
    [InlineData("AA==AAAA")]
    [InlineData("AAAA=")]
    public void Incomplete_or_misplaced_padding_is_rejected(string text) =>
        Assert.Equal(-1, GoBase64.DecodedLength(Encoding.ASCII.GetBytes(text)));

    // Offsets as Go 1.22's base64.StdEncoding.DecodeString reports them (CorruptInputError).
    [Theory]
    [InlineData("YWJj", -1)]
    [InlineData("YQ==", -1)]
    [InlineData("YWI=\n", -1)]
    [InlineData("abc", 0)]
    [InlineData("ab\n", 1)]
    [InlineData("bad-key", 3)]
    [InlineData("abcd=", 4)]
    [InlineData("ab=", 3)]
    [InlineData("ab=x", 2)]
    [InlineData("abc=x", 4)]
    [InlineData("a===", 1)]
    public void The_corrupt_input_offset_is_the_byte_Go_names(string text, int offset) =>
        Assert.Equal(offset, GoBase64.CorruptInputOffset(Encoding.ASCII.GetBytes(text)));
}
