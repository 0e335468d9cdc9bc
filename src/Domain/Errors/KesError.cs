namespace Kes.Domain.Errors;

/// <summary>An API error: the HTTP status and the exact message KES clients compare against.</summary>
public sealed record KesError(int Status, string Message)
{
    public static readonly KesError NotAllowed = new(403, "not authorized: insufficient permissions");
    public static readonly KesError KeyNotFound = new(404, "key does not exist");
    public static readonly KesError KeyExists = new(400, "key already exists");
    public static readonly KesError Decrypt = new(400, "decryption failed: ciphertext is not authentic");
    public static readonly KesError PolicyNotFound = new(404, "policy does not exist");
    public static readonly KesError IdentityNotFound = new(404, "identity does not exist");
    public static readonly KesError TlsRequired = new(400, "insecure connection: TLS is required");
    public static readonly KesError ClientCertificateRequired = new(400, "tls: client certificate is required");
    public static readonly KesError TooManyClientCertificates = new(400, "tls: received more than one client certificate");
    public static readonly KesError InvalidRequestBody = new(400, "invalid request body");
    public static readonly KesError InvalidImportBody = new(400, "invalid import key request body");
    public static readonly KesError HmacNotSupported = new(409, "key does not support HMAC");
    public static readonly KesError CreateKeyFailed = new(502, "failed to create key");
    public static readonly KesError ReadKeyFailed = new(502, "failed to read key");
    public static readonly KesError ListKeysFailed = new(502, "failed to list keys");
    public static readonly KesError DeleteKeyFailed = new(502, "failed to delete key");
    public static readonly KesError KeyStoreNotReachable = new(504, "key store is not reachable");
    public static readonly KesError KeyStoreUnavailable = new(502, "key store is unavailable");
    public static readonly KesError GenerateKeyFailed = new(500, "failed to generate encryption key");
    public static readonly KesError ImportFailed = new(500, "failed to create key");
    public static readonly KesError EncryptFailed = new(500, "failed to encrypt plaintext");
    public static readonly KesError DecryptFailed = new(500, "failed to decrypt ciphertext");
    public static readonly KesError VersionUnavailable = new(500, "failed to read server version");
    public static readonly KesError Internal = new(500, "internal server error");
    public static readonly KesError TooManyBodies = new(503, "server busy: too many request bodies in flight");
    public static readonly KesError BuffersHeld = new(503, "server busy: too much data held for clients");

    public static KesError MethodNotAllowed(string received, string expected) =>
        new(405, $"received method '{received}' expected '{expected}'");

    public static KesError InvalidKeyName(string name) =>
        new(400, $"key name '{name}' is empty, too long or contains invalid characters");

    public static KesError InvalidPolicyName(string name) =>
        new(400, $"policy name '{name}' is empty, too long or contains invalid characters");

    public static KesError InvalidIdentity(string identity) =>
        new(400, $"identity '{identity}' is empty, too long or contains invalid characters");

    public static KesError InvalidPattern(string pattern) =>
        new(400, $"listing pattern '{pattern}' is empty, too long or is invalid");

    public static KesError UnsupportedAlgorithm(string cipher) => new(406, $"algorithm '{cipher}' is not supported");

    public static KesError NotFipsAlgorithm(string cipher) => new(406, $"algorithm '{cipher}' not supported by FIPS 140-2");

    public static KesError InvalidKeySize(string cipher) => new(406, $"invalid key size for '{cipher}'");
}
