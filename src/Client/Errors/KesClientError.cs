namespace Kes.Client.Errors;

/// <summary>An error the server answered: its HTTP status and exact message, compared by value as kms-go compares <c>kes.Error</c> (docs/api.md §4.2).</summary>
/// <remarks>
/// The well-known values are the catalogue of docs/api.md §4.5 that clients branch on. Two legacy
/// spellings that older servers send are read as their canonical value (see <see cref="Canonical"/>).
/// </remarks>
public sealed record KesClientError(int Status, string Message)
{
    public static readonly KesClientError NotAllowed = new(403, "not authorized: insufficient permissions");
    public static readonly KesClientError KeyNotFound = new(404, "key does not exist");
    public static readonly KesClientError KeyExists = new(400, "key already exists");
    public static readonly KesClientError DecryptionFailed = new(400, "decryption failed: ciphertext is not authentic");
    public static readonly KesClientError PolicyNotFound = new(404, "policy does not exist");
    public static readonly KesClientError IdentityNotFound = new(404, "identity does not exist");
    public static readonly KesClientError HmacNotSupported = new(409, "key does not support HMAC");
    public static readonly KesClientError InvalidRequestBody = new(400, "invalid request body");
    public static readonly KesClientError KeyStoreNotReachable = new(504, "key store is not reachable");
    public static readonly KesClientError KeyStoreUnavailable = new(502, "key store is unavailable");

    private static readonly KesClientError LegacyKeyExists = new(400, "key does already exist");
    private static readonly KesClientError LegacyNotAllowed = new(403, "prohibited by policy");

    /// <summary>The canonical value for <paramref name="status"/> and <paramref name="message"/>: the legacy spellings map to <see cref="KeyExists"/> and <see cref="NotAllowed"/>.</summary>
    public static KesClientError Canonical(int status, string message)
    {
        var error = new KesClientError(status, message);
        if (error == LegacyKeyExists)
        {
            return KeyExists;
        }

        return error == LegacyNotAllowed ? NotAllowed : error;
    }

    /// <inheritdoc />
    public override string ToString() => Message;
}
