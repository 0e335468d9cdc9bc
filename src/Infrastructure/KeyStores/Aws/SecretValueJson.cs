using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Unicode;

namespace Kes.Infrastructure.KeyStores.Aws;

/// <summary>The two bodies that hold key material, written and read without a managed string of it.</summary>
/// <remarks>Every buffer that held the value is zeroed by the caller or here; the value never becomes a <see cref="string"/>.</remarks>
internal static class SecretValueJson
{
    // Utf8JsonWriter escapes a byte into at most six ("\u00XX"), and asks for that much room up front.
    private const int MaxEscapeExpansion = 6;
    private const int FixedOverhead = 1024;

    /// <summary>The CreateSecret body: the value as <c>SecretString</c>, or as <c>SecretBinary</c> when it is not UTF-8 text.</summary>
    /// <returns>An exact-size body; it holds the value, so the caller zeroes it after the call.</returns>
    public static byte[] CreateSecret(string name, ReadOnlySpan<byte> value, string kmsKey, Guid clientRequestToken)
    {
        var scratch = new byte[(MaxEscapeExpansion * (value.Length + name.Length + kmsKey.Length)) + FixedOverhead];
        try
        {
            var buffer = new FixedBufferWriter(scratch);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("Name", name);
                if (Utf8.IsValid(value))
                {
                    writer.WriteString("SecretString", value);
                }
                else
                {
                    writer.WriteBase64String("SecretBinary", value);
                }

                if (kmsKey.Length != 0)
                {
                    writer.WriteString("KmsKeyId", kmsKey);
                }

                writer.WriteString("ClientRequestToken", clientRequestToken.ToString("D"));
                writer.WriteEndObject();
            }

            return scratch.AsSpan(0, buffer.Written).ToArray();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(scratch);
        }
    }

    /// <summary>The value of a GetSecretValue answer: the <c>SecretString</c> bytes, else the decoded <c>SecretBinary</c>; null when it has neither.</summary>
    /// <exception cref="JsonException">The answer is not a JSON object.</exception>
    public static byte[]? ReadSecretValue(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("not a JSON object");
        }

        byte[]? binary = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isString = reader.ValueTextEquals("SecretString"u8);
            var isBinary = !isString && reader.ValueTextEquals("SecretBinary"u8);
            reader.Read();
            if (isString && reader.TokenType == JsonTokenType.String)
            {
                if (binary is not null)
                {
                    CryptographicOperations.ZeroMemory(binary);
                }

                return JsonStringBytes.Copy(ref reader);
            }

            if (isBinary && reader.TokenType == JsonTokenType.String && reader.TryGetBytesFromBase64(out var decoded))
            {
                binary = decoded;
            }
            else
            {
                reader.Skip();
            }
        }

        return binary;
    }

    /// <summary>A writer into one preallocated array, so the JSON never passes through a growing buffer that would leave copies behind.</summary>
    private sealed class FixedBufferWriter(byte[] buffer) : IBufferWriter<byte>
    {
        public int Written { get; private set; }

        public void Advance(int count) => Written += count;

        public Memory<byte> GetMemory(int sizeHint = 0) => buffer.AsMemory(Written, Room(sizeHint));

        public Span<byte> GetSpan(int sizeHint = 0) => buffer.AsSpan(Written, Room(sizeHint));

        private int Room(int sizeHint)
        {
            var room = buffer.Length - Written;
            return sizeHint <= room ? room : throw new InvalidOperationException("the CreateSecret body outgrew its bound");
        }
    }
}
