using System.Buffers.Binary;
using System.Text;

namespace Kes.Infrastructure.Seals;

/// <summary>The stored form of a sealed key value (docs/keystores.md §9.2): text, so that every keystore (a Secrets Manager <c>SecretString</c> too) can hold it.</summary>
/// <remarks>
/// <c>kes-sealed:</c> followed by the standard base64 of
/// <code>
/// version    1 byte   1
/// mechanism  8 bytes  big-endian PKCS#11 mechanism (CKM_AES_GCM = 0x1087)
/// label      1 byte length, then UTF-8: the root key's label
/// iv         1 byte length, then the IV (12 bytes for GCM)
/// sealed     the rest: ciphertext ‖ 16-byte tag
/// </code>
/// The associated data is <c>kes-sealed</c> ‖ the header (version to IV) ‖ the UTF-8 key name, so
/// that neither the header nor the name can change without the value failing to open. Upstream's
/// stored values are base64 or JSON and never contain <c>:</c>, so the prefix tells sealed from unsealed.
/// </remarks>
internal sealed class SealedValue
{
    /// <summary>The one format version written and read.</summary>
    public const byte Version = 1;

    private const string Prefix = "kes-sealed:";
    private static readonly byte[] PrefixBytes = Encoding.ASCII.GetBytes(Prefix);
    private static readonly byte[] AadLabel = "kes-sealed"u8.ToArray();

    private SealedValue(ulong mechanism, string keyLabel, byte[] iv, byte[] ciphertext, byte[] header)
    {
        Mechanism = mechanism;
        KeyLabel = keyLabel;
        Iv = iv;
        Ciphertext = ciphertext;
        Header = header;
    }

    /// <summary>The PKCS#11 mechanism that sealed it.</summary>
    public ulong Mechanism { get; }

    /// <summary>The label of the root key that sealed it.</summary>
    public string KeyLabel { get; }

    /// <summary>The IV.</summary>
    public byte[] Iv { get; }

    /// <summary>Ciphertext ‖ tag.</summary>
    public byte[] Ciphertext { get; }

    private byte[] Header { get; }

    /// <summary>Whether a stored value is sealed rather than an upstream (unsealed) key text.</summary>
    public static bool IsSealed(ReadOnlySpan<byte> stored) => stored.StartsWith(PrefixBytes);

    /// <summary>A new value's header, before its ciphertext exists.</summary>
    public static SealedValue Create(ulong mechanism, string keyLabel, byte[] iv) =>
        new(mechanism, keyLabel, iv, [], BuildHeader(mechanism, keyLabel, iv));

    /// <summary>Parses a stored value.</summary>
    /// <exception cref="FormatException">The value is not a sealed value of a known version.</exception>
    public static SealedValue Parse(ReadOnlySpan<byte> stored)
    {
        if (!IsSealed(stored))
        {
            throw new FormatException("the stored value is not sealed");
        }

        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(Encoding.ASCII.GetString(stored[PrefixBytes.Length..]));
        }
        catch (FormatException)
        {
            throw new FormatException("the sealed value is not valid base64");
        }

        var span = blob.AsSpan();
        if (span.Length < 1 + 8 + 1 || span[0] != Version)
        {
            throw new FormatException(span.Length == 0 ? "the sealed value is empty" : $"unknown sealed value version {span[0]}");
        }

        var mechanism = BinaryPrimitives.ReadUInt64BigEndian(span[1..]);
        var offset = 9;
        var label = Field(span, ref offset);
        var iv = Field(span, ref offset);
        return new SealedValue(mechanism, Encoding.UTF8.GetString(label), iv.ToArray(), span[offset..].ToArray(), span[..offset].ToArray());
    }

    /// <summary>The associated data for key <paramref name="name"/>.</summary>
    public byte[] AssociatedData(string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        return [.. AadLabel, .. Header, .. nameBytes];
    }

    /// <summary>The stored text of this header with <paramref name="ciphertext"/>.</summary>
    public byte[] Format(ReadOnlySpan<byte> ciphertext) =>
        Encoding.ASCII.GetBytes(Prefix + Convert.ToBase64String([.. Header, .. ciphertext]));

    private static byte[] BuildHeader(ulong mechanism, string keyLabel, byte[] iv)
    {
        var label = Encoding.UTF8.GetBytes(keyLabel);
        if (label.Length > byte.MaxValue || iv.Length > byte.MaxValue)
        {
            throw new ArgumentException("a root key label or IV longer than 255 bytes cannot be recorded");
        }

        var header = new byte[1 + 8 + 1 + label.Length + 1 + iv.Length];
        header[0] = Version;
        BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(1), mechanism);
        header[9] = (byte)label.Length;
        label.CopyTo(header, 10);
        header[10 + label.Length] = (byte)iv.Length;
        iv.CopyTo(header, 11 + label.Length);
        return header;
    }

    private static ReadOnlySpan<byte> Field(ReadOnlySpan<byte> blob, ref int offset)
    {
        if (offset >= blob.Length || offset + 1 + blob[offset] > blob.Length)
        {
            throw new FormatException("the sealed value is truncated");
        }

        var field = blob.Slice(offset + 1, blob[offset]);
        offset += 1 + blob[offset];
        return field;
    }
}
