// Legacy OpenSSL PEM encryption: RFC 1423 headers (Proc-Type: 4,ENCRYPTED; DEK-Info: <cipher>,<hex iv>),
// key = EVP_BytesToKey(MD5, password, salt = iv[0..8]), CBC with PKCS#7 padding. Port of Go's x509.DecryptPEMBlock.
//
// | DEK-Info cipher | key | iv = block |
// |-----------------|-----|------------|
// | DES-CBC         |   8 |  8         |
// | DES-EDE3-CBC    |  24 |  8         |
// | AES-128-CBC     |  16 | 16         |
// | AES-192-CBC     |  24 | 16         |
// | AES-256-CBC     |  32 | 16         |
//
// It is unauthenticated and insecure by design; KES reads it only because old key files use it.
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Kes.Credentials.Pem;

/// <summary>Decrypts a private key PEM block that carries legacy OpenSSL encryption headers, with Go's checks and messages.</summary>
public static class LegacyPemDecryption
{
    public const string IncorrectPassword = "x509: decryption password incorrect";

    /// <summary>Go's <c>x509.IsEncryptedPEMBlock</c>: the block has a <c>DEK-Info</c> header.</summary>
    public static bool IsEncrypted(PemBlock block) => block.Headers.ContainsKey("DEK-Info");

    /// <summary>The plaintext DER; the caller zeroes it after use.</summary>
    /// <exception cref="TlsLoadException">A malformed header, an unknown cipher, or a wrong password.</exception>
    public static byte[] Decrypt(PemBlock block, string password)
    {
        if (!block.Headers.TryGetValue("DEK-Info", out var dekInfo))
        {
            throw new TlsLoadException("x509: no DEK-Info header in block");
        }

        var comma = dekInfo.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0)
        {
            throw new TlsLoadException("x509: malformed DEK-Info header");
        }

        var (algorithm, keySize, blockSize) = dekInfo[..comma] switch
        {
            "DES-CBC" => ("DES", 8, 8),
            "DES-EDE3-CBC" => ("DESEDE", 24, 8),
            "AES-128-CBC" => ("AES", 16, 16),
            "AES-192-CBC" => ("AES", 24, 16),
            "AES-256-CBC" => ("AES", 32, 16),
            _ => throw new TlsLoadException("x509: unknown encryption mode"),
        };

        var iv = DecodeHex(dekInfo[(comma + 1)..]);
        if (iv.Length != blockSize)
        {
            throw new TlsLoadException("x509: incorrect IV size");
        }

        if (block.Bytes.Length % blockSize != 0)
        {
            throw new TlsLoadException("x509: encrypted PEM data is not a multiple of the block size");
        }

        var passwordBytes = Encoding.UTF8.GetBytes(password);
        KeyParameter key;
        try
        {
            var generator = new OpenSslPbeParametersGenerator();
            generator.Init(passwordBytes, iv.AsSpan(0, 8).ToArray());
            key = (KeyParameter)generator.GenerateDerivedMacParameters(keySize * 8);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
        }

        var cipher = CipherUtilities.GetCipher(algorithm + "/CBC/NOPADDING");
        cipher.Init(false, new ParametersWithIV(key, iv));
        var data = cipher.DoFinal(block.Bytes);
        return Unpad(data, blockSize);
    }

    private static byte[] Unpad(byte[] data, int blockSize)
    {
        if (data.Length == 0 || data.Length % blockSize != 0)
        {
            throw new TlsLoadException("x509: invalid padding");
        }

        int last = data[^1];
        var valid = last >= 1 && last <= blockSize && last <= data.Length;
        for (var i = data.Length - Math.Min(last, data.Length); valid && i < data.Length; i++)
        {
            valid = data[i] == last;
        }

        if (!valid)
        {
            CryptographicOperations.ZeroMemory(data);
            throw new TlsLoadException(IncorrectPassword);
        }

        var plaintext = data[..^last];
        CryptographicOperations.ZeroMemory(data);
        return plaintext;
    }

    private static byte[] DecodeHex(string hex)
    {
        for (var i = 0; i < hex.Length; i++)
        {
            if (!char.IsAsciiHexDigit(hex[i]))
            {
                throw new TlsLoadException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"encoding/hex: invalid byte: U+{(int)hex[i]:X4} '{hex[i]}'"));
            }
        }

        if (hex.Length % 2 != 0)
        {
            throw new TlsLoadException("encoding/hex: odd length hex string");
        }

        return Convert.FromHexString(hex);
    }
}
