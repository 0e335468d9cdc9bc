using FsCheck;
using FsCheck.Fluent;

namespace Kes.PropertyTests.Crypto;

/// <summary>Random ChaCha20-Poly1305 inputs: plaintexts of 0 to 600 bytes reach the eight-, four- and one-block paths and a partial block.</summary>
internal sealed record ChaChaInput(byte[] Key, byte[] Nonce, byte[] Plaintext, byte[] AssociatedData, int Seed)
{
    public static Arbitrary<ChaChaInput> Arbitrary() =>
        (from key in Bytes(32)
         from nonce in Bytes(12)
         from plaintextLength in Gen.Choose(0, 600)
         from plaintext in Bytes(plaintextLength)
         from associatedDataLength in Gen.Choose(0, 100)
         from associatedData in Bytes(associatedDataLength)
         from seed in Gen.Choose(0, int.MaxValue)
         select new ChaChaInput(key, nonce, plaintext, associatedData, seed)).ToArbitrary();

    public override string ToString() =>
        $"key {Convert.ToHexString(Key)} nonce {Convert.ToHexString(Nonce)} plaintext {Convert.ToHexString(Plaintext)} ad {Convert.ToHexString(AssociatedData)} seed {Seed}";

    private static Gen<byte[]> Bytes(int length) => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), length);
}
