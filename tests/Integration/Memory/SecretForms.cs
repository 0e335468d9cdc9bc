using System.Text;

namespace Kes.IntegrationTests.Memory;

/// <summary>The forms a secret could leave in memory: its raw bytes, hex, and base64 (standard and URL alphabets) at each of the three byte alignments a larger base64 text could put it at.</summary>
public static class SecretForms
{
    /// <summary>Every form of <paramref name="secret"/>, each named after <paramref name="name"/> and the form.</summary>
    public static IEnumerable<(string Name, byte[] Bytes)> Of(string name, byte[] secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        yield return ($"{name} raw", secret);
        yield return ($"{name} hex", Encoding.ASCII.GetBytes(Convert.ToHexStringLower(secret)));
        yield return ($"{name} HEX", Encoding.ASCII.GetBytes(Convert.ToHexString(secret)));
        for (var skip = 0; skip < 3; skip++)
        {
            // Whole 3-byte groups only: the characters around them depend on the neighbouring bytes.
            var groups = (secret.Length - skip) / 3 * 3;
            var base64 = Convert.ToBase64String(secret, skip, groups);
            yield return ($"{name} base64+{skip}", Encoding.ASCII.GetBytes(base64));
            yield return ($"{name} base64url+{skip}", Encoding.ASCII.GetBytes(base64.Replace('+', '-').Replace('/', '_')));
        }
    }
}
