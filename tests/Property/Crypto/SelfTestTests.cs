using Kes.Domain.Keys;
using Kes.Domain.Ports;
using Kes.Infrastructure.Crypto.SelfTest;

namespace Kes.PropertyTests.Crypto;

/// <summary>The power-on self-test passes for every core and catches a core that gets one bit wrong.</summary>
public class SelfTestTests
{
    public static TheoryData<string> CoreNames => Cores.Names;

    [Theory]
    [MemberData(nameof(CoreNames))]
    public void Every_core_passes_its_self_test(string core) => Assert.True(Cores.Get(core).SelfTest());

    [Theory]
    [MemberData(nameof(CoreNames))]
    public void A_core_whose_sealed_output_is_off_by_one_bit_fails_the_known_answer_tests(string core) =>
        Assert.False(KnownAnswerTests.Run(new Faulty(Cores.Get(core), corruptSeal: true, acceptForgeries: false)));

    [Theory]
    [MemberData(nameof(CoreNames))]
    public void A_core_that_opens_forged_ciphertexts_fails_the_known_answer_tests(string core) =>
        Assert.False(KnownAnswerTests.Run(new Faulty(Cores.Get(core), corruptSeal: false, acceptForgeries: true)));

    /// <summary>Wraps a working core and breaks one of its promises.</summary>
    private sealed class Faulty(ISealer inner, bool corruptSeal, bool acceptForgeries) : ISealer
    {
        public string Name => "faulty";

        public IKeyCipher CreateCipher(SecretKey key) => new Cipher(inner.CreateCipher(key), corruptSeal, acceptForgeries);

        public bool SelfTest() => KnownAnswerTests.Run(this);

        private sealed class Cipher(IKeyCipher inner, bool corruptSeal, bool acceptForgeries) : IKeyCipher
        {
            public KeyAlgorithm Algorithm => inner.Algorithm;

            public int Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> destination) =>
                Corrupt(inner.Seal(plaintext, associatedData, destination), destination);

            public int Seal(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> destination) =>
                Corrupt(inner.Seal(iv, nonce, plaintext, associatedData, destination), destination);

            public bool TryOpen(ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> associatedData, Span<byte> destination, out int bytesWritten) =>
                inner.TryOpen(ciphertext, associatedData, destination, out bytesWritten) || (acceptForgeries && (bytesWritten = 0) == 0);

            public void Dispose() => inner.Dispose();

            private int Corrupt(int written, Span<byte> destination)
            {
                if (corruptSeal)
                {
                    destination[0] ^= 1;
                }

                return written;
            }
        }
    }
}
