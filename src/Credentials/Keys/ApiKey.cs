// KES API key (docs/cli.md §3, docs/crypto.md §10): "kes:v1:" + base64_std_padded(0x00 || Ed25519 seed).
// Identity = hex SHA-256 of the SPKI 302a300506032b6570032100 || public key.
//
// | type byte | seed | encoded | string | public key |
// |-----------|------|---------|--------|------------|
// | 1 (0x00)  |  32  |   33    | 7 + 44 |     32     |
using Kes.Credentials.Certificates;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Kes.Domain.Identities;
using Kes.Domain.Keys;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Kes.Credentials.Keys;

/// <summary>An Ed25519 API key: the seed (in <see cref="SecretMemory"/>), its public key and KES identity, and the client certificate a TLS client presents for it.</summary>
public sealed class ApiKey : IDisposable
{
    /// <summary>The prefix of the canonical string; parsing accepts keys without it, as kms-go does.</summary>
    public const string Prefix = "kes:v1:";

    /// <summary>Size of the Ed25519 seed.</summary>
    public const int SeedSize = 32;

    private const int EncodedSize = 1 + SeedSize;
    private const int Base64Size = 44;
    private const byte Ed25519Type = 0;

    private static ReadOnlySpan<byte> SpkiPrefix => [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00];

    private readonly SecretMemory _seed;
    private readonly byte[] _publicKey;

    private ApiKey(SecretMemory seed)
    {
        _seed = seed;
        _publicKey = new byte[Ed25519.PublicKeySize];
        Ed25519.GeneratePublicKey(seed.Span, _publicKey);
        Span<byte> spki = stackalloc byte[SpkiPrefix.Length + Ed25519.PublicKeySize];
        SpkiPrefix.CopyTo(spki);
        _publicKey.CopyTo(spki[SpkiPrefix.Length..]);
        Identity = Identity.FromSubjectPublicKeyInfo(spki);
    }

    /// <summary>The identity the server computes for this key's certificates.</summary>
    public Identity Identity { get; }

    /// <summary>The 32-byte Ed25519 public key.</summary>
    public ReadOnlySpan<byte> PublicKey => _publicKey;

    /// <summary>A new key from the operating system's CSPRNG.</summary>
    public static ApiKey Generate() => new(SecretMemory.Random(SeedSize));

    /// <summary>The key with the given 32-byte seed (e.g. from a PKCS#8 Ed25519 private key).</summary>
    public static ApiKey FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedSize)
        {
            throw new ArgumentException($"an Ed25519 seed is {SeedSize} bytes", nameof(seed));
        }

        return new ApiKey(SecretMemory.CopyOf(seed));
    }

    /// <summary>Parses an API key as kms-go v0.3.1 does.</summary>
    /// <exception cref="FormatException">
    /// <c>illegal base64 data at input byte N</c>, <c>kes: invalid API key: invalid length</c> or
    /// <c>kes: invalid API key: unsupported type</c>; the message never contains key material.
    /// </exception>
    public static ApiKey Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var key, out var error) ? key : throw new FormatException(error);
    }

    /// <summary>Parses an API key as kms-go v0.3.1 does; false for anything <see cref="Parse"/> rejects.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out ApiKey? key) =>
        TryParse(text ?? string.Empty, out key, out _);

    /// <summary>A self-signed client certificate for this key as docs/cli.md §3 describes: CN = identity, 90 days, digitalSignature, clientAuth, not a CA.</summary>
    public GeneratedCertificate CreateCertificate() =>
        CreateCertificate(new CertificateTemplate { CommonName = Identity.Value, Validity = TimeSpan.FromDays(90), ClientAuth = true });

    /// <summary>A self-signed certificate for this key from <paramref name="template"/> (e.g. <c>kes identity new</c> with SANs and serverAuth).</summary>
    public GeneratedCertificate CreateCertificate(CertificateTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return X509Generator.CreateEd25519(_seed, _publicKey, template);
    }

    /// <summary>The canonical <c>kes:v1:…</c> string: the secret itself, for a key file or a deliberate print, never for a log.</summary>
    public string Reveal()
    {
        Span<byte> encoded = stackalloc byte[EncodedSize];
        Span<char> base64 = stackalloc char[Base64Size];
        try
        {
            encoded[0] = Ed25519Type;
            _seed.Span.CopyTo(encoded[1..]);
            Convert.TryToBase64Chars(encoded, base64, out _);
            return string.Concat(Prefix, base64);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(encoded);
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(base64));
        }
    }

    /// <summary>The identity, not the key: an interpolated <c>{apiKey}</c> must never print the secret (use <see cref="Reveal"/>).</summary>
    public override string ToString() => Identity.Value;

    /// <summary>Zeroes and frees the seed.</summary>
    public void Dispose() => _seed.Dispose();

    private static bool TryParse(string text, [NotNullWhen(true)] out ApiKey? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        var body = text.StartsWith(Prefix, StringComparison.Ordinal) ? text.AsSpan(Prefix.Length) : text.AsSpan();

        // Go's StdEncoding skips CR and LF and rejects everything else outside the alphabet.
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (!char.IsAsciiLetterOrDigit(c) && c is not '+' and not '/' and not '=' and not '\r' and not '\n')
            {
                error = $"illegal base64 data at input byte {i}";
                return false;
            }
        }

        if (!Base64.IsValid(body, out var decodedLength))
        {
            error = $"illegal base64 data at input byte {body.Length - (body.Length % 4)}";
            return false;
        }

        if (decodedLength != EncodedSize)
        {
            error = "kes: invalid API key: invalid length";
            return false;
        }

        Span<byte> decoded = stackalloc byte[EncodedSize];
        try
        {
            Convert.TryFromBase64Chars(body, decoded, out _);
            if (decoded[0] != Ed25519Type)
            {
                error = "kes: invalid API key: unsupported type";
                return false;
            }

            key = new ApiKey(SecretMemory.CopyOf(decoded[1..]));
            error = null;
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(decoded);
        }
    }
}
