// Legacy OpenSSL PEM encryption as Go's x509.EncryptPEMBlock writes it (RFC 1423 headers):
// Proc-Type: 4,ENCRYPTED; DEK-Info: AES-256-CBC,<hex iv>; key = EVP_BytesToKey(MD5, password, salt = iv[0..8]);
// CBC with PKCS#7 padding. Insecure by design; `kes identity new --encrypt` writes it because upstream does.
//
// | cipher      | key | iv = block | salt |
// |-------------|-----|------------|------|
// | AES-256-CBC |  32 |         16 |    8 |
using System.Security.Cryptography;
using System.Text;

namespace Kes.Credentials.Pem;

/// <summary>Writes a private key as a legacy-encrypted PEM block that <c>LegacyPemDecryption</c> (and Go, and OpenSSL) can read.</summary>
public static class LegacyPemEncryption
{
    private const int KeySize = 32;
    private const int BlockSize = 16;
    private const int LineLength = 64;

    /// <summary>The PEM text (ASCII) of <paramref name="der"/> encrypted under <paramref name="password"/>.</summary>
    public static byte[] Encrypt(string type, ReadOnlySpan<byte> der, string password)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(password);
        Span<byte> iv = stackalloc byte[BlockSize];
        RandomNumberGenerator.Fill(iv);
        Span<byte> key = stackalloc byte[KeySize];
        var passwordBytes = GC.AllocateArray<byte>(Encoding.UTF8.GetByteCount(password), pinned: true);
        var ciphertext = new byte[(der.Length / BlockSize + 1) * BlockSize];
        try
        {
            Encoding.UTF8.GetBytes(password, passwordBytes);
            DeriveKey(passwordBytes, iv[..8], key);
            using (var aes = Aes.Create())
            {
                aes.SetKey(key);
                aes.EncryptCbc(der, iv, ciphertext, PaddingMode.PKCS7);
            }

            return Pem(type, iv, ciphertext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(passwordBytes);
        }
    }

    // EVP_BytesToKey with MD5 and one iteration: D_i = MD5(D_{i-1} || password || salt), key = D_1 || D_2.
    private static void DeriveKey(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, Span<byte> key)
    {
        Span<byte> input = stackalloc byte[MD5.HashSizeInBytes + password.Length + salt.Length];
        try
        {
            var previous = 0;
            for (var offset = 0; offset < key.Length; offset += MD5.HashSizeInBytes)
            {
                var length = previous;
                password.CopyTo(input[length..]);
                length += password.Length;
                salt.CopyTo(input[length..]);
                length += salt.Length;
#pragma warning disable CA5351 // The legacy PEM format fixes MD5 as its key derivation; readers expect exactly this.
                MD5.HashData(input[..length], key.Slice(offset, MD5.HashSizeInBytes));
#pragma warning restore CA5351
                key.Slice(offset, MD5.HashSizeInBytes).CopyTo(input);
                previous = MD5.HashSizeInBytes;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
        }
    }

    private static byte[] Pem(string type, ReadOnlySpan<byte> iv, byte[] ciphertext)
    {
        var pem = new StringBuilder();
        pem.Append("-----BEGIN ").Append(type).Append("-----\n");
        pem.Append("Proc-Type: 4,ENCRYPTED\n");
        pem.Append("DEK-Info: AES-256-CBC,").Append(Convert.ToHexStringLower(iv)).Append("\n\n");
        var base64 = Convert.ToBase64String(ciphertext);
        for (var offset = 0; offset < base64.Length; offset += LineLength)
        {
            pem.Append(base64, offset, Math.Min(LineLength, base64.Length - offset)).Append('\n');
        }

        pem.Append("-----END ").Append(type).Append("-----\n");
        return Encoding.ASCII.GetBytes(pem.ToString());
    }
}
