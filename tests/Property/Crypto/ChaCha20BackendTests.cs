using FsCheck.Xunit;
using Kes.Domain.Keys;
using Kes.Domain.Ports;
using Kes.Infrastructure.Crypto.Reference;

namespace Kes.PropertyTests.Crypto;

/// <summary>The BouncyCastle fallback of the ChaCha20 reference core is interchangeable with .NET's ChaCha20Poly1305.</summary>
public class ChaCha20BackendTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(128)]
    [InlineData(1000)]
    public void BouncyCastle_and_the_platform_AEAD_seal_identically_and_open_each_other(int length)
    {
        var plaintext = new byte[length];
        Random.Shared.NextBytes(plaintext);
        AssertInterchangeable(plaintext, [1, 2, 3]);
    }

    [Property]
    public void BouncyCastle_and_the_platform_AEAD_agree_on_random_messages(byte[] plaintext, byte[] context) =>
        AssertInterchangeable(plaintext, context);

    private static void AssertInterchangeable(byte[] plaintext, byte[] context)
    {
        using var key = SecretKey.Generate(KeyAlgorithm.ChaCha20);
        using var bouncyCastle = new ReferenceChaCha20Cipher(key, useBouncyCastle: true);
        using var platform = new ReferenceChaCha20Cipher(key, useBouncyCastle: false);
        var iv = new byte[IKeyCipher.IvSize];
        var nonce = new byte[IKeyCipher.NonceSize];
        Random.Shared.NextBytes(iv);
        Random.Shared.NextBytes(nonce);

        var fromBouncyCastle = new byte[plaintext.Length + IKeyCipher.Overhead];
        var fromPlatform = new byte[fromBouncyCastle.Length];
        bouncyCastle.Seal(iv, nonce, plaintext, context, fromBouncyCastle);
        platform.Seal(iv, nonce, plaintext, context, fromPlatform);
        Assert.Equal(fromPlatform, fromBouncyCastle);

        var opened = new byte[fromPlatform.Length];
        Assert.True(bouncyCastle.TryOpen(fromPlatform, context, opened, out var written));
        Assert.Equal(plaintext, opened[..written]);

        fromPlatform[plaintext.Length / 2] ^= 0x80;
        Assert.False(bouncyCastle.TryOpen(fromPlatform, context, opened, out _));
        Assert.All(opened, b => Assert.Equal(0, b));
    }
}
