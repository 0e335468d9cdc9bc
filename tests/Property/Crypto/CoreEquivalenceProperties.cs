using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kes.Domain.Keys;
using Kes.Domain.Ports;
using Kes.Infrastructure.Crypto.Fast;
using Kes.Infrastructure.Crypto.Reference;

namespace Kes.PropertyTests.Crypto;

/// <summary>The differential law: the fast core and the reference core produce the same bytes for the same key, iv, nonce, plaintext and context, and each opens the other's output.</summary>
public class CoreEquivalenceProperties
{
    private static readonly FastSealer Fast = new();
    private static readonly ReferenceSealer Reference = new();

    private static Arbitrary<byte[]> Bytes(int length) =>
        Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), length).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Fast_core_equals_reference_core_byte_for_byte(byte[] plaintext, byte[] context, bool chacha) =>
        Prop.ForAll(Bytes(SecretKey.Size), Bytes(IKeyCipher.IvSize), Bytes(IKeyCipher.NonceSize), (keyBytes, iv, nonce) =>
        {
            var algorithm = chacha ? KeyAlgorithm.ChaCha20 : KeyAlgorithm.Aes256;
            using var key = SecretKey.FromBytes(algorithm, keyBytes);
            using var fast = Fast.CreateCipher(key);
            using var reference = Reference.CreateCipher(key);
            var fromFast = new byte[plaintext.Length + IKeyCipher.Overhead];
            var fromReference = new byte[plaintext.Length + IKeyCipher.Overhead];
            fast.Seal(iv, nonce, plaintext, context, fromFast);
            reference.Seal(iv, nonce, plaintext, context, fromReference);

            var opened = new byte[fromFast.Length];
            return fromFast.AsSpan().SequenceEqual(fromReference)
                && fast.TryOpen(fromReference, context, opened, out var a) && opened.AsSpan(0, a).SequenceEqual(plaintext)
                && reference.TryOpen(fromFast, context, opened, out var b) && opened.AsSpan(0, b).SequenceEqual(plaintext);
        });

    [Property(MaxTest = 300)]
    public bool Both_cores_reject_the_same_forgeries(byte[] garbage, byte[] context, bool chacha)
    {
        using var key = SecretKey.Generate(chacha ? KeyAlgorithm.ChaCha20 : KeyAlgorithm.Aes256);
        using var fast = Fast.CreateCipher(key);
        using var reference = Reference.CreateCipher(key);
        var output = new byte[garbage.Length];
        return !fast.TryOpen(garbage, context, output, out _) && !reference.TryOpen(garbage, context, output, out _);
    }
}
