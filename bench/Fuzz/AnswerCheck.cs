using System.Text.Json;

namespace Kes.Bench.Fuzz;

/// <summary>The rules every answer must keep, whatever was sent (docs/api.md §4.5).</summary>
public static class AnswerCheck
{
    /// <summary>The documented server errors: the keystore's 502 (a failed keystore call) and 503 (keystore unreachable).</summary>
    public static bool IsKeyStoreError(int status) => status is 502 or 503;

    /// <summary>What is wrong with <paramref name="answer"/>, or null: a 5xx that is not a keystore error, or an error body in JSON that is not the KES error shape <c>{"message":"…"}</c>.</summary>
    public static string? Violation(FuzzAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.Status >= 500 && !IsKeyStoreError(answer.Status))
        {
            return $"unexpected {answer.Status}";
        }

        if (answer.Status < 400 || answer.Body.Length == 0 || answer.ContentType != "application/json")
        {
            return null;
        }

        return IsErrorShape(answer.Body) ? null : $"{answer.Status} body is not {{\"message\":…}}: {Preview(answer.Body)}";
    }

    private static bool IsErrorShape(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String
                && root.EnumerateObject().Count() == 1;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Preview(byte[] body) =>
        System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 200));
}
