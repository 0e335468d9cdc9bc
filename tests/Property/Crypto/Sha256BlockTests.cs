using System.Runtime.InteropServices;
using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kes.Infrastructure.Crypto.Fast;

namespace Kes.PropertyTests.Crypto;

/// <summary>The two SHA-256 block functions of the fast core, OpenSSL's and the managed one, are interchangeable.</summary>
public class Sha256BlockTests
{
    [Fact]
    public void OpenSSLs_block_function_is_used_wherever_libcrypto_3_is_there()
    {
        var present = OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libcrypto.so.3", out _);
        Assert.Equal(present, NativeSha256Block.IsAvailable);
    }

    [Property(MaxTest = 500)]
    public Property Native_and_scalar_compression_agree_from_any_state_on_any_block() =>
        Prop.ForAll(
            Gen.ArrayOf(ArbMap.Default.GeneratorFor<uint>(), 8).ToArbitrary(),
            Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), 64).ToArbitrary(),
            (state, block) =>
            {
                var scalar = state.ToArray();
                var native = state.ToArray();
                Sha256Block.CompressScalar(scalar, block);
                if (NativeSha256Block.IsAvailable)
                {
                    NativeSha256Block.Compress(native, block);
                }
                else
                {
                    Sha256Block.Compress(native, block);
                }

                return scalar.AsSpan().SequenceEqual(native);
            });

    [Theory]
    [InlineData(0)]
    [InlineData(55)]
    [InlineData(56)]
    [InlineData(64)]
    [InlineData(119)]
    [InlineData(1000)]
    public void Hashing_through_the_block_function_matches_the_platform(int length)
    {
        var message = RandomNumberGenerator.GetBytes(length);
        Span<uint> state = stackalloc uint[Sha256Block.StateWords];
        Span<byte> digest = stackalloc byte[Sha256Block.DigestSize];
        Sha256Block.Initialize(state);
        Sha256Block.Finish(state, 0, message, digest);
        Assert.Equal(SHA256.HashData(message), digest.ToArray());
    }
}
