using System.Formats.Asn1;

namespace Kes.Credentials.Certificates;

/// <summary>The two fields of a DER certificate that KES needs, read with <see cref="AsnReader"/> without building a certificate object: the raw SubjectPublicKeyInfo and the basicConstraints cA flag.</summary>
/// <remarks>
/// RFC 5280 §4.1: <c>TBSCertificate ::= SEQUENCE { [0] version OPTIONAL, serialNumber, signature,
/// issuer, validity, subject, subjectPublicKeyInfo, [1] issuerUID OPTIONAL, [2] subjectUID OPTIONAL,
/// [3] extensions OPTIONAL }</c>. The SPKI is hashed as encoded (docs/api.md §6.1), so it is a slice
/// of the input, never re-encoded.
/// </remarks>
public static class CertificateFields
{
    private const AsnEncodingRules Rules = AsnEncodingRules.DER;
    private const string BasicConstraintsOid = "2.5.29.19";
    private const int FieldsBeforeSubjectPublicKeyInfo = 5;

    private static readonly Asn1Tag VersionTag = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag ExtensionsTag = new(TagClass.ContextSpecific, 3, isConstructed: true);

    /// <summary>Slices the SubjectPublicKeyInfo out of <paramref name="certificate"/> and reports whether it is a CA certificate.</summary>
    /// <returns>False when the input is not a well-formed certificate.</returns>
    public static bool TryRead(ReadOnlyMemory<byte> certificate, out ReadOnlyMemory<byte> subjectPublicKeyInfo, out bool isCertificateAuthority)
    {
        subjectPublicKeyInfo = default;
        isCertificateAuthority = false;
        try
        {
            var outer = new AsnReader(certificate, Rules);
            var tbs = outer.ReadSequence().ReadSequence();
            outer.ThrowIfNotEmpty();
            if (tbs.PeekTag().HasSameClassAndValue(VersionTag))
            {
                tbs.ReadEncodedValue();
            }

            for (var i = 0; i < FieldsBeforeSubjectPublicKeyInfo; i++)
            {
                tbs.ReadEncodedValue();
            }

            subjectPublicKeyInfo = tbs.ReadEncodedValue();
            while (tbs.HasData)
            {
                if (!tbs.PeekTag().HasSameClassAndValue(ExtensionsTag))
                {
                    tbs.ReadEncodedValue();
                    continue;
                }

                isCertificateAuthority = HasCaBasicConstraints(tbs.ReadSequence(ExtensionsTag).ReadSequence());
            }

            return true;
        }
        catch (AsnContentException)
        {
            subjectPublicKeyInfo = default;
            isCertificateAuthority = false;
            return false;
        }
    }

    // Extension ::= SEQUENCE { extnID OBJECT IDENTIFIER, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
    private static bool HasCaBasicConstraints(AsnReader extensions)
    {
        while (extensions.HasData)
        {
            var extension = extensions.ReadSequence();
            if (extension.ReadObjectIdentifier() != BasicConstraintsOid)
            {
                continue;
            }

            if (extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
            {
                extension.ReadBoolean();
            }

            // BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL }
            var constraints = new AsnReader(extension.ReadOctetString(), Rules).ReadSequence();
            return constraints.HasData
                && constraints.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean)
                && constraints.ReadBoolean();
        }

        return false;
    }
}
