namespace Kes.Infrastructure.Configuration;

/// <summary>Keeps credentials out of the text that records print, since configs end up in logs.</summary>
internal static class Redaction
{
    public static string Mask(string secret) => secret.Length == 0 ? string.Empty : "***";
}
