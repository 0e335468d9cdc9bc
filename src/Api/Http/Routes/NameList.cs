using System.Text.Json;

namespace Kes.Api.Http.Routes;

/// <summary>The <c>{"&lt;field&gt;":[…],"continue_at":""}</c> reply of the policy and identity lists.</summary>
public static class NameList
{
    /// <summary>Writes the names and an always-empty <c>continue_at</c>.</summary>
    public static void Write(Utf8JsonWriter json, string field, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(names);
        json.WriteStartObject();
        json.WriteStartArray(field);
        foreach (var name in names)
        {
            json.WriteStringValue(name);
        }

        json.WriteEndArray();
        json.WriteString("continue_at", string.Empty);
        json.WriteEndObject();
    }
}
