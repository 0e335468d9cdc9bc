using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Runtime.Versioning;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Kes.Api.Hosting;
using Kes.Domain.Keys;
using Kes.Domain.Logs;
using Kes.Domain.Policies;
using Kes.Infrastructure.KeyStores.FileSystem;
using Kes.IntegrationTests.Server;

namespace Kes.IntegrationTests.Hosting;

/// <summary>
/// Issue 11's "done when": 50 reloads that change policies, the declared key, which identity may use
/// which key, the keystore folder and the certificate, while 16 clients generate and decrypt over
/// HTTP/1.1 and HTTP/2. No request fails, and no answer mixes two generations.
/// </summary>
/// <remarks>
/// Generation N has its own keystore folder whose only key is <c>k-N</c> (declared, so the reload
/// creates it), a policy <c>gen-N</c> that lets the client identities use <c>k-N</c> and nothing else,
/// its own admin and its own certificate. A client that knows generation M asks for <c>k-M</c> and,
/// to catch the mix the other way round, sometimes for <c>k-(M+1)</c>. Under one consistent
/// generation the answer is 200 (that generation's key, which must then decrypt to the same data key)
/// or 403 (another generation's policy); a 404 can only come from one generation's policy with another
/// generation's keystore, and a wrong plaintext only from another generation's key material.
/// </remarks>
[UnsupportedOSPlatform("windows")]
public sealed class ReloadUnderLoadTests
{
    private const int Reloads = 50;
    private const int Clients = 16;
    private const int RequestsPerConnection = 8;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Fifty_reloads_under_sixteen_clients_fail_no_request_and_mix_no_generations()
    {
        using var root = new TemporaryFolder();
        var certificates = Enumerable.Range(0, Reloads + 1).Select(_ => TestCertificates.Server()).ToArray();
        X509Certificate2[] callers = [.. Enumerable.Range(0, 4).Select(i => TestCertificates.EcdsaClient($"client-{i}"))];
        X509Certificate2[] admins = [TestCertificates.EcdsaClient("admin-even"), TestCertificates.EcdsaClient("admin-odd")];
        var run = new LoadRun(certificates);

        ServerSettings Generation(ServerSettings template, int n)
        {
            var admin = TestCertificates.IdentityOf(admins[n % 2]);
            var policy = new Policy($"gen-{n}", [$"/v1/key/generate/k-{n}", $"/v1/key/decrypt/k-{n}"], [], KesTimestamp.Now, admin);
            var store = new FileSystemKeyStore(Path.Combine(root.Path, $"gen-{n}"));
            return template with
            {
                Certificate = certificates[n],
                Admin = admin,
                Policies = PolicySet.Create(admin, [new PolicyAssignment(policy, [.. callers.Select(TestCertificates.IdentityOf)])]),
                KeyStore = store,
                KeyStoreDescription = store.Description,
                DeclaredKeys = [$"k-{n}"],
                AuditLogLevel = SlogLevels.Off,
            };
        }

        await using var server = await KesTestServer.StartAsync(settings => Generation(settings, 0));
        await server.Host.CreateDeclaredKeysAsync(CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, Clients)
            .Select(i => Task.Run(() => run.ClientAsync(server, callers[i % callers.Length], i % 2 == 0 ? HttpVersion.Version20 : HttpVersion.Version11, stop.Token)))
            .ToArray();

        for (var n = 1; n <= Reloads; n++)
        {
            // Each generation serves at least one generate-and-decrypt before the next replaces it.
            await run.WaitForSuccessAsync(n - 1).WaitAsync(Patience);
            var next = n;
            Assert.NotNull(await server.Host.ReloadAsync(() => Generation(server.Host.Settings, next)));
            run.Publish(n);
        }

        await run.WaitForSuccessAsync(Reloads).WaitAsync(Patience);
        await stop.CancelAsync();
        await Task.WhenAll(clients).WaitAsync(Patience);

        Assert.Empty(run.Failures);
        Assert.All(Enumerable.Range(0, Reloads + 1), n => Assert.True(run.Succeeded(n), $"generation {n} answered no request"));
        Assert.Empty(run.StaleCertificates);
        Assert.True(run.PresentedCertificates > Reloads / 2, $"new connections saw only {run.PresentedCertificates} certificates");
    }

    /// <summary>What the clients saw, and what the test publishes to them.</summary>
    private sealed class LoadRun(X509Certificate2[] certificates)
    {
        private readonly ConcurrentQueue<string> _failures = new();
        private readonly ConcurrentQueue<string> _staleCertificates = new();
        private readonly ConcurrentDictionary<string, byte> _presented = new(StringComparer.Ordinal);
        private readonly TaskCompletionSource[] _succeeded = [.. certificates.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))];
        private int _published;

        public IReadOnlyCollection<string> Failures => _failures;

        public IReadOnlyCollection<string> StaleCertificates => _staleCertificates;

        public int PresentedCertificates => _presented.Count;

        public void Publish(int generation) => Volatile.Write(ref _published, generation);

        public Task WaitForSuccessAsync(int generation) => _succeeded[generation].Task;

        public bool Succeeded(int generation) => _succeeded[generation].Task.IsCompleted;

        public async Task ClientAsync(KesTestServer server, X509Certificate2 caller, Version version, CancellationToken stop)
        {
            var sent = 0;
            while (!stop.IsCancellationRequested)
            {
                using var client = NewClient(server, caller, version);
                for (var i = 0; i < RequestsPerConnection && !stop.IsCancellationRequested; i++, sent++)
                {
                    var known = Volatile.Read(ref _published);
                    var asked = sent % 4 == 3 ? known + 1 : known;
                    try
                    {
                        await GenerateAndDecryptAsync(client, asked);
                    }
#pragma warning disable CA1031 // Every failure is collected and reported by the test.
                    catch (Exception e)
#pragma warning restore CA1031
                    {
                        _failures.Enqueue($"k-{asked} over HTTP/{version}: {e.GetType().Name}: {e.Message}");
                    }
                }
            }
        }

        private async Task GenerateAndDecryptAsync(HttpClient client, int generation)
        {
            var path = $"/v1/key/generate/k-{generation}";
            using var generated = await client.SendAsync("POST", path, "{}");
            if (!await AnswerAsync(generated, path))
            {
                return;
            }

            using var json = JsonDocument.Parse(await generated.Content.ReadAsStringAsync());
            var plaintext = json.RootElement.GetProperty("plaintext").GetBytesFromBase64();
            var ciphertext = json.RootElement.GetProperty("ciphertext").GetString();
            path = $"/v1/key/decrypt/k-{generation}";
            using var decrypted = await client.SendAsync("POST", path, $"{{\"ciphertext\":\"{ciphertext}\"}}");
            if (!await AnswerAsync(decrypted, path))
            {
                return;
            }

            using var opened = JsonDocument.Parse(await decrypted.Content.ReadAsStringAsync());
            if (!opened.RootElement.GetProperty("plaintext").GetBytesFromBase64().AsSpan().SequenceEqual(plaintext))
            {
                _failures.Enqueue($"{path}: the data key decrypted to other bytes");
                return;
            }

            _succeeded[generation].TrySetResult();
        }

        /// <summary>True for 200; false for the 403 of another generation's policy; anything else is a failure.</summary>
        private async Task<bool> AnswerAsync(HttpResponseMessage response, string path)
        {
            switch (response.StatusCode)
            {
                case HttpStatusCode.OK:
                    return true;
                case HttpStatusCode.Forbidden:
                    return false;
                default:
                    _failures.Enqueue($"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    return false;
            }
        }

        private HttpClient NewClient(KesTestServer server, X509Certificate2 caller, Version version)
        {
            // The generation in force before the handshake starts: the certificate presented can be no older.
            var floor = Volatile.Read(ref _published);
            var handler = new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions
                {
                    ClientCertificates = [caller],
                    LocalCertificateSelectionCallback = (_, _, _, _, _) => caller,
                    RemoteCertificateValidationCallback = (_, presented, _, _) => Accept(presented, floor),
                },
            };
            return new HttpClient(handler)
            {
                BaseAddress = server.BaseAddress,
                DefaultRequestVersion = version,
                DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
        }

        private bool Accept(X509Certificate? presented, int floor)
        {
            if (presented is null)
            {
                return false;
            }

            var index = Array.FindIndex(certificates, c => c.GetRawCertData().AsSpan().SequenceEqual(presented.GetRawCertData()));
            if (index < 0)
            {
                return false;
            }

            _presented.TryAdd(certificates[index].Thumbprint, 0);
            if (index < floor)
            {
                _staleCertificates.Enqueue($"a connection opened under generation {floor} was offered the certificate of generation {index}");
            }

            return true;
        }
    }

    /// <summary>A temporary folder removed with everything in it.</summary>
    private sealed class TemporaryFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("kes-reload-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
