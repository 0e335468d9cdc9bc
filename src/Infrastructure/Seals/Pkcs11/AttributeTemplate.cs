using System.Runtime.InteropServices;
using System.Text;
using Net.Pkcs11Interop.Common;

namespace Kes.Infrastructure.Seals.Pkcs11;

/// <summary>A CK_ATTRIBUTE array in native memory with the values it points to, freed on dispose.</summary>
internal sealed unsafe class AttributeTemplate : IDisposable
{
    private const int MaxAttributes = 16;
    private readonly Pkcs11Functions.Attribute* _attributes = (Pkcs11Functions.Attribute*)NativeMemory.AllocZeroed((nuint)(MaxAttributes * sizeof(Pkcs11Functions.Attribute)));
    private readonly List<IntPtr> _values = [];

    public Pkcs11Functions.Attribute* Pointer => _attributes;

    public ulong Count { get; private set; }

    public AttributeTemplate Add(CKA type, ulong value) => Add(type, new ReadOnlySpan<byte>(&value, sizeof(ulong)));

    public AttributeTemplate Add(CKA type, bool value) => Add(type, [value ? (byte)1 : (byte)0]);

    public AttributeTemplate Add(CKA type, string value) => Add(type, Encoding.UTF8.GetBytes(value));

    public AttributeTemplate Add(CKA type, ReadOnlySpan<byte> value)
    {
        var memory = NativeMemory.Alloc((nuint)Math.Max(value.Length, 1));
        _values.Add((IntPtr)memory);
        value.CopyTo(new Span<byte>(memory, value.Length));
        _attributes[Count] = new Pkcs11Functions.Attribute { Type = (ulong)type, Value = memory, Length = (ulong)value.Length };
        Count++;
        return this;
    }

    /// <summary>The value of attribute <paramref name="index"/> as a CK_BBOOL.</summary>
    public bool Bool(int index) => *(byte*)_attributes[index].Value != 0;

    /// <summary>The value of attribute <paramref name="index"/> as a CK_ULONG.</summary>
    public ulong ULong(int index) => *(ulong*)_attributes[index].Value;

    public void Dispose()
    {
        foreach (var value in _values)
        {
            NativeMemory.Free((void*)value);
        }

        NativeMemory.Free(_attributes);
    }
}
