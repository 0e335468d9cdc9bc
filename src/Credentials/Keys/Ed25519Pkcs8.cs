// PKCS#8 (RFC 5208/5958) PrivateKeyInfo holding an Ed25519 key (RFC 8410 §7):
// SEQUENCE { version, AlgorithmIdentifier { 1.3.101.112 }, privateKey OCTET STRING { OCTET STRING seed }, [1] publicKey OPTIONAL }.
//
// | seed | public key | Go's encoding |
// |------|------------|---------------|
// |   32 |         32 |      48 bytes |
using System.Formats.Asn1;

namespace Kes.Credentials.Keys;

/// <summary>Reads the Ed25519 seed out of a PKCS#8 private key, as the <c>kes</c> CLI does for API keys and key files.</summary>
public static class Ed25519Pkcs8
{
    /// <summary>The seed size.</summary>
    public const int SeedSize = 32;

    private const string Ed25519Oid = "1.3.101.112";

    /// <summary>Whether <paramref name="pkcs8"/> is a PKCS#8 key of any algorithm, and which (its OID).</summary>
    public static bool TryReadAlgorithm(ReadOnlySpan<byte> pkcs8, out string algorithm)
    {
        algorithm = string.Empty;
        try
        {
            AsnDecoder.ReadSequence(pkcs8, AsnEncodingRules.DER, out var offset, out var length, out var consumed);
            if (consumed != pkcs8.Length)
            {
                return false;
            }

            var info = pkcs8.Slice(offset, length);
            AsnDecoder.ReadInteger(info, AsnEncodingRules.DER, out consumed);
            info = info[consumed..];
            AsnDecoder.ReadSequence(info, AsnEncodingRules.DER, out offset, out length, out _);
            algorithm = AsnDecoder.ReadObjectIdentifier(info.Slice(offset, length), AsnEncodingRules.DER, out _);
            return true;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    /// <summary>Copies the seed of an Ed25519 PKCS#8 key into <paramref name="seed"/> (32 bytes); false for any other input.</summary>
    public static bool TryReadSeed(ReadOnlySpan<byte> pkcs8, Span<byte> seed)
    {
        if (seed.Length != SeedSize || !TryReadAlgorithm(pkcs8, out var algorithm) || algorithm != Ed25519Oid)
        {
            return false;
        }

        try
        {
            AsnDecoder.ReadSequence(pkcs8, AsnEncodingRules.DER, out var offset, out var length, out _);
            var info = pkcs8.Slice(offset, length);
            AsnDecoder.ReadEncodedValue(info, AsnEncodingRules.DER, out _, out _, out var consumed);
            info = info[consumed..];
            AsnDecoder.ReadEncodedValue(info, AsnEncodingRules.DER, out _, out _, out consumed);
            info = info[consumed..];
            AsnDecoder.ReadEncodedValue(info, AsnEncodingRules.DER, out var contentOffset, out var contentLength, out _);
            var privateKey = info.Slice(contentOffset, contentLength);
            return AsnDecoder.TryReadOctetString(privateKey, seed, AsnEncodingRules.DER, out consumed, out var written)
                && consumed == privateKey.Length
                && written == SeedSize;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }
}
