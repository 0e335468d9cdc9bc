namespace Kes.Credentials.Pem;

/// <summary>One decoded PEM block, as Go's <c>encoding/pem</c> returns it: type, RFC 1421 headers and the decoded bytes.</summary>
public sealed record PemBlock(string Type, IReadOnlyDictionary<string, string> Headers, byte[] Bytes);
