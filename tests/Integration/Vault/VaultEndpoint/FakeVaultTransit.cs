using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Kes.IntegrationTests.Vault.VaultEndpoint;

/// <summary>The fake Vault's Transit engine: AES-256-GCM keys by name, <c>vault:v1:</c> ciphertexts.</summary>
/// <remarks>
/// Statuses and bodies as OpenBao 2.1.1 gave them (docs/COMPATIBILITY.md): encrypt 200 <c>data: {ciphertext,
/// key_version: 1}</c>, decrypt 200 <c>data: {plaintext}</c>. As Vault's Transit API document says,
/// encrypting with a key that does not exist creates it, and a ciphertext that does not open answers
/// 400. The ciphertext layout after the prefix (base64 of nonce and sealed text) is the fake's own.
/// </remarks>
public sealed class FakeVaultTransit
{
    private const string Prefix = "vault:v1:";
    private readonly ConcurrentDictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    /// <summary>Answers <c>encrypt/&lt;key&gt;</c> and <c>decrypt/&lt;key&gt;</c>.</summary>
    public VaultReply Handle(string method, string rest, JsonObject? body)
    {
        var parts = rest.Split('/', 2);
        if (method is not ("POST" or "PUT") || parts.Length != 2)
        {
            return VaultReply.Errors(405, "unsupported operation");
        }

        return parts[0] switch
        {
            "encrypt" => Encrypt(parts[1], (string?)body?["plaintext"]),
            "decrypt" => Decrypt(parts[1], (string?)body?["ciphertext"]),
            _ => VaultReply.Errors(405, "unsupported operation"),
        };
    }

    private VaultReply Encrypt(string name, string? plaintext)
    {
        if (plaintext is null)
        {
            return VaultReply.Errors(400, "missing plaintext to encrypt");
        }

        var key = _keys.GetOrAdd(name, _ => RandomNumberGenerator.GetBytes(32));
        var data = Convert.FromBase64String(plaintext);
        var sealedText = new byte[12 + data.Length + 16];
        RandomNumberGenerator.Fill(sealedText.AsSpan(0, 12));
        using (var gcm = new AesGcm(key, 16))
        {
            gcm.Encrypt(sealedText.AsSpan(0, 12), data, sealedText.AsSpan(12, data.Length), sealedText.AsSpan(12 + data.Length), Encoding.UTF8.GetBytes(name));
        }

        return VaultReply.Ok(new JsonObject { ["ciphertext"] = Prefix + Convert.ToBase64String(sealedText), ["key_version"] = 1 });
    }

    private VaultReply Decrypt(string name, string? ciphertext)
    {
        if (ciphertext is null || !ciphertext.StartsWith(Prefix, StringComparison.Ordinal) || !_keys.TryGetValue(name, out var key))
        {
            return VaultReply.Errors(400, "invalid ciphertext: no prefix");
        }

        var sealedText = Convert.FromBase64String(ciphertext[Prefix.Length..]);
        var data = new byte[sealedText.Length - 28];
        try
        {
            using var gcm = new AesGcm(key, 16);
            gcm.Decrypt(sealedText.AsSpan(0, 12), sealedText.AsSpan(12, data.Length), sealedText.AsSpan(12 + data.Length), data, Encoding.UTF8.GetBytes(name));
        }
        catch (AuthenticationTagMismatchException)
        {
            return VaultReply.Errors(400, "cipher: message authentication failed");
        }

        return VaultReply.Ok(new JsonObject { ["plaintext"] = Convert.ToBase64String(data) });
    }
}
