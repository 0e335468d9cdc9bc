// Power-on known-answer tests for any ISealer, from the KES vectors (kes-crypto-vectors.json):
//   decrypt-06  AES256    seal with a fixed iv and nonce → exact bytes; open; a flipped bit fails
//   decrypt-07  ChaCha20  the same
//   decrypt-03  AES256    legacy msgpack ciphertext opens
//   decrypt-01  ChaCha20  legacy JSON ciphertext opens
//
//   key 32 bytes   iv 16   nonce 12   plaintext 28 (legacy 16)   context 16 zero bytes (legacy none)

using System.Security.Cryptography;
using System.Text;
using Kes.Domain.Keys;
using Kes.Domain.Ports;

namespace Kes.Infrastructure.Crypto.SelfTest;

/// <summary>The start-up self-test a sealing core must pass before it is used.</summary>
public static class KnownAnswerTests
{
    private const string Key = "7431db4d6828f98877bbcd384980793b254ccba4622de258050b61d5fe8a9445";
    private const string Plaintext = "08b709a3290509664390422252af5b251ab00b05bd643bdd82ef0430";
    private const string Context = "00000000000000000000000000000000";

    private const string AesIv = "74efaad1d4f36253d5f86232c7d780fc";
    private const string AesNonce = "6bcd6ddabdb1b33e2055969c";
    private const string AesSealed =
        "b368267d01de19d9722fcc75c84592002515dc6ad2a33dedd7ad21ba0320cca5a0caa7ac5c35542790f0e4cb"
        + "74efaad1d4f36253d5f86232c7d780fc6bcd6ddabdb1b33e2055969c";

    private const string ChaChaIv = "5fb7915115a6425419b3871ece26cf67";
    private const string ChaChaNonce = "d165adc47decc9223179c20a";
    private const string ChaChaSealed =
        "80ee30a1122cc0025d8d48d6ef3d80a6c490c49970076e328cbae61f8788eec074ba1e677c425f93dc9b4cf1"
        + "5fb7915115a6425419b3871ece26cf67d165adc47decc9223179c20a";

    private const string LegacyKey = "0000000000000000000000000000000000000000000000000000000000000000";
    private const string LegacyPlaintext = "00000000000000000000000000000000";

    private const string LegacyMsgpackAes =
        "95b14145533235362d47434d5f534841323536d9203636363837616164663836326264373736633866633138"
        + "623865396638653230c4104c6fecb01de28cf449a1d9ad7e4b06e7c40c428c135a30d420df505aeabfc420"
        + "26ecbb4b0fa356acfdf532b51d5f39d4b4f72b89b0c03bf8e930769e05a40094";

    private const string LegacyJsonChaCha =
        """{"aead":"ChaCha20Poly1305","iv":"s3fSZ6vk5m+DfQA8yZWeUg==","nonce":"8/kHMnCMs3h9NZ2a","bytes":"cw22HjLq/4cx8507SW4hhSrYbDiMuRao4b5+GE+XfbE="}""";

    /// <summary>Runs every known-answer test against <paramref name="sealer"/>; false if any result differs.</summary>
    public static bool Run(ISealer sealer)
    {
        ArgumentNullException.ThrowIfNull(sealer);
        try
        {
            return SealsAndOpens(sealer, KeyAlgorithm.Aes256, AesIv, AesNonce, AesSealed)
                && SealsAndOpens(sealer, KeyAlgorithm.ChaCha20, ChaChaIv, ChaChaNonce, ChaChaSealed)
                && OpensLegacy(sealer, KeyAlgorithm.Aes256, Convert.FromHexString(LegacyMsgpackAes))
                && OpensLegacy(sealer, KeyAlgorithm.ChaCha20, Encoding.UTF8.GetBytes(LegacyJsonChaCha));
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static bool SealsAndOpens(ISealer sealer, KeyAlgorithm algorithm, string iv, string nonce, string expectedHex)
    {
        var plaintext = Convert.FromHexString(Plaintext);
        var context = Convert.FromHexString(Context);
        var expected = Convert.FromHexString(expectedHex);
        using var key = CreateKey(algorithm, Key);
        using var cipher = sealer.CreateCipher(key);

        var sealedBytes = new byte[plaintext.Length + IKeyCipher.Overhead];
        var written = cipher.Seal(Convert.FromHexString(iv), Convert.FromHexString(nonce), plaintext, context, sealedBytes);
        if (written != expected.Length || !sealedBytes.AsSpan().SequenceEqual(expected))
        {
            return false;
        }

        var opened = new byte[expected.Length];
        if (!cipher.TryOpen(expected, context, opened, out var length) || !opened.AsSpan(0, length).SequenceEqual(plaintext))
        {
            return false;
        }

        expected[0] ^= 1;
        return !cipher.TryOpen(expected, context, opened, out _);
    }

    private static bool OpensLegacy(ISealer sealer, KeyAlgorithm algorithm, byte[] ciphertext)
    {
        using var key = CreateKey(algorithm, LegacyKey);
        using var cipher = sealer.CreateCipher(key);
        var opened = new byte[ciphertext.Length];
        return cipher.TryOpen(ciphertext, [], opened, out var length)
            && opened.AsSpan(0, length).SequenceEqual(Convert.FromHexString(LegacyPlaintext));
    }

    // The test keys are public vectors, but they still go through a stack buffer rather than a byte[].
    private static SecretKey CreateKey(KeyAlgorithm algorithm, string keyHex)
    {
        Span<byte> key = stackalloc byte[SecretKey.Size];
        Convert.FromHexString(keyHex, key, out _, out _);
        var secretKey = SecretKey.FromBytes(algorithm, key);
        CryptographicOperations.ZeroMemory(key);
        return secretKey;
    }
}
