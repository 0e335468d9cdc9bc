using FsCheck;
using FsCheck.Fluent;

namespace Kes.PropertyTests.Crypto;

/// <summary>Generators of byte arrays with an exact or a bounded random length.</summary>
internal static class ByteGen
{
    private static readonly Gen<byte> AnyByte = Gen.Choose(0, 255).Select(b => (byte)b);

    /// <summary>Arrays of exactly <paramref name="length"/> random bytes.</summary>
    public static Gen<byte[]> Exactly(int length) => Gen.ArrayOf(AnyByte, length);

    /// <summary>Arrays of random bytes whose length is uniform in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Gen<byte[]> Between(int min, int max) => Gen.Choose(min, max).SelectMany(Exactly);
}
