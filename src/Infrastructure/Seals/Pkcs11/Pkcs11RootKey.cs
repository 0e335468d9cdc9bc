namespace Kes.Infrastructure.Seals.Pkcs11;

/// <summary>Creates the seal's root key in a token, for development and tests (<c>kes hsm init-root-key</c>, docs/cli.md §4.11): a production HSM's key is made with the vendor's tools and policies.</summary>
public static class Pkcs11RootKey
{
    /// <summary>Generates a sensitive, non-extractable AES-256 key labelled <paramref name="key"/> in the token labelled <paramref name="token"/>, then checks it as the server will.</summary>
    /// <exception cref="SealException">The module, token or login failed, or a key with that label exists already.</exception>
    public static void Create(string module, string token, string pin, string key)
    {
        var pkcs11 = new Pkcs11Token(Pkcs11Module.Load(module), token);
        pkcs11.Initialize(reset: false);
        var session = pkcs11.OpenSession(pkcs11.FindSlot(), readWrite: true);
        try
        {
            pkcs11.Login(session, pin);
            if (pkcs11.FindKeys(session, key).Count > 0)
            {
                throw new SealException($"seal: an AES key labelled '{key}' exists already in PKCS#11 token '{token}'");
            }

            pkcs11.GenerateRootKey(session, key);
            pkcs11.FindRootKey(session, key);
        }
        finally
        {
            pkcs11.CloseSession(session);
        }
    }
}
