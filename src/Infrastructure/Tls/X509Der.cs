using System.Formats.Asn1;

namespace Kes.Infrastructure.Tls;

/// <summary>Reads the two things KES needs from a DER certificate, without building a certificate object: the raw SubjectPublicKeyInfo and the basicConstraints cA flag.</summary>
/// <remarks>
/// RFC 5280 §4.1: <c>TBSCertificate ::= SEQUENCE { [0] version OPTIONAL, serialNumber, signature,
/// issuer, validity, subject, subjectPublicKeyInfo, [1] issuerUID OPTIONAL, [2] subjectUID OPTIONAL,
/// [3] extensions OPTIONAL }</c>. The SPKI is hashed as encoded (Go's <c>RawSubjectPublicKeyInfo</c>),
/// so it is sliced out of the input, never re-encoded.
/// </remarks>
internal static class X509Der
{
    private const AsnEncodingRules Rules = AsnEncodingRules.DER;

    // DER of OBJECT IDENTIFIER 2.5.29.19 (id-ce-basicConstraints).
    private static ReadOnlySpan<byte> BasicConstraintsOid => [0x06, 0x03, 0x55, 0x1D, 0x13];

    private static readonly Asn1Tag VersionTag = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag ExtensionsTag = new(TagClass.ContextSpecific, 3, isConstructed: true);

    /// <summary>Slices the SubjectPublicKeyInfo out of <paramref name="certificate"/> and reports whether it is a CA certificate.</summary>
    /// <returns>False when the input is not a well-formed certificate.</returns>
    public static bool TryRead(ReadOnlySpan<byte> certificate, out Range subjectPublicKeyInfo, out bool isCertificateAuthority)
    {
        subjectPublicKeyInfo = default;
        isCertificateAuthority = false;
        try
        {
            return TryReadCore(certificate, out subjectPublicKeyInfo, out isCertificateAuthority);
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    private static bool TryReadCore(ReadOnlySpan<byte> certificate, out Range spki, out bool isCa)
    {
        spki = default;
        isCa = false;
        AsnDecoder.ReadSequence(certificate, Rules, out var certOffset, out var certLength, out var consumed);
        if (consumed != certificate.Length)
        {
            return false;
        }

        AsnDecoder.ReadSequence(certificate.Slice(certOffset, certLength), Rules, out var tbsOffset, out var tbsLength, out _);
        var position = certOffset + tbsOffset;
        var end = position + tbsLength;

        // Skip the optional version, then serialNumber, signature, issuer, validity and subject.
        var fieldsBeforeSpki = Asn1Tag.Decode(certificate[position..end], out _).HasSameClassAndValue(VersionTag) ? 6 : 5;
        for (var i = 0; i < fieldsBeforeSpki; i++)
        {
            AsnDecoder.ReadEncodedValue(certificate[position..end], Rules, out _, out _, out consumed);
            position += consumed;
        }

        AsnDecoder.ReadEncodedValue(certificate[position..end], Rules, out _, out _, out consumed);
        spki = new Range(position, position + consumed);
        position += consumed;

        while (position < end)
        {
            var tag = AsnDecoder.ReadEncodedValue(certificate[position..end], Rules, out var contentOffset, out var contentLength, out consumed);
            if (tag.HasSameClassAndValue(ExtensionsTag))
            {
                isCa = HasCaBasicConstraints(certificate.Slice(position + contentOffset, contentLength));
            }

            position += consumed;
        }

        return true;
    }

    // Extensions ::= SEQUENCE OF Extension; Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
    private static bool HasCaBasicConstraints(ReadOnlySpan<byte> explicitExtensions)
    {
        AsnDecoder.ReadSequence(explicitExtensions, Rules, out var listOffset, out var listLength, out _);
        var list = explicitExtensions.Slice(listOffset, listLength);
        while (!list.IsEmpty)
        {
            AsnDecoder.ReadSequence(list, Rules, out var extOffset, out var extLength, out var consumed);
            var extension = list.Slice(extOffset, extLength);
            list = list[consumed..];

            AsnDecoder.ReadEncodedValue(extension, Rules, out _, out _, out var oidLength);
            if (!extension[..oidLength].SequenceEqual(BasicConstraintsOid))
            {
                continue;
            }

            var rest = extension[oidLength..];
            if (Asn1Tag.Decode(rest, out _).HasSameClassAndValue(Asn1Tag.Boolean))
            {
                AsnDecoder.ReadBoolean(rest, Rules, out var booleanLength);
                rest = rest[booleanLength..];
            }

            var value = AsnDecoder.ReadOctetString(rest, Rules, out _);
            return IsCa(value);
        }

        return false;
    }

    // BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL }
    private static bool IsCa(ReadOnlySpan<byte> basicConstraints)
    {
        AsnDecoder.ReadSequence(basicConstraints, Rules, out var offset, out var length, out _);
        var content = basicConstraints.Slice(offset, length);
        return !content.IsEmpty
            && Asn1Tag.Decode(content, out _).HasSameClassAndValue(Asn1Tag.Boolean)
            && AsnDecoder.ReadBoolean(content, Rules, out _);
    }
}
