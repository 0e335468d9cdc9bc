using System.Buffers.Binary;
using System.Text;

namespace Kes.IntegrationTests.Server;

/// <summary>Raw HTTP/2 frames for tests that must send what no HTTP client would (RFC 9113 §4.1).</summary>
public static class Http2Frames
{
    /// <summary>The client connection preface.</summary>
    public static byte[] Preface => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    /// <summary>One frame: the 9-byte header, then <paramref name="payload"/>.</summary>
    public static byte[] Frame(byte type, int flags, int stream, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var frame = new byte[9 + payload.Length];
        frame[0] = (byte)(payload.Length >> 16);
        frame[1] = (byte)(payload.Length >> 8);
        frame[2] = (byte)payload.Length;
        frame[3] = type;
        frame[4] = (byte)flags;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(5), stream);
        payload.CopyTo(frame, 9);
        return frame;
    }

    /// <summary>An HPACK block of literal fields without indexing or Huffman coding; names and values under 127 bytes.</summary>
    public static byte[] HeaderBlock(params (string Name, string Value)[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var block = new List<byte>();
        foreach (var (name, value) in fields)
        {
            block.AddRange([0x00, (byte)name.Length, .. Encoding.ASCII.GetBytes(name), (byte)value.Length, .. Encoding.ASCII.GetBytes(value)]);
        }

        return [.. block];
    }
}
