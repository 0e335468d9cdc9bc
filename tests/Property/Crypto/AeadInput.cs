using FsCheck;
using FsCheck.Fluent;

namespace Kes.PropertyTests.Crypto;

/// <summary>Random AES-256-GCM inputs: texts from 0 to 300 bytes cover partial blocks and the four-block paths.</summary>
internal sealed record AeadInput(byte[] Key, byte[] Nonce, byte[] Plaintext, byte[] AssociatedData, int Seed)
{
    public static Arbitrary<AeadInput> Arbitrary() =>
        (from key in ByteGen.Exactly(32)
         from nonce in ByteGen.Exactly(12)
         from plaintext in ByteGen.Between(0, 300)
         from associatedData in ByteGen.Between(0, 200)
         from seed in Gen.Choose(0, int.MaxValue)
         select new AeadInput(key, nonce, plaintext, associatedData, seed)).ToArbitrary();

    public override string ToString() =>
        $"key {Convert.ToHexString(Key)} nonce {Convert.ToHexString(Nonce)} plaintext {Convert.ToHexString(Plaintext)} ad {Convert.ToHexString(AssociatedData)} seed {Seed}";
}
