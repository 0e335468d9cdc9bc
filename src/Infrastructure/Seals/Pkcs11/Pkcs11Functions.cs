using System.Runtime.InteropServices;
using Net.Pkcs11Interop.Common;

namespace Kes.Infrastructure.Seals.Pkcs11;

/// <summary>The PKCS#11 v2.40 functions the seal calls, bound through the module's <c>C_GetFunctionList</c> as unmanaged function pointers (docs/keystores.md §9.3).</summary>
/// <remarks>
/// Pkcs11Interop's own bindings marshal through delegates made at run time, which the Native AOT
/// compiler reports as unsafe (IL3050); function pointers need no marshalling code at all. Only its
/// constants and <see cref="Pkcs11Exception"/> are used. CK_ULONG is 64 bits with natural alignment:
/// the LP64 Unix ABI, the only one this binding supports.
/// </remarks>
internal sealed unsafe class Pkcs11Functions
{
    // Indexes into CK_FUNCTION_LIST after its CK_VERSION (padded to one pointer).
    private const int Initialize = 0;
    private const int Finalize = 1;
    private const int GetSlotList = 4;
    private const int GetTokenInfo = 6;
    private const int OpenSession = 12;
    private const int CloseSession = 13;
    private const int Login = 18;
    private const int GetAttributeValue = 24;
    private const int FindObjectsInit = 26;
    private const int FindObjects = 27;
    private const int FindObjectsFinal = 28;
    private const int EncryptInit = 29;
    private const int Encrypt = 30;
    private const int DecryptInit = 33;
    private const int Decrypt = 34;
    private const int GenerateKey = 58;

    private readonly void** _functions;

    private Pkcs11Functions(void** functions) => _functions = functions;

    /// <summary>Loads the module and reads its function list.</summary>
    /// <exception cref="SealException">The file cannot be loaded or exports no PKCS#11 function list.</exception>
    public static Pkcs11Functions Load(string path)
    {
        if (OperatingSystem.IsWindows() || IntPtr.Size != 8)
        {
            throw new SealException("seal: the PKCS#11 seal needs a 64-bit Linux or macOS process");
        }

        if (!NativeLibrary.TryLoad(path, out var module))
        {
            throw new SealException($"seal: '{path}' is not a PKCS#11 module: it cannot be loaded as a shared library");
        }

        if (!NativeLibrary.TryGetExport(module, "C_GetFunctionList", out var getFunctionList))
        {
            throw new SealException($"seal: '{path}' is not a PKCS#11 module: it has no C_GetFunctionList");
        }

        byte* list = null;
        var rv = ((delegate* unmanaged<byte**, ulong>)getFunctionList)(&list);
        if (rv != 0 || list == null)
        {
            throw new SealException($"seal: '{path}' is not a PKCS#11 module: C_GetFunctionList failed: {Name(rv)}");
        }

        return new Pkcs11Functions((void**)(list + sizeof(void*)));
    }

    /// <summary>The name of a return value, e.g. <c>CKR_PIN_INCORRECT</c>.</summary>
    public static CKR Name(ulong rv) => (CKR)rv;

    public CKR C_Initialize(InitializeArguments* arguments) => (CKR)((delegate* unmanaged<InitializeArguments*, ulong>)_functions[Initialize])(arguments);

    public CKR C_Finalize() => (CKR)((delegate* unmanaged<void*, ulong>)_functions[Finalize])(null);

    public CKR C_GetSlotList(bool tokenPresent, ulong* slots, ulong* count) =>
        (CKR)((delegate* unmanaged<byte, ulong*, ulong*, ulong>)_functions[GetSlotList])(tokenPresent ? (byte)1 : (byte)0, slots, count);

    public CKR C_GetTokenInfo(ulong slot, byte* info) => (CKR)((delegate* unmanaged<ulong, byte*, ulong>)_functions[GetTokenInfo])(slot, info);

    public CKR C_OpenSession(ulong slot, ulong flags, ulong* session) =>
        (CKR)((delegate* unmanaged<ulong, ulong, void*, void*, ulong*, ulong>)_functions[OpenSession])(slot, flags, null, null, session);

    public CKR C_CloseSession(ulong session) => (CKR)((delegate* unmanaged<ulong, ulong>)_functions[CloseSession])(session);

    public CKR C_Login(ulong session, ulong userType, byte* pin, ulong pinLength) =>
        (CKR)((delegate* unmanaged<ulong, ulong, byte*, ulong, ulong>)_functions[Login])(session, userType, pin, pinLength);

    public CKR C_GetAttributeValue(ulong session, ulong handle, Attribute* template, ulong count) =>
        (CKR)((delegate* unmanaged<ulong, ulong, Attribute*, ulong, ulong>)_functions[GetAttributeValue])(session, handle, template, count);

    public CKR C_FindObjectsInit(ulong session, Attribute* template, ulong count) =>
        (CKR)((delegate* unmanaged<ulong, Attribute*, ulong, ulong>)_functions[FindObjectsInit])(session, template, count);

    public CKR C_FindObjects(ulong session, ulong* handles, ulong max, ulong* count) =>
        (CKR)((delegate* unmanaged<ulong, ulong*, ulong, ulong*, ulong>)_functions[FindObjects])(session, handles, max, count);

    public CKR C_FindObjectsFinal(ulong session) => (CKR)((delegate* unmanaged<ulong, ulong>)_functions[FindObjectsFinal])(session);

    public CKR C_EncryptInit(ulong session, Mechanism* mechanism, ulong key) =>
        (CKR)((delegate* unmanaged<ulong, Mechanism*, ulong, ulong>)_functions[EncryptInit])(session, mechanism, key);

    public CKR C_Encrypt(ulong session, byte* data, ulong length, byte* output, ulong* outputLength) =>
        (CKR)((delegate* unmanaged<ulong, byte*, ulong, byte*, ulong*, ulong>)_functions[Encrypt])(session, data, length, output, outputLength);

    public CKR C_DecryptInit(ulong session, Mechanism* mechanism, ulong key) =>
        (CKR)((delegate* unmanaged<ulong, Mechanism*, ulong, ulong>)_functions[DecryptInit])(session, mechanism, key);

    public CKR C_Decrypt(ulong session, byte* data, ulong length, byte* output, ulong* outputLength) =>
        (CKR)((delegate* unmanaged<ulong, byte*, ulong, byte*, ulong*, ulong>)_functions[Decrypt])(session, data, length, output, outputLength);

    public CKR C_GenerateKey(ulong session, Mechanism* mechanism, Attribute* template, ulong count, ulong* key) =>
        (CKR)((delegate* unmanaged<ulong, Mechanism*, Attribute*, ulong, ulong*, ulong>)_functions[GenerateKey])(session, mechanism, template, count, key);

    /// <summary>CK_C_INITIALIZE_ARGS.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct InitializeArguments
    {
        public IntPtr CreateMutex;
        public IntPtr DestroyMutex;
        public IntPtr LockMutex;
        public IntPtr UnlockMutex;
        public ulong Flags;
        public IntPtr Reserved;
    }

    /// <summary>CK_ATTRIBUTE.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Attribute
    {
        public ulong Type;
        public void* Value;
        public ulong Length;
    }

    /// <summary>CK_MECHANISM.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Mechanism
    {
        public ulong Type;
        public void* Parameter;
        public ulong ParameterLength;
    }

    /// <summary>CK_GCM_PARAMS of PKCS#11 v2.40.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct GcmParameters
    {
        public byte* Iv;
        public ulong IvLength;
        public ulong IvBits;
        public byte* Aad;
        public ulong AadLength;
        public ulong TagBits;
    }
}
