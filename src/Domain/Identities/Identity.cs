using System.Security.Cryptography;
using Kes.Domain.Keys;

namespace Kes.Domain.Identities;

/// <summary>A KES identity: the lowercase hex SHA-256 of a certificate's SubjectPublicKeyInfo (or any string an admin configured).</summary>
public readonly record struct Identity(string Value)
{
    /// <summary>The empty identity, as a key that records no creator has.</summary>
    public static Identity Empty { get; } = new(string.Empty);

    /// <summary>Whether no identity is set.</summary>
    public bool IsEmpty => string.IsNullOrEmpty(Value);

    /// <summary>Whether <paramref name="value"/> satisfies the name rule that identities share with keys and policies.</summary>
    public static bool IsValid(ReadOnlySpan<char> value) => NameRule.IsValidName(value);

    /// <summary>The identity of a public key given as DER SubjectPublicKeyInfo bytes.</summary>
    public static Identity FromSubjectPublicKeyInfo(ReadOnlySpan<byte> spki)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(spki, hash);
        return new Identity(Convert.ToHexStringLower(hash));
    }

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
