using System.Text;
using Net.Pkcs11Interop.Common;

namespace Kes.Infrastructure.Seals.Pkcs11;

/// <summary>One token of a loaded PKCS#11 module, found by its label: initialization, sessions, login, the root key and AES-GCM on a session (docs/keystores.md §9.3).</summary>
internal sealed unsafe class Pkcs11Token(Pkcs11Functions module, string tokenLabel)
{
    /// <summary>PKCS#11 <c>CKM_AES_GCM</c>.</summary>
    public const ulong AesGcm = (ulong)CKM.CKM_AES_GCM;

    /// <summary>The GCM IV size in bytes.</summary>
    public const int IvSize = 12;

    /// <summary>The GCM tag size in bytes.</summary>
    public const int TagSize = 16;

    // CK_TOKEN_INFO is 208 bytes on LP64; its label comes first, 32 bytes padded with spaces.
    private const int TokenInfoSize = 512;
    private const int LabelSize = 32;

    public string Label => tokenLabel;

    /// <summary>(Re)initializes the module; with <paramref name="reset"/> it is finalized first, so that it reads its configuration and token list again.</summary>
    public void Initialize(bool reset)
    {
        if (reset)
        {
            module.C_Finalize();
        }

        var arguments = new Pkcs11Functions.InitializeArguments { Flags = (ulong)CKF.CKF_OS_LOCKING_OK };
        var rv = module.C_Initialize(&arguments);
        if (rv is not (CKR.CKR_OK or CKR.CKR_CRYPTOKI_ALREADY_INITIALIZED))
        {
            throw new SealException($"seal: the PKCS#11 module failed to initialize: {rv}");
        }
    }

    /// <summary>The slot of the one token with the label.</summary>
    /// <exception cref="SealException">No token has the label, or more than one does.</exception>
    public ulong FindSlot()
    {
        ulong count = 0;
        Check(module.C_GetSlotList(true, null, &count), "C_GetSlotList");
        var slots = new ulong[count];
        fixed (ulong* pointer = slots)
        {
            Check(module.C_GetSlotList(true, pointer, &count), "C_GetSlotList");
        }

        var matches = new List<ulong>();
        var info = stackalloc byte[TokenInfoSize];
        foreach (var slot in slots.AsSpan(0, (int)count))
        {
            if (module.C_GetTokenInfo(slot, info) == CKR.CKR_OK && Encoding.UTF8.GetString(info, LabelSize).TrimEnd(' ', '\0') == tokenLabel)
            {
                matches.Add(slot);
            }
        }

        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new SealException($"seal: no PKCS#11 token is labelled '{tokenLabel}'"),
            _ => throw new SealException($"seal: {matches.Count} PKCS#11 tokens are labelled '{tokenLabel}': the label must name one token"),
        };
    }

    public ulong OpenSession(ulong slot, bool readWrite = false)
    {
        ulong session = 0;
        var flags = (ulong)CKF.CKF_SERIAL_SESSION | (readWrite ? (ulong)CKF.CKF_RW_SESSION : 0);
        Check(module.C_OpenSession(slot, flags, &session), "C_OpenSession");
        return session;
    }

    public void CloseSession(ulong session) => module.C_CloseSession(session);

    /// <summary>Logs the user in, once: a wrong PIN is reported and never retried, since real HSMs lock the token after a few failures.</summary>
    public void Login(ulong session, string pin)
    {
        var pinBytes = Encoding.UTF8.GetBytes(pin);
        CKR rv;
        fixed (byte* pointer = pinBytes)
        {
            rv = module.C_Login(session, (ulong)CKU.CKU_USER, pointer, (ulong)pinBytes.Length);
        }

        Array.Clear(pinBytes);
        switch (rv)
        {
            case CKR.CKR_OK or CKR.CKR_USER_ALREADY_LOGGED_IN:
                return;
            case CKR.CKR_PIN_INCORRECT or CKR.CKR_PIN_INVALID or CKR.CKR_PIN_LEN_RANGE:
                throw new SealException($"seal: the PIN for PKCS#11 token '{tokenLabel}' is wrong ({rv}); not retried, since HSMs lock after repeated failures", new Pkcs11Exception("C_Login", rv));
            default:
                throw new SealException($"seal: login to PKCS#11 token '{tokenLabel}' failed: {rv}", new Pkcs11Exception("C_Login", rv));
        }
    }

    /// <summary>The handles of the AES secret keys labelled <paramref name="keyLabel"/>.</summary>
    public List<ulong> FindKeys(ulong session, string keyLabel)
    {
        using var template = new AttributeTemplate()
            .Add(CKA.CKA_CLASS, (ulong)CKO.CKO_SECRET_KEY)
            .Add(CKA.CKA_KEY_TYPE, (ulong)CKK.CKK_AES)
            .Add(CKA.CKA_LABEL, keyLabel);
        Check(module.C_FindObjectsInit(session, template.Pointer, template.Count), "C_FindObjectsInit");
        var found = stackalloc ulong[4];
        ulong count = 0;
        var rv = module.C_FindObjects(session, found, 4, &count);
        module.C_FindObjectsFinal(session);
        Check(rv, "C_FindObjects");
        return [.. new ReadOnlySpan<ulong>(found, (int)count)];
    }

    /// <summary>The one root key labelled <paramref name="keyLabel"/>, checked to be a 256-bit AES key that never leaves the token.</summary>
    public ulong FindRootKey(ulong session, string keyLabel)
    {
        var keys = FindKeys(session, keyLabel);
        if (keys.Count != 1)
        {
            throw new SealException(keys.Count == 0
                ? $"seal: no AES key labelled '{keyLabel}' in PKCS#11 token '{tokenLabel}'"
                : $"seal: {keys.Count} AES keys are labelled '{keyLabel}' in PKCS#11 token '{tokenLabel}': the label must name one key");
        }

        using var template = new AttributeTemplate()
            .Add(CKA.CKA_EXTRACTABLE, true)
            .Add(CKA.CKA_SENSITIVE, false)
            .Add(CKA.CKA_VALUE_LEN, 0UL);
        Check(module.C_GetAttributeValue(session, keys[0], template.Pointer, template.Count), "C_GetAttributeValue");
        if (template.Bool(0))
        {
            throw new SealException($"seal: the root key '{keyLabel}' is extractable (CKA_EXTRACTABLE=true): use a key that cannot leave the token");
        }

        if (!template.Bool(1))
        {
            throw new SealException($"seal: the root key '{keyLabel}' is not sensitive (CKA_SENSITIVE=false): use a key that cannot leave the token");
        }

        if (template.ULong(2) != 32)
        {
            throw new SealException($"seal: the root key '{keyLabel}' is a {template.ULong(2) * 8}-bit AES key; the seal needs AES-256");
        }

        return keys[0];
    }

    /// <summary>Generates a non-extractable, sensitive AES-256 key on the token (<c>kes hsm init-root-key</c>).</summary>
    public void GenerateRootKey(ulong session, string keyLabel)
    {
        using var template = new AttributeTemplate()
            .Add(CKA.CKA_CLASS, (ulong)CKO.CKO_SECRET_KEY)
            .Add(CKA.CKA_KEY_TYPE, (ulong)CKK.CKK_AES)
            .Add(CKA.CKA_LABEL, keyLabel)
            .Add(CKA.CKA_VALUE_LEN, 32UL)
            .Add(CKA.CKA_TOKEN, true)
            .Add(CKA.CKA_PRIVATE, true)
            .Add(CKA.CKA_SENSITIVE, true)
            .Add(CKA.CKA_EXTRACTABLE, false)
            .Add(CKA.CKA_ENCRYPT, true)
            .Add(CKA.CKA_DECRYPT, true)
            .Add(CKA.CKA_WRAP, true)
            .Add(CKA.CKA_UNWRAP, true);
        var mechanism = new Pkcs11Functions.Mechanism { Type = (ulong)CKM.CKM_AES_KEY_GEN };
        ulong key = 0;
        Check(module.C_GenerateKey(session, &mechanism, template.Pointer, template.Count, &key), "C_GenerateKey");
    }

    /// <summary>Whether the session still reaches the key: tells a forged sealed value (the token is fine) from a token failure.</summary>
    public bool CanReach(ulong session, ulong key)
    {
        using var template = new AttributeTemplate().Add(CKA.CKA_CLASS, 0UL);
        return module.C_GetAttributeValue(session, key, template.Pointer, template.Count) == CKR.CKR_OK;
    }

    /// <summary>AES-256-GCM encryption on the token: <paramref name="output"/> receives ciphertext ‖ tag.</summary>
    public CKR Encrypt(ulong session, ulong key, byte[] iv, byte[] aad, ReadOnlySpan<byte> plaintext, byte[] output) =>
        Gcm(encrypt: true, session, key, iv, aad, plaintext, output, out _);

    /// <summary>AES-256-GCM decryption on the token straight into <paramref name="output"/>, a pinned buffer of at least the ciphertext's size.</summary>
    public CKR Decrypt(ulong session, ulong key, byte[] iv, byte[] aad, byte[] ciphertext, byte[] output, out int written) =>
        Gcm(encrypt: false, session, key, iv, aad, ciphertext, output, out written);

    private CKR Gcm(bool encrypt, ulong session, ulong key, byte[] iv, byte[] aad, ReadOnlySpan<byte> input, byte[] output, out int written)
    {
        written = 0;
        fixed (byte* ivPointer = iv)
        fixed (byte* aadPointer = aad)
        fixed (byte* inputPointer = input)
        fixed (byte* outputPointer = output)
        {
            var parameters = new Pkcs11Functions.GcmParameters
            {
                Iv = ivPointer,
                IvLength = (ulong)iv.Length,
                IvBits = (ulong)iv.Length * 8,
                Aad = aadPointer,
                AadLength = (ulong)aad.Length,
                TagBits = TagSize * 8,
            };
            var mechanism = new Pkcs11Functions.Mechanism { Type = AesGcm, Parameter = &parameters, ParameterLength = (ulong)sizeof(Pkcs11Functions.GcmParameters) };
            var rv = encrypt ? module.C_EncryptInit(session, &mechanism, key) : module.C_DecryptInit(session, &mechanism, key);
            if (rv != CKR.CKR_OK)
            {
                return rv;
            }

            var outputLength = (ulong)output.Length;
            rv = encrypt
                ? module.C_Encrypt(session, inputPointer, (ulong)input.Length, outputPointer, &outputLength)
                : module.C_Decrypt(session, inputPointer, (ulong)input.Length, outputPointer, &outputLength);
            written = rv == CKR.CKR_OK ? (int)outputLength : 0;
            return rv;
        }
    }

    private void Check(CKR rv, string function)
    {
        if (rv != CKR.CKR_OK)
        {
            throw new SealException($"seal: PKCS#11 token '{tokenLabel}': {function} failed: {rv}", new Pkcs11Exception(function, rv));
        }
    }
}
