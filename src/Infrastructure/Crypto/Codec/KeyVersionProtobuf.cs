// The protobuf KeyVersion of docs/crypto.md §7.1 (package miniohq.kms), byte-identical to Go's proto.Marshal:
//
//   KeyVersion  1: SecretKey Key   2: HMACKey HMACKey   3: Timestamp CreatedAt   4: string CreatedBy
//   SecretKey   1: bytes Key (32)  2: uint32 Type (1 AES256, 2 ChaCha20)
//   HMACKey     1: bytes Key (32)  2: uint32 Hash (1 SHA256)
//   Timestamp   1: int64 seconds   2: int32 nanos
//
//   Key, HMACKey   38 bytes each on the wire (0a 24 | 0a 20 <32> | 10 <code>)
//   CreatedAt      always present (Go marshals a non-nil Timestamp), zero seconds/nanos omitted inside
//   CreatedBy      omitted when empty

using System.Diagnostics;
using System.Text;
using System.Text.Unicode;
using Kes.Domain.Identities;
using Kes.Domain.Keys;

namespace Kes.Infrastructure.Crypto.Codec;

/// <summary>Writes and reads the protobuf KeyVersion message over spans, so that key bytes only pass through caller-owned buffers.</summary>
internal static class KeyVersionProtobuf
{
    private const int KeyField = 1;
    private const int HmacKeyField = 2;
    private const int CreatedAtField = 3;
    private const int CreatedByField = 4;

    // Inside SecretKey, HMACKey and Timestamp the fields are numbered alike.
    private const int BytesField = 1;
    private const int CodeField = 2;
    private const int SecondsField = 1;
    private const int NanosField = 2;

    private const int KeySize = 32;
    private const int KeyMessageSize = 2 + KeySize + 2;
    private const int NanosPerSecond = 1_000_000_000;

    /// <summary>The encoded size of a key version with this creation time and creator.</summary>
    public static int Size(KesTimestamp createdAt, int createdByLength)
    {
        var timestamp = TimestampSize(createdAt);
        var size = (2 * (2 + KeyMessageSize)) + 1 + ProtoWriter.VarintSize((ulong)timestamp) + timestamp;
        if (createdByLength != 0)
        {
            size += 1 + ProtoWriter.VarintSize((ulong)createdByLength) + createdByLength;
        }

        return size;
    }

    /// <summary>Writes the message into <paramref name="destination"/>, which must be exactly <see cref="Size"/> bytes.</summary>
    public static void Write(SecretKey key, HmacKey hmacKey, KesTimestamp createdAt, ReadOnlySpan<byte> createdBy, Span<byte> destination)
    {
        var writer = new ProtoWriter(destination);
        writer.WriteTag(KeyField, WireType.LengthDelimited);
        writer.WriteVarint(KeyMessageSize);
        writer.WriteTag(BytesField, WireType.LengthDelimited);
        writer.WriteVarint(KeySize);
        key.CopyTo(writer.Reserve(KeySize));
        writer.WriteTag(CodeField, WireType.Varint);
        writer.WriteVarint((ulong)key.Algorithm);

        writer.WriteTag(HmacKeyField, WireType.LengthDelimited);
        writer.WriteVarint(KeyMessageSize);
        writer.WriteTag(BytesField, WireType.LengthDelimited);
        writer.WriteVarint(KeySize);
        hmacKey.CopyTo(writer.Reserve(KeySize));
        writer.WriteTag(CodeField, WireType.Varint);
        writer.WriteVarint(HmacKey.Sha256Code);

        writer.WriteTag(CreatedAtField, WireType.LengthDelimited);
        writer.WriteVarint((ulong)TimestampSize(createdAt));
        if (createdAt.Seconds != 0)
        {
            writer.WriteTag(SecondsField, WireType.Varint);
            writer.WriteVarint((ulong)createdAt.Seconds);
        }

        if (createdAt.Nanos != 0)
        {
            writer.WriteTag(NanosField, WireType.Varint);
            writer.WriteVarint((ulong)createdAt.Nanos);
        }

        if (!createdBy.IsEmpty)
        {
            writer.WriteTag(CreatedByField, WireType.LengthDelimited);
            writer.WriteVarint((ulong)createdBy.Length);
            writer.WriteBytes(createdBy);
        }

        Debug.Assert(writer.Position == destination.Length, "Size and Write disagree on the message layout");
    }

    /// <summary>Reads a key version: fields in any order, repeated messages merged, unknown fields skipped, then the strict checks of §7.1.</summary>
    public static KeyVersion Read(ReadOnlySpan<byte> message)
    {
        var fields = default(Fields);
        var reader = new ProtoReader(message);
        while (!reader.End)
        {
            var wireType = reader.ReadTag(out var field);
            if (wireType != WireType.LengthDelimited || field > CreatedByField)
            {
                reader.Skip(field, wireType);
                continue;
            }

            var value = reader.ReadLengthDelimited();
            switch (field)
            {
                case KeyField:
                    ReadKey(value, ref fields.KeyBytes, ref fields.Type);
                    break;
                case HmacKeyField:
                    ReadKey(value, ref fields.HmacKeyBytes, ref fields.Hash);
                    break;
                case CreatedAtField:
                    ReadTimestamp(value, ref fields.Seconds, ref fields.Nanos);
                    break;
                default:
                    // proto3 strings must be UTF-8; Go rejects the whole message otherwise.
                    if (!Utf8.IsValid(value))
                    {
                        throw new KeyFormatException("kes: stored key has a created_by that is not UTF-8");
                    }

                    fields.CreatedBy = value;
                    break;
            }
        }

        return fields.ToKeyVersion();
    }

    private static int TimestampSize(KesTimestamp createdAt)
    {
        var size = 0;
        if (createdAt.Seconds != 0)
        {
            size += 1 + ProtoWriter.VarintSize((ulong)createdAt.Seconds);
        }

        if (createdAt.Nanos != 0)
        {
            size += 1 + ProtoWriter.VarintSize((ulong)createdAt.Nanos);
        }

        return size;
    }

    // SecretKey and HMACKey share a layout: bytes at 1, a uint32 code at 2 (truncated to 32 bits, as Go does).
    private static void ReadKey(ReadOnlySpan<byte> message, ref ReadOnlySpan<byte> key, ref uint code)
    {
        var reader = new ProtoReader(message);
        while (!reader.End)
        {
            var wireType = reader.ReadTag(out var field);
            if (field == BytesField && wireType == WireType.LengthDelimited)
            {
                key = reader.ReadLengthDelimited();
            }
            else if (field == CodeField && wireType == WireType.Varint)
            {
                code = (uint)reader.ReadVarint();
            }
            else
            {
                reader.Skip(field, wireType);
            }
        }
    }

    private static void ReadTimestamp(ReadOnlySpan<byte> message, ref long seconds, ref int nanos)
    {
        var reader = new ProtoReader(message);
        while (!reader.End)
        {
            var wireType = reader.ReadTag(out var field);
            if (field == SecondsField && wireType == WireType.Varint)
            {
                seconds = (long)reader.ReadVarint();
            }
            else if (field == NanosField && wireType == WireType.Varint)
            {
                nanos = (int)reader.ReadVarint();
            }
            else
            {
                reader.Skip(field, wireType);
            }
        }
    }

    /// <summary>The decoded fields; the key spans point into the caller's decode buffer.</summary>
    private ref struct Fields
    {
        public ReadOnlySpan<byte> KeyBytes;
        public uint Type;
        public ReadOnlySpan<byte> HmacKeyBytes;
        public uint Hash;
        public long Seconds;
        public int Nanos;
        public ReadOnlySpan<byte> CreatedBy;

        public readonly KeyVersion ToKeyVersion()
        {
            if (KeyBytes.Length != KeySize || !KeyAlgorithms.TryFromCode(Type, out var algorithm))
            {
                throw new KeyFormatException($"kes: stored key has an invalid secret key (length {KeyBytes.Length}, type {Type})");
            }

            if (HmacKeyBytes.Length != KeySize || Hash != HmacKey.Sha256Code)
            {
                throw new KeyFormatException($"kes: stored key has an invalid HMAC key (length {HmacKeyBytes.Length}, hash {Hash})");
            }

            var createdAt = Normalize(Seconds, Nanos);
            var createdBy = CreatedBy.IsEmpty ? Identity.Empty : new Identity(Encoding.UTF8.GetString(CreatedBy));
            var secretKey = SecretKey.FromBytes(algorithm, KeyBytes);
            return new KeyVersion(secretKey, HmacKey.FromBytes(HmacKeyBytes), createdAt, createdBy);
        }

        // Go's Timestamp.AsTime is time.Unix(seconds, nanos): nanos outside 0..1e9-1 carry into seconds.
        private static KesTimestamp Normalize(long seconds, int nanos)
        {
            var carry = nanos / NanosPerSecond;
            var rest = nanos - (carry * NanosPerSecond);
            if (rest < 0)
            {
                rest += NanosPerSecond;
                carry--;
            }

            return new KesTimestamp(unchecked(seconds + carry), rest);
        }
    }
}
