using System.Text;
using Kes.Infrastructure.Crypto.Legacy;

namespace Kes.PropertyTests.Crypto;

/// <summary>Pins down the Go encoding/json rules the legacy JSON ciphertext parser follows, on vector decrypt-00.</summary>
public class LegacyJsonCiphertextTests
{
    private const string Aead = "\"aead\":\"AES-256-GCM-HMAC-SHA-256\"";
    private const string Iv = "\"iv\":\"xLxIN3tSCkg2xMafuvwUwg==\"";
    private const string Nonce = "\"nonce\":\"gu0mGwUkwcvMEoi5\"";
    private const string Bytes = "\"bytes\":\"WVgRjeIJm3w50C/l+y7y2i6mbNg5NCAqN1zvOYWZKmc=\"";
    private const string Raw = "WVgRjeIJm3w50C/l+y7y2i6mbNg5NCAqN1zvOYWZKmfEvEg3e1IKSDbExp+6/BTCgu0mGwUkwcvMEoi5";

    [Theory]
    [InlineData("{" + Aead + "," + Iv + "," + Nonce + "," + Bytes + "}")]
    [InlineData("{\"AEAD\":\"AES-256-GCM-HMAC-SHA-256\",\"IV\":\"xLxIN3tSCkg2xMafuvwUwg==\",\"Nonce\":\"gu0mGwUkwcvMEoi5\",\"BYTES\":\"WVgRjeIJm3w50C/l+y7y2i6mbNg5NCAqN1zvOYWZKmc=\"}")]
    [InlineData("{\"aead\":\"AES-256-GCM-HMAC-SHA-256\",\"\\u0069v\":\"xLxIN3tSCkg2xMafuvwUwg==\"," + Nonce + ",\"byte\u017F\":\"WVgRjeIJm3w50C/l+y7y2i6mbNg5NCAqN1zvOYWZKmc=\"}")]
    [InlineData("{\"aead\":\"AES-256-GCM-HMAC-SHA-256\",\"\u0130v\":\"xLxIN3tSCkg2xMafuvwUwg==\"," + Nonce + "," + Bytes + "}")]
    [InlineData("{" + Bytes + "," + Nonce + "," + Iv + "," + Aead + "}")]
    [InlineData("{" + Aead + ",\"id\":\"66687aadf862bd776c8fc18b8e9f8e20\"," + Iv + "," + Nonce + "," + Bytes + "} \r\n")]
    [InlineData("{" + Aead + ",\"id\":null," + Iv + "," + Nonce + "," + Bytes + "}")]
    [InlineData("{" + Aead + ",\"version\":{\"a\":[1,{\"b\":null}],\"c\":-1.5e3}," + Iv + "," + Nonce + "," + Bytes + "}")]
    [InlineData("{\"aead\":\"AES-256-GCM\"," + Aead + "," + Iv + "," + Nonce + "," + Bytes + "}")]
    [InlineData("{" + Aead + ",\"aead\":null," + Iv + "," + Nonce + "," + Bytes + "}")]
    [InlineData("{" + Aead + ",\"iv\":\"EjOY4JKqjIrPmQ5z1KSR8zlhggY=\"," + Iv + "," + Nonce + "," + Bytes + "}")]
    [InlineData("{" + Aead + ",\"iv\":\"xLxIN3tSCkg2\\r\\nxMafuvwUwg==\\n\"," + Nonce + "," + Bytes + "}")]
    [InlineData("{" + Aead + ",\"iv\":\"xLxIN3tSCkg2xMafuvwUwh==\"," + Nonce + "," + Bytes + "}")]
    [InlineData("{" + Aead + ",\"iv\":[196,188,72,55,123,82,10,72,54,196,198,159,186,252,20,194]," + Nonce + "," + Bytes + "}")]
    [InlineData("{\"aead\":\"AES-256-GCM-HMAC-SHA-256\"," + Iv + "," + Nonce + ",\"bytes\":\"\\u0057VgRjeIJm3w50C\\/l+y7y2i6mbNg5NCAqN1zvOYWZKmc=\"}")]
    public void A_JSON_ciphertext_Go_accepts_normalizes_to_bytes_iv_nonce(string json)
    {
        Assert.True(LegacyCiphertext.TryNormalize(Encoding.UTF8.GetBytes(json), out var raw));
        Assert.Equal(Raw, Convert.ToBase64String(raw));
    }

    [Theory]
    [InlineData("{" + Aead + "," + Iv + "," + Nonce + "}", "")]
    [InlineData("{" + Aead + "," + Iv + "," + Nonce + ",\"bytes\":null}", "")]
    [InlineData("{" + Aead + "," + Iv + "," + Nonce + ",\"bytes\":[]}", "")]
    [InlineData("{" + Aead + "," + Iv + "," + Nonce + ",\"bytes\":[0,null,255]}", "AAD/")]
    public void Absent_null_or_array_bytes_give_the_sealed_part_Go_would_decode(string json, string sealedBase64)
    {
        Assert.True(LegacyCiphertext.TryNormalize(Encoding.UTF8.GetBytes(json), out var raw));
        Assert.Equal(sealedBase64, Convert.ToBase64String(raw[..^28]));
    }

    [Theory]
    [InlineData("{\"aead\":\"AES-256-GCM\"," + Iv + "," + Nonce + "," + Bytes + "}")]
    [InlineData("{\"aead\":\"aes-256-gcm-hmac-sha-256\"," + Iv + "," + Nonce + "," + Bytes + "}")]
    [InlineData("{\"aead\":\"AES256\"," + Iv + "," + Nonce + "," + Bytes + "}")]
    [InlineData("{" + Iv + "," + Nonce + "," + Bytes + "}")]
    [InlineData("{\"aead\":5," + Iv + "," + Nonce + "," + Bytes + "}")]
    [InlineData("{" + Aead + ",\"id\":5," + Iv + "," + Nonce + "," + Bytes + "}")]
    [InlineData("{" + Aead + "," + Nonce + "," + Bytes + "}")]
    [InlineData("{" + Aead + "," + Iv + ",\"iv\":null," + Nonce + "," + Bytes + "}")]
    [InlineData("{" + Aead + "," + Iv + ",\"iv\":\"EjOY4JKqjIrPmQ5z1KSR8zlhggY=\"," + Nonce + "," + Bytes + "}")]
    [InlineData("{" + Aead + "," + Iv + ",\"nonce\":\"efY+4kYF9n8=\"," + Bytes + "}")]
    [InlineData("{" + Aead + ",\"iv\":\"xLxIN3tSCkg2 xMafuvwUwg==\"," + Nonce + "," + Bytes + "}")]
    [InlineData("{" + Aead + ",\"iv\":\"xLxIN3tSCkg2xMafuvwUwg\"," + Nonce + "," + Bytes + "}")]
    [InlineData("{" + Aead + ",\"iv\":\"xLxIN3tSCkg2xMafuvwUwg=\"," + Nonce + "," + Bytes + "}")]
    [InlineData("{" + Aead + ",\"iv\":\"xLxIN3tSCkg2xMafuvwUw-==\"," + Nonce + "," + Bytes + "}")]
    [InlineData("{" + Aead + ",\"iv\":\"xLxIN3tSCkg2xMafuvwUwg==\\t\"," + Nonce + "," + Bytes + "}")]
    [InlineData("{" + Aead + ",\"iv\":16," + Nonce + "," + Bytes + "}")]
    [InlineData("{" + Aead + ",\"iv\":[256,188,72,55,123,82,10,72,54,196,198,159,186,252,20,194]," + Nonce + "," + Bytes + "}")]
    [InlineData("{" + Aead + ",\"iv\":[-1,188,72,55,123,82,10,72,54,196,198,159,186,252,20,194]," + Nonce + "," + Bytes + "}")]
    [InlineData("{" + Aead + ",\"iv\":[1.0,188,72,55,123,82,10,72,54,196,198,159,186,252,20,194]," + Nonce + "," + Bytes + "}")]
    [InlineData("{" + Aead + ",\"iv\":[\"1\",188,72,55,123,82,10,72,54,196,198,159,186,252,20,194]," + Nonce + "," + Bytes + "}")]
    [InlineData("{" + Aead + ",\"iv\":\"\\ud800\"," + Nonce + "," + Bytes + "}")]
    [InlineData(" {" + Aead + "," + Iv + "," + Nonce + "," + Bytes + "}")]
    [InlineData("{" + Aead + "," + Iv + "," + Nonce + "," + Bytes + "}{}")]
    [InlineData("{" + Aead + "," + Iv + "," + Nonce + "," + Bytes + "} x")]
    [InlineData("{" + Aead + " " + Iv + "," + Nonce + "," + Bytes + "}")]
    [InlineData("{" + Aead + "," + Iv + "," + Nonce + "," + Bytes + ",}")]
    [InlineData("{" + Aead + "," + Iv + "," + Nonce + "," + Bytes)]
    [InlineData("{\"\u212Aaead\":\"AES-256-GCM-HMAC-SHA-256\"," + Iv + "," + Nonce + "," + Bytes + "}")]
    public void A_JSON_ciphertext_Go_rejects_is_not_parsed(string json)
    {
        Assert.False(LegacyCiphertext.TryNormalize(Encoding.UTF8.GetBytes(json), out var raw));
        Assert.Empty(raw);
    }

    [Fact]
    public void Unknown_values_nested_deeper_than_the_default_reader_limit_are_skipped_as_Go_does()
    {
        var deep = new string('[', 200) + new string(']', 200);
        var json = "{" + Aead + ",\"x\":" + deep + "," + Iv + "," + Nonce + "," + Bytes + "}";

        Assert.True(LegacyCiphertext.TryNormalize(Encoding.UTF8.GetBytes(json), out _));
    }
}
