using System.Buffers;
using System.Text;
using System.Text.Json;
using Kes.Application.Json;

namespace Kes.Api.Cli.Common;

/// <summary>JSON output as Go's <c>encoding/json</c> writes it: compact, or indented by two spaces on a terminal; Go's escaping.</summary>
internal static class JsonText
{
    private static readonly JsonWriterOptions Compact = GoJson.WriterOptions;
    private static readonly JsonWriterOptions Indented = new() { Encoder = GoJson.Encoder, Indented = true, IndentSize = 2 };

    /// <summary>The text <paramref name="write"/> produces, without a trailing newline.</summary>
    public static string Write(Action<Utf8JsonWriter> write, bool indented = false)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, indented ? Indented : Compact))
        {
            write(json);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A JSON array of strings, or <c>null</c> for an empty list (Go's nil slice).</summary>
    public static string Names(IReadOnlyList<string> names, bool indented = false) => Write(
        json =>
        {
            if (names.Count == 0)
            {
                json.WriteNullValue();
                return;
            }

            json.WriteStartArray();
            foreach (var name in names)
            {
                json.WriteStringValue(name);
            }

            json.WriteEndArray();
        },
        indented);

    /// <summary>A time as Go's <c>time.Time</c> marshals: RFC 3339 with up to nine fractional digits, trailing zeros dropped.</summary>
    public static string Time(DateTimeOffset time)
    {
        var text = time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", System.Globalization.CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.');
        return text + (time.Offset == TimeSpan.Zero ? "Z" : time.ToString("zzz", System.Globalization.CultureInfo.InvariantCulture));
    }
}
