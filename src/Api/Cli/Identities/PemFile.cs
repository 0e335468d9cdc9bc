using System.Security.Cryptography;
using Kes.Api.Cli.Common;

namespace Kes.Api.Cli.Identities;

/// <summary>The PEM blocks of a file named on the command line, for <c>kes identity &lt;file&gt;</c> and <c>kes identity of &lt;file&gt;</c>.</summary>
internal static class PemFile
{
    /// <summary>Each block's label and DER bytes, in file order.</summary>
    /// <exception cref="CliException">The file cannot be read.</exception>
    public static List<(string Label, byte[] Der)> Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(e is FileNotFoundException or DirectoryNotFoundException
                ? $"open {path}: no such file or directory"
                : $"open {path}: {e.Message}", e);
        }

        var blocks = new List<(string, byte[])>();
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var der = new byte[fields.DecodedDataLength];
            if (Convert.TryFromBase64Chars(rest[fields.Base64Data], der, out _))
            {
                blocks.Add((rest[fields.Label].ToString(), der));
            }

            rest = rest[fields.Location.End..];
        }

        return blocks;
    }
}
