using Kes.Domain.Keys;

namespace Kes.Api.Cli.Common;

/// <summary>Decodes a base64 command-line argument as Go's <c>base64.StdEncoding</c>: padded, CR and LF ignored, errors as <c>illegal base64 data at input byte N</c>.</summary>
internal static class Base64Argument
{
    /// <summary>The decoded bytes in <see cref="SecretMemory"/>, since keys and plaintexts pass through here.</summary>
    /// <exception cref="CliException"><c>invalid &lt;what&gt;: illegal base64 data at input byte N. See 'kes &lt;command&gt; --help'</c>.</exception>
    public static SecretMemory Decode(string text, string what, string command)
    {
        var clean = text.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal);
        for (var i = 0; i < clean.Length; i++)
        {
            var c = clean[i];
            var isPadding = c == '=' && i >= clean.Length - 2;
            if (!char.IsAsciiLetterOrDigit(c) && c is not '+' and not '/' && !isPadding)
            {
                throw Invalid(what, command, i);
            }
        }

        if (clean.Length % 4 != 0)
        {
            throw Invalid(what, command, clean.Length - (clean.Length % 4));
        }

        var padding = clean.EndsWith("==", StringComparison.Ordinal) ? 2 : clean.EndsWith('=') ? 1 : 0;
        var decoded = SecretMemory.Allocate((clean.Length / 4 * 3) - padding);
        if (!Convert.TryFromBase64Chars(clean, decoded.Span, out var written) || written != decoded.Length)
        {
            decoded.Dispose();
            throw Invalid(what, command, Math.Max(0, clean.Length - 4));
        }

        return decoded;
    }

    private static CliException Invalid(string what, string command, int index) =>
        Usage.Error($"invalid {what}: illegal base64 data at input byte {index}", command);
}
