using System.Globalization;
using System.Text.Json;
using Kes.Domain.Keys;

namespace Kes.Client.Json;

/// <summary>Reads response fields with Go's <c>encoding/json</c> rules: names match case-insensitively, the last duplicate wins, and a missing or null field is the zero value.</summary>
internal static class JsonFields
{
    public static bool TryGet(JsonElement value, string name, out JsonElement field)
    {
        field = default;
        var found = false;
        if (value.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var property in value.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                field = property.Value;
                found = true;
            }
        }

        return found && field.ValueKind != JsonValueKind.Null;
    }

    public static string String(JsonElement value, string name) =>
        TryGet(value, name, out var field) ? field.GetString() ?? string.Empty : string.Empty;

    public static bool Bool(JsonElement value, string name) =>
        TryGet(value, name, out var field) && field.GetBoolean();

    public static long Int64(JsonElement value, string name) =>
        TryGet(value, name, out var field) ? field.GetInt64() : 0;

    public static double Double(JsonElement value, string name) =>
        TryGet(value, name, out var field) ? field.GetDouble() : 0;

    /// <summary>An RFC 3339 time with up to nine fractional digits (Go's <c>time.Time</c>); the zero time when absent.</summary>
    public static DateTimeOffset Time(JsonElement value, string name)
    {
        var text = String(value, name);
        if (text.Length == 0)
        {
            return DateTimeOffset.MinValue;
        }

        if (KesTimestamp.TryParseRfc3339(text, out var timestamp))
        {
            return new DateTimeOffset(timestamp.ToDateTime());
        }

        throw new JsonException(string.Create(CultureInfo.InvariantCulture, $"parsing time \"{text}\" as RFC 3339 failed"));
    }

    /// <summary>A JSON array of strings; empty for null or absent.</summary>
    public static IReadOnlyList<string> Strings(JsonElement value, string name)
    {
        if (!TryGet(value, name, out var field))
        {
            return [];
        }

        var strings = new List<string>(field.GetArrayLength());
        foreach (var element in field.EnumerateArray())
        {
            strings.Add(element.GetString() ?? string.Empty);
        }

        return strings;
    }

    /// <summary>The member names of a JSON object, sorted (the patterns of a policy's <c>allow</c> and <c>deny</c>).</summary>
    public static IReadOnlyList<string> Keys(JsonElement value, string name)
    {
        if (!TryGet(value, name, out var field))
        {
            return [];
        }

        var keys = new List<string>();
        foreach (var property in field.EnumerateObject())
        {
            keys.Add(property.Name);
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }
}
