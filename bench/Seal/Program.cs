using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Kes.Application.Caching;
using Kes.Application.Keys;
using Kes.Domain.Identities;
using Kes.Domain.Keys;
using Kes.Domain.Ports;
using Kes.Infrastructure.Crypto;
using Kes.Infrastructure.Crypto.Codec;
using Kes.Infrastructure.KeyStores;
using Kes.Infrastructure.KeyStores.FileSystem;
using Kes.Infrastructure.Seals;
using Kes.Infrastructure.Seals.Pkcs11;

// The seal's figures for bench/RESULTS.md: seal and open per second through the session pool, and the
// key cache's miss latency on an fs keystore with and without the seal. bench/run-seal.sh makes a
// fresh SoftHSM2 token and runs this with SOFTHSM2_CONF set, which the module reads at start.
var options = args.Chunk(2).ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
var module = options.GetValueOrDefault("--module", "/usr/lib/softhsm/libsofthsm2.so");
var seconds = double.Parse(options.GetValueOrDefault("--seconds", "3"), CultureInfo.InvariantCulture);
var keyCount = int.Parse(options.GetValueOrDefault("--keys", "2000"), CultureInfo.InvariantCulture);
var config = new SealConfig(
    new Pkcs11SealConfig(module, options.GetValueOrDefault("--token", "kes"), Environment.GetEnvironmentVariable("KES_HSM_PIN") ?? "1234", options.GetValueOrDefault("--key", "kes-root")),
    AllowUnsealed: false);

Console.WriteLine($"{Environment.ProcessorCount} cores, pool of {SealConfig.Sessions} sessions, {module}");
var seal = config.Open();
var value = RandomNumberGenerator.GetBytes(104); // the size of a stored AES256 key text
var sealedValue = await seal.SealAsync("bench", value, CancellationToken.None);
await RateAsync(4, 1, async () => CryptographicOperations.ZeroMemory(await seal.OpenAsync("bench", await seal.SealAsync("bench", value, CancellationToken.None), CancellationToken.None)));
foreach (var workers in new[] { 1, 2, 4, 8, 16 })
{
    var sealRate = await RateAsync(workers, seconds, async () => await seal.SealAsync("bench", value, CancellationToken.None));
    var openRate = await RateAsync(workers, seconds, async () => CryptographicOperations.ZeroMemory(await seal.OpenAsync("bench", sealedValue, CancellationToken.None)));
    Console.WriteLine($"callers {workers,2}: seal {sealRate,8:N0}/s  open {openRate,8:N0}/s");
}

var folder = Directory.CreateTempSubdirectory("kes-bench-seal-").FullName;
try
{
    var plain = KeyStoreFactory.Open(new FsKeyStoreConfig(Path.Combine(folder, "plain"))).Store;
    var sealedStore = new SealingKeyStore(KeyStoreFactory.Open(new FsKeyStoreConfig(Path.Combine(folder, "sealed"))).Store, seal, allowUnsealed: false, _ => { });
    await ReportMissesAsync("unsealed", plain, keyCount);
    await ReportMissesAsync("sealed", sealedStore, keyCount);
    await plain.DisposeAsync();
    await sealedStore.DisposeAsync();
}
finally
{
    Directory.Delete(folder, recursive: true);
}

static async Task<double> RateAsync(int workers, double seconds, Func<Task> operation)
{
    long count = 0;
    var stop = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
    var started = Stopwatch.GetTimestamp();
    await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
    {
        while (Stopwatch.GetTimestamp() < stop)
        {
            await operation();
            Interlocked.Increment(ref count);
        }
    })));
    return count / Stopwatch.GetElapsedTime(started).TotalSeconds;
}

// A miss is what the cache does for a key it does not hold: keystore read, open, parse, cipher setup.
static async Task ReportMissesAsync(string label, IKeyStore store, int keys)
{
    var names = Enumerable.Range(0, keys).Select(i => $"key-{i}").ToArray();
    var codec = new StoredKeyCodec();
    var sealer = Sealers.Create(SealerKind.Fast);
    await using (var creating = new KeyCache(store, codec, sealer, CacheOptions.Default, TimeProvider.System))
    {
        await DeclaredKeys.CreateAsync(creating, names, new Identity("bench"), KeyAlgorithm.Aes256, TimeProvider.System, CancellationToken.None);
    }

    // The first pass warms the JIT and the page cache; the second, on a fresh cache, is measured.
    var latencies = new double[keys];
    for (var pass = 0; pass < 2; pass++)
    {
        await using var cache = new KeyCache(store, codec, sealer, CacheOptions.Default, TimeProvider.System);
        for (var i = 0; i < keys; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using (await cache.GetAsync(names[i], CancellationToken.None))
            {
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            }
        }
    }

    Array.Sort(latencies);
    Console.WriteLine($"cache miss, {label,-8}: p50 {latencies[keys / 2],7:N1} µs  p99 {latencies[keys * 99 / 100],7:N1} µs  mean {latencies.Average(),7:N1} µs  ({keys} keys, fs)");
}
