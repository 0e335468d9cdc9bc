namespace Kes.PropertyTests.Crypto;

/// <summary>Builds protobuf bytes by hand, for decoder tests that need shapes the encoder never writes.</summary>
internal static class ProtoBuilder
{
    public static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }

    public static byte[] Tag(int field, int wireType) => Varint(((ulong)field << 3) | (uint)wireType);

    public static byte[] VarintField(int field, ulong value) => [.. Tag(field, 0), .. Varint(value)];

    public static byte[] BytesField(int field, params byte[][] parts)
    {
        byte[] payload = [.. parts.SelectMany(p => p)];
        return [.. Tag(field, 2), .. Varint((ulong)payload.Length), .. payload];
    }

    public static byte[] SecretKeyField(byte[] key, ulong type) => BytesField(1, BytesField(1, key), VarintField(2, type));

    public static byte[] HmacKeyField(byte[] key, ulong hash = 1) => BytesField(2, BytesField(1, key), VarintField(2, hash));

    public static byte[] TimestampField(long seconds, int nanos) =>
        BytesField(3, VarintField(1, (ulong)seconds), VarintField(2, (ulong)(long)nanos));

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    /// <summary>The stored value of a message: base64, as the keystore holds it.</summary>
    public static byte[] Stored(byte[] message) => System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(message));
}
