using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Kes.Infrastructure.KeyStores.Vault;

/// <summary>One Vault HTTP answer: status and body; the body may hold a stored value, so it is zeroed on dispose.</summary>
internal sealed class VaultAnswer(int status, byte[] body) : IDisposable
{
    /// <summary>The HTTP status.</summary>
    public int Status { get; } = status;

    /// <summary>The body bytes (JSON, or empty for 204).</summary>
    public ReadOnlySpan<byte> Body => body;

    /// <summary>Whether Vault answered 200 or 204.</summary>
    public bool IsSuccess => Status is 200 or 204;

    /// <summary>Vault's <c>errors</c> array joined for the error log, or the status alone when there is none.</summary>
    public string Errors()
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("errors", out var errors)
                && errors.ValueKind == JsonValueKind.Array)
            {
                var text = new StringBuilder();
                foreach (var error in errors.EnumerateArray())
                {
                    text.Append(text.Length == 0 ? string.Empty : "; ").Append(error.ToString().ReplaceLineEndings(" ").Trim());
                }

                return $"{Status}: {(text.Length == 0 ? "no error text" : text)}";
            }
        }
        catch (JsonException)
        {
        }

        return $"{Status}: no JSON error body";
    }

    /// <summary>Whether the <c>errors</c> mention a permission denial, the answer to an expired token as well as a missing capability (Vault wire facts).</summary>
    public bool IsPermissionDenied => Status == 403 && Errors().Contains("permission denied", StringComparison.Ordinal);

    /// <summary>Whether the answer says Vault is sealed (503 <c>Vault is sealed</c>).</summary>
    public bool IsSealed => Status == 503 && Errors().Contains("sealed", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public void Dispose() => CryptographicOperations.ZeroMemory(body);
}
