using Kes.Infrastructure.Crypto.Legacy;

namespace Kes.PropertyTests.Crypto;

/// <summary>Pins down the byte layout the msgpack ciphertext parser accepts, on vector decrypt-03.</summary>
public class MsgpackCiphertextTests
{
    private const string Algorithm = "b1" + "4145533235362d47434d5f534841323536";
    private const string KeyId = "d920" + "3636363837616164663836326264373736633866633138623865396638653230";
    private const string Iv = "4c6fecb01de28cf449a1d9ad7e4b06e7";
    private const string Nonce = "428c135a30d420df505aeabf";
    private const string Sealed = "26ecbb4b0fa356acfdf532b51d5f39d4b4f72b89b0c03bf8e930769e05a40094";
    private const string Raw = Sealed + Iv + Nonce;

    [Theory]
    [InlineData("95" + Algorithm + KeyId + "c410" + Iv + "c40c" + Nonce + "c420" + Sealed)]
    [InlineData("95" + "d911" + "4145533235362d47434d5f534841323536" + KeyId + "c410" + Iv + "c40c" + Nonce + "c420" + Sealed)]
    [InlineData("95" + "da0006" + "414553323536" + KeyId + "c410" + Iv + "c40c" + Nonce + "c420" + Sealed)]
    [InlineData("95" + "db00000008" + "4368614368613230" + KeyId + "c410" + Iv + "c40c" + Nonce + "c420" + Sealed)]
    [InlineData("95" + "b2" + "584348414348413230 2d504f4c5931333035" + "a0" + "c410" + Iv + "c40c" + Nonce + "c420" + Sealed)]
    [InlineData("95" + Algorithm + KeyId + "c50010" + Iv + "c6000000" + "0c" + Nonce + "c50020" + Sealed)]
    [InlineData("95" + Algorithm + "a3" + "ffff00" + "c410" + Iv + "c40c" + Nonce + "c60000" + "0020" + Sealed)]
    public void A_msgpack_ciphertext_in_any_accepted_width_normalizes_to_bytes_iv_nonce(string hex)
    {
        Assert.True(LegacyCiphertext.TryNormalize(Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal)), out var raw));
        Assert.Equal(Raw, Convert.ToHexStringLower(raw));
    }

    [Fact]
    public void Empty_sealed_bytes_still_parse()
    {
        Assert.True(LegacyCiphertext.TryNormalize(Convert.FromHexString("95" + Algorithm + KeyId + "c410" + Iv + "c40c" + Nonce + "c400"), out var raw));
        Assert.Equal(Iv + Nonce, Convert.ToHexStringLower(raw));
    }

    [Theory]
    [InlineData("94" + Algorithm + KeyId + "c410" + Iv + "c40c" + Nonce)]
    [InlineData("95" + "c411" + "4145533235362d47434d5f534841323536" + KeyId + "c410" + Iv + "c40c" + Nonce + "c420" + Sealed)]
    [InlineData("95" + "a7" + "4145532d323536" + KeyId + "c410" + Iv + "c40c" + Nonce + "c420" + Sealed)]
    [InlineData("95" + "a6" + "616573323536" + KeyId + "c410" + Iv + "c40c" + Nonce + "c420" + Sealed)]
    [InlineData("95" + Algorithm + "c420" + "3636363837616164663836326264373736633866633138623865396638653230" + "c410" + Iv + "c40c" + Nonce + "c420" + Sealed)]
    [InlineData("95" + Algorithm + KeyId + "b0" + Iv + "c40c" + Nonce + "c420" + Sealed)]
    [InlineData("95" + Algorithm + KeyId + "c40f" + "6fecb01de28cf449a1d9ad7e4b06e7" + "c40c" + Nonce + "c420" + Sealed)]
    [InlineData("95" + Algorithm + KeyId + "c411" + "00" + Iv + "c40c" + Nonce + "c420" + Sealed)]
    [InlineData("95" + Algorithm + KeyId + "c410" + Iv + "c40b" + "8c135a30d420df505aeabf" + "c420" + Sealed)]
    [InlineData("95" + Algorithm + KeyId + "c410" + Iv + "c40c" + Nonce + "b0" + Sealed)]
    [InlineData("95" + Algorithm + KeyId + "c410" + Iv + "c40c" + Nonce + "c420" + Sealed + "00")]
    [InlineData("95" + Algorithm + KeyId + "c410" + Iv + "c40c" + Nonce + "c421" + Sealed)]
    [InlineData("95" + Algorithm + KeyId + "c410" + Iv + "c40c" + Nonce + "c6ffffffff" + Sealed)]
    [InlineData("95" + Algorithm + KeyId + "c410" + Iv + "c40c" + Nonce)]
    [InlineData("95" + "dbffffffff" + "41")]
    [InlineData("95")]
    public void A_msgpack_ciphertext_that_deviates_from_the_layout_is_not_parsed(string hex)
    {
        Assert.False(LegacyCiphertext.TryNormalize(Convert.FromHexString(hex), out var raw));
        Assert.Empty(raw);
    }

    [Theory]
    [InlineData(0x95, true)]
    [InlineData((byte)'{', true)]
    [InlineData(0x94, false)]
    [InlineData((byte)'[', false)]
    [InlineData(0x00, false)]
    public void Only_msgpack_and_JSON_lead_bytes_may_be_legacy(byte first, bool legacy) =>
        Assert.Equal(legacy, LegacyCiphertext.MayBeLegacy(first));
}
