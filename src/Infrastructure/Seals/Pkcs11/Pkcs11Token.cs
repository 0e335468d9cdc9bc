using System.Runtime.InteropServices;
using System.Text;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.LowLevelAPI81;

namespace Kes.Infrastructure.Seals.Pkcs11;

/// <summary>One token of a loaded PKCS#11 module, found by its label: initialization, sessions, login, the root key and AES-GCM on a session (docs/keystores.md §9.3).</summary>
/// <remarks>
/// Only the low-level API is used: it decrypts straight into a caller's pinned buffer, and it binds
/// no types by reflection, so the Native AOT build stays free of trim warnings.
/// </remarks>
internal sealed class Pkcs11Token(Pkcs11Library library, string tokenLabel)
{
    /// <summary>PKCS#11 <c>CKM_AES_GCM</c>.</summary>
    public const ulong AesGcm = (ulong)CKM.CKM_AES_GCM;

    /// <summary>The GCM IV size in bytes.</summary>
    public const int IvSize = 12;

    /// <summary>The GCM tag size in bytes.</summary>
    public const int TagSize = 16;

    public string Label => tokenLabel;

    /// <summary>(Re)initializes the module; a module already initialized by this process is finalized first, so that it re-reads its configuration and token list.</summary>
    public void Initialize(bool reset)
    {
        if (reset)
        {
            library.C_Finalize(IntPtr.Zero);
        }

        var rv = library.C_Initialize(new CK_C_INITIALIZE_ARGS { Flags = CKF.CKF_OS_LOCKING_OK });
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
        Check(library.C_GetSlotList(true, null, ref count), "C_GetSlotList");
        var slots = new ulong[count];
        Check(library.C_GetSlotList(true, slots, ref count), "C_GetSlotList");
        var matches = new List<ulong>();
        foreach (var slot in slots.AsSpan(0, (int)count))
        {
            var info = new CK_TOKEN_INFO();
            if (library.C_GetTokenInfo(slot, ref info) == CKR.CKR_OK && Encoding.UTF8.GetString(info.Label).TrimEnd(' ', '\0') == tokenLabel)
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
        var flags = CKF.CKF_SERIAL_SESSION | (readWrite ? CKF.CKF_RW_SESSION : 0);
        Check(library.C_OpenSession(slot, flags, IntPtr.Zero, IntPtr.Zero, ref session), "C_OpenSession");
        return session;
    }

    public void CloseSession(ulong session) => library.C_CloseSession(session);

    /// <summary>Logs the user in, once: a wrong PIN is reported and never retried, since real HSMs lock the token after a few failures.</summary>
    public void Login(ulong session, string pin)
    {
        var pinBytes = Encoding.UTF8.GetBytes(pin);
        try
        {
            var rv = library.C_Login(session, CKU.CKU_USER, pinBytes, (ulong)pinBytes.Length);
            switch (rv)
            {
                case CKR.CKR_OK or CKR.CKR_USER_ALREADY_LOGGED_IN:
                    return;
                case CKR.CKR_PIN_INCORRECT or CKR.CKR_PIN_INVALID or CKR.CKR_PIN_LEN_RANGE:
                    throw new SealException($"seal: the PIN for PKCS#11 token '{tokenLabel}' is wrong ({rv}); not retried, since HSMs lock after repeated failures", new Pkcs11Exception("C_Login", rv));
                case CKR.CKR_PIN_LOCKED:
                    throw new SealException($"seal: the PIN of PKCS#11 token '{tokenLabel}' is locked", new Pkcs11Exception("C_Login", rv));
                default:
                    throw new SealException($"seal: login to PKCS#11 token '{tokenLabel}' failed: {rv}", new Pkcs11Exception("C_Login", rv));
            }
        }
        finally
        {
            Array.Clear(pinBytes);
        }
    }

    /// <summary>The handles of the AES secret keys labelled <paramref name="keyLabel"/>.</summary>
    public List<ulong> FindKeys(ulong session, string keyLabel)
    {
        CK_ATTRIBUTE[] template =
        [
            CkaUtils.CreateAttribute(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY),
            CkaUtils.CreateAttribute(CKA.CKA_KEY_TYPE, CKK.CKK_AES),
            CkaUtils.CreateAttribute(CKA.CKA_LABEL, keyLabel),
        ];
        try
        {
            Check(library.C_FindObjectsInit(session, template, (ulong)template.Length), "C_FindObjectsInit");
            var found = new ulong[4];
            ulong count = 0;
            var rv = library.C_FindObjects(session, found, (ulong)found.Length, ref count);
            library.C_FindObjectsFinal(session);
            Check(rv, "C_FindObjects");
            return [.. found.AsSpan(0, (int)count)];
        }
        finally
        {
            Free(template);
        }
    }

    /// <summary>The one root key labelled <paramref name="keyLabel"/>, checked to be a 256-bit AES key that never leaves the token.</summary>
    public ulong FindRootKey(ulong session, string keyLabel)
    {
        var keys = FindKeys(session, keyLabel);
        if (keys.Count == 0)
        {
            throw new SealException($"seal: no AES key labelled '{keyLabel}' in PKCS#11 token '{tokenLabel}'");
        }

        if (keys.Count > 1)
        {
            throw new SealException($"seal: {keys.Count} AES keys are labelled '{keyLabel}' in PKCS#11 token '{tokenLabel}': the label must name one key");
        }

        var key = keys[0];
        if (ReadBool(session, key, CKA.CKA_EXTRACTABLE))
        {
            throw new SealException($"seal: the root key '{keyLabel}' is extractable (CKA_EXTRACTABLE=true): create one that cannot leave the token");
        }

        if (!ReadBool(session, key, CKA.CKA_SENSITIVE))
        {
            throw new SealException($"seal: the root key '{keyLabel}' is not sensitive (CKA_SENSITIVE=false): create one that cannot leave the token");
        }

        var length = ReadULong(session, key, CKA.CKA_VALUE_LEN);
        if (length != 32)
        {
            throw new SealException($"seal: the root key '{keyLabel}' is a {length * 8}-bit AES key; the seal needs AES-256");
        }

        return key;
    }

    /// <summary>Generates a non-extractable, sensitive AES-256 key on the token (<c>kes hsm init-root-key</c>).</summary>
    public void GenerateRootKey(ulong session, string keyLabel)
    {
        CK_ATTRIBUTE[] template =
        [
            CkaUtils.CreateAttribute(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY),
            CkaUtils.CreateAttribute(CKA.CKA_KEY_TYPE, CKK.CKK_AES),
            CkaUtils.CreateAttribute(CKA.CKA_LABEL, keyLabel),
            CkaUtils.CreateAttribute(CKA.CKA_VALUE_LEN, 32UL),
            CkaUtils.CreateAttribute(CKA.CKA_TOKEN, true),
            CkaUtils.CreateAttribute(CKA.CKA_PRIVATE, true),
            CkaUtils.CreateAttribute(CKA.CKA_SENSITIVE, true),
            CkaUtils.CreateAttribute(CKA.CKA_EXTRACTABLE, false),
            CkaUtils.CreateAttribute(CKA.CKA_ENCRYPT, true),
            CkaUtils.CreateAttribute(CKA.CKA_DECRYPT, true),
            CkaUtils.CreateAttribute(CKA.CKA_WRAP, true),
            CkaUtils.CreateAttribute(CKA.CKA_UNWRAP, true),
        ];
        try
        {
            var mechanism = CkmUtils.CreateMechanism(CKM.CKM_AES_KEY_GEN);
            ulong key = 0;
            Check(library.C_GenerateKey(session, ref mechanism, template, (ulong)template.Length, ref key), "C_GenerateKey");
        }
        finally
        {
            Free(template);
        }
    }

    /// <summary>Whether the session still reaches the key: tells a forged sealed value (the token is fine) from a token failure.</summary>
    public bool CanReach(ulong session, ulong key)
    {
        CK_ATTRIBUTE[] template = [CkaUtils.CreateAttribute(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY)];
        try
        {
            return library.C_GetAttributeValue(session, key, template, 1) == CKR.CKR_OK;
        }
        finally
        {
            Free(template);
        }
    }

    /// <summary>AES-256-GCM encryption on the token: <paramref name="output"/> receives ciphertext ‖ tag.</summary>
    public unsafe CKR Encrypt(ulong session, ulong key, byte[] iv, byte[] aad, byte[] plaintext, int length, byte[] output)
    {
        fixed (byte* ivPointer = iv)
        fixed (byte* aadPointer = aad)
        {
            var parameters = new GcmParameters(ivPointer, iv.Length, aadPointer, aad.Length);
            var mechanism = new CK_MECHANISM { Mechanism = AesGcm, Parameter = (IntPtr)(&parameters), ParameterLen = (ulong)sizeof(GcmParameters) };
            var rv = library.C_EncryptInit(session, ref mechanism, key);
            if (rv != CKR.CKR_OK)
            {
                return rv;
            }

            var outputLength = (ulong)output.Length;
            return library.C_Encrypt(session, plaintext, (ulong)length, output, ref outputLength);
        }
    }

    /// <summary>AES-256-GCM decryption on the token straight into <paramref name="output"/>, a pinned buffer of at least the ciphertext's size.</summary>
    public unsafe CKR Decrypt(ulong session, ulong key, byte[] iv, byte[] aad, byte[] ciphertext, byte[] output, out int written)
    {
        written = 0;
        fixed (byte* ivPointer = iv)
        fixed (byte* aadPointer = aad)
        {
            var parameters = new GcmParameters(ivPointer, iv.Length, aadPointer, aad.Length);
            var mechanism = new CK_MECHANISM { Mechanism = AesGcm, Parameter = (IntPtr)(&parameters), ParameterLen = (ulong)sizeof(GcmParameters) };
            var rv = library.C_DecryptInit(session, ref mechanism, key);
            if (rv != CKR.CKR_OK)
            {
                return rv;
            }

            var outputLength = (ulong)output.Length;
            rv = library.C_Decrypt(session, ciphertext, (ulong)ciphertext.Length, output, ref outputLength);
            written = rv == CKR.CKR_OK ? (int)outputLength : 0;
            return rv;
        }
    }

    private bool ReadBool(ulong session, ulong key, CKA attribute)
    {
        CK_ATTRIBUTE[] template = [CkaUtils.CreateAttribute(attribute, false)];
        try
        {
            Check(library.C_GetAttributeValue(session, key, template, 1), "C_GetAttributeValue");
            CkaUtils.ConvertValue(ref template[0], out bool value);
            return value;
        }
        finally
        {
            Free(template);
        }
    }

    private ulong ReadULong(ulong session, ulong key, CKA attribute)
    {
        CK_ATTRIBUTE[] template = [CkaUtils.CreateAttribute(attribute, 0UL)];
        try
        {
            Check(library.C_GetAttributeValue(session, key, template, 1), "C_GetAttributeValue");
            CkaUtils.ConvertValue(ref template[0], out ulong value);
            return value;
        }
        finally
        {
            Free(template);
        }
    }

    private static void Free(CK_ATTRIBUTE[] template)
    {
        for (var i = 0; i < template.Length; i++)
        {
            UnmanagedMemory.Free(ref template[i].value);
            template[i].valueLen = 0;
        }
    }

    private void Check(CKR rv, string function)
    {
        if (rv != CKR.CKR_OK)
        {
            throw new SealException($"seal: PKCS#11 token '{tokenLabel}': {function} failed: {rv}", new Pkcs11Exception(function, rv));
        }
    }

    // CK_GCM_PARAMS of PKCS#11 v2.40 with CK_ULONG of 64 bits and natural alignment (LP64 Unix).
    [StructLayout(LayoutKind.Sequential)]
    private unsafe readonly struct GcmParameters(byte* iv, int ivLength, byte* aad, int aadLength)
    {
        private readonly byte* _iv = iv;
        private readonly ulong _ivLength = (ulong)ivLength;
        private readonly ulong _ivBits = (ulong)ivLength * 8;
        private readonly byte* _aad = aad;
        private readonly ulong _aadLength = (ulong)aadLength;
        private readonly ulong _tagBits = TagSize * 8;
    }
}
