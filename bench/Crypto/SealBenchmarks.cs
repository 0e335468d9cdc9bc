using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Kes.Domain.Keys;
using Kes.Domain.Ports;
using Kes.Infrastructure.Crypto.Fast;
using Kes.Infrastructure.Crypto.Reference;

namespace Kes.Bench.Crypto;

/// <summary>Seal and open of a 32 B DEK and a 1 KiB message through the fast core, the reference core and the naive platform composition, in one run.</summary>
[MemoryDiagnoser]
public class SealBenchmarks
{
    private readonly byte[] _context = "{\"bucket\":\"bucket/object\"}"u8.ToArray();
    private byte[] _plaintext = [];
    private byte[] _sealed = [];
    private byte[] _opened = [];
    private byte[] _naiveKey = [];
    private SecretKey? _key;
    private IKeyCipher? _fast;
    private IKeyCipher? _reference;

    /// <summary>The key algorithm.</summary>
    [Params(KeyAlgorithm.Aes256, KeyAlgorithm.ChaCha20)]
    public KeyAlgorithm Algorithm { get; set; }

    /// <summary>The plaintext size in bytes.</summary>
    [Params(32, 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _key = SecretKey.Generate(Algorithm);
        _naiveKey = new byte[SecretKey.Size];
        _key.CopyTo(_naiveKey);
        _fast = new FastSealer().CreateCipher(_key);
        _reference = new ReferenceSealer().CreateCipher(_key);
        _plaintext = RandomNumberGenerator.GetBytes(Size);
        _sealed = new byte[Size + IKeyCipher.Overhead];
        _opened = new byte[Size + IKeyCipher.Overhead];
        _fast.Seal(_plaintext, _context, _sealed);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _fast?.Dispose();
        _reference?.Dispose();
        _key?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int Seal_naive_platform() => NaiveSeal(_naiveKey, Algorithm, _plaintext, _context, _sealed);

    [Benchmark]
    public int Seal_reference() => _reference!.Seal(_plaintext, _context, _sealed);

    [Benchmark]
    public int Seal_fast() => _fast!.Seal(_plaintext, _context, _sealed);

    [Benchmark]
    public bool Open_reference() => _reference!.TryOpen(_sealed, _context, _opened, out _);

    [Benchmark]
    public bool Open_fast() => _fast!.TryOpen(_sealed, _context, _opened, out _);

    /// <summary>What a straightforward port does: derive K' with the platform, then a new AEAD object per message.</summary>
    private static int NaiveSeal(byte[] key, KeyAlgorithm algorithm, byte[] plaintext, byte[] context, byte[] destination)
    {
        var iv = RandomNumberGenerator.GetBytes(16);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var derived = algorithm == KeyAlgorithm.Aes256 ? HMACSHA256.HashData(key, iv) : DeriveChaChaKey(key, iv);
        var ciphertext = destination.AsSpan(0, plaintext.Length);
        var tag = destination.AsSpan(plaintext.Length, 16);
        if (algorithm == KeyAlgorithm.Aes256)
        {
            using var aes = new AesGcm(derived, 16);
            aes.Encrypt(nonce, plaintext, ciphertext, tag, context);
        }
        else
        {
            using var chacha = new ChaCha20Poly1305(derived);
            chacha.Encrypt(nonce, plaintext, ciphertext, tag, context);
        }

        iv.CopyTo(destination, plaintext.Length + 16);
        nonce.CopyTo(destination, plaintext.Length + 32);
        return plaintext.Length + 44;
    }

    private static byte[] DeriveChaChaKey(byte[] key, byte[] iv)
    {
        var derived = new byte[32];
        HChaCha20.DeriveKey(key, iv, derived);
        return derived;
    }
}
