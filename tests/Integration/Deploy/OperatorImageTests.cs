using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.Versioning;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Kes.Client;
using Kes.Client.Credentials;
using Kes.Client.Errors;
using Kes.IntegrationTests.Server;
using Xunit.Abstractions;

namespace Kes.IntegrationTests.Deploy;

/// <summary>The image run the way the MinIO Operator runs it (its argv, env and /tmp/kes volume, uid 1000), with a read-only root and no capabilities, used from outside by a client holding MinIO's identity.</summary>
[SupportedOSPlatform("linux")]
public sealed class OperatorImageTests(ITestOutputHelper output)
{
    private const int MaxImageBytes = 40 * 1024 * 1024;

    // The KES policy the Operator's MinIO needs (deploy/kubernetes/overlays/minio-tenant-aws).
    private const string ServerConfig = """
        address: 0.0.0.0:7373
        admin:
          identity: disabled
        tls:
          key: /tmp/kes/server.key
          cert: /tmp/kes/server.crt
        policy:
          minio:
            allow:
              - /v1/key/create/*
              - /v1/key/generate/*
              - /v1/key/decrypt/*
              - /v1/key/bulk/decrypt/*
              - /v1/key/list/*
              - /v1/status
              - /v1/metrics
              - /v1/log/audit
              - /v1/log/error
            identities:
              - ${MINIO_KES_IDENTITY}
        keystore:
          fs:
            path: /data/keys
        """;

    [SkippableFact]
    public async Task Image_is_small_runs_as_1000_and_carries_the_OCI_labels()
    {
        var skopeo = ExternalCommand.Find("skopeo");
        Skip.If(skopeo is null, "skopeo is not installed, so the archive cannot be inspected (.ci/install-deploy-tools installs it)");
        var archive = await OperatorImage.GetAsync();

        var size = new FileInfo(archive).Length;
        output.WriteLine($"OCI archive: {size / (1024.0 * 1024.0):F1} MiB");
        Assert.InRange(size, 1, MaxImageBytes);
        var inspect = await ExternalCommand.RunAsync(skopeo, ["inspect", "--config", $"oci-archive:{archive}"], TimeSpan.FromMinutes(1));
        Assert.True(inspect.Succeeded, inspect.ToString());
        using var document = JsonDocument.Parse(inspect.Output);
        var config = document.RootElement.GetProperty("config");
        Assert.Equal("1000:1000", config.GetProperty("User").GetString());
        Assert.Equal(["kes"], config.GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["server"], config.GetProperty("Cmd").EnumerateArray().Select(e => e.GetString()));
        Assert.True(config.GetProperty("ExposedPorts").TryGetProperty("7373/tcp", out _));
        var labels = config.GetProperty("Labels");
        foreach (var label in new[] { "version", "revision", "source", "licenses" })
        {
            Assert.False(string.IsNullOrEmpty(labels.GetProperty($"org.opencontainers.image.{label}").GetString()), label);
        }

        Assert.Equal("amd64", document.RootElement.GetProperty("architecture").GetString());
    }

    [SkippableFact]
    public async Task Operator_style_container_serves_MinIO_and_refuses_it_the_admin_routes()
    {
        var (podman, unusable) = await Podman.TryCreateAsync();
        Skip.If(podman is null, unusable);
        using var store = podman;
        var image = await store.LoadAsync(await OperatorImage.GetAsync());
        using var minio = TestCertificates.EcdsaClient("minio");
        var volume = WriteOperatorVolume(out var serverCertificate);
        using var serverCertificateToDispose = serverCertificate;
        try
        {
            var name = "kes-operator-" + Guid.NewGuid().ToString("N")[..12];
            await store.RunCheckedAsync([
                "create", "--name", name, .. Podman.HostRunArguments,
                "--user", "1000:1000", "--read-only", "--cap-drop=ALL", "--security-opt", "no-new-privileges",
                "--volume", $"{volume}:/tmp/kes:ro",
                // The fs keystore needs somewhere to write on a read-only root.
                "--tmpfs", "/data:rw,size=16m,mode=1777",
                "--env", $"MINIO_KES_IDENTITY={TestCertificates.IdentityOf(minio)}",
                "--publish", "127.0.0.1::7373",
                image, "server", "--config=/tmp/kes/server-config.yaml", "--auth=off"]);
            var clock = Stopwatch.StartNew();
            await store.RunCheckedAsync("start", name);
            var port = int.Parse((await store.RunCheckedAsync("port", name, "7373/tcp")).Split(':')[^1], CultureInfo.InvariantCulture);
            await WaitUntilServingAsync(store, name, port, serverCertificate, minio);
            output.WriteLine($"podman start → /version answered on 127.0.0.1:{port}: {clock.ElapsedMilliseconds} ms");
            await ReportStartupAsync(store, name);

            using var client = new KesClient(new KesClientOptions
            {
                Endpoints = [new Uri($"https://127.0.0.1:{port}")],
                Credentials = KesCredentials.FromCertificate(minio),
                TrustedRoots = [serverCertificate],
            });
            await client.CreateKeyAsync("minio-default-key");
            using var dataKey = await client.GenerateKeyAsync("minio-default-key", "bucket/object"u8.ToArray());
            using var plaintext = await client.DecryptAsync("minio-default-key", dataKey.Ciphertext, "bucket/object"u8.ToArray());
            Assert.Equal(32, plaintext.Length);
            Assert.True(plaintext.Span.SequenceEqual(dataKey.Plaintext.Span));
            Assert.Contains("minio-default-key", (await client.ListKeysAsync("minio")).Names);

            await AssertForbiddenAsync(() => client.ListPoliciesAsync("*"));
            await AssertForbiddenAsync(() => client.ListIdentitiesAsync("*"));
            await AssertForbiddenAsync(() => client.DescribePolicyAsync("minio"));
            await AssertForbiddenAsync(() => client.DeleteKeyAsync("minio-default-key"));
            await AssertForbiddenAsync(() => client.ImportKeyAsync("imported", new byte[32]));

            await ReportProcessAsync(store, name);
        }
        finally
        {
            Directory.Delete(volume, recursive: true);
        }
    }

    private static async Task AssertForbiddenAsync(Func<Task> call)
    {
        var refused = await Assert.ThrowsAsync<KesClientException>(call);
        Assert.Equal((int)HttpStatusCode.Forbidden, refused.Status);
    }

    // The projected volume the Operator mounts at /tmp/kes; world-readable because the container's uid 1000 is not the test's user.
    private static string WriteOperatorVolume(out X509Certificate2 serverCertificate)
    {
        var folder = Directory.CreateTempSubdirectory("kes-operator-volume-").FullName;
        serverCertificate = TestCertificates.Server();
        using var key = serverCertificate.GetECDsaPrivateKey()!;
        File.WriteAllText(Path.Combine(folder, "server.crt"), serverCertificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "server.key"), key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Path.Combine(folder, "server-config.yaml"), ServerConfig);
        var readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        foreach (var file in Directory.GetFiles(folder))
        {
            File.SetUnixFileMode(file, readable);
        }

        File.SetUnixFileMode(folder, readable | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        return folder;
    }

    // The listener requires a client certificate on every handshake, /version included (docs/config.md §4.3).
    private static async Task WaitUntilServingAsync(Podman podman, string name, int port, X509Certificate2 serverCertificate, X509Certificate2 clientCertificate)
    {
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.ClientCertificates = [clientCertificate];
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetCertHash().SequenceEqual(serverCertificate.GetCertHash());
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        for (var attempt = 0; attempt < 120; attempt++)
        {
            try
            {
                using var response = await http.GetAsync(new Uri($"https://127.0.0.1:{port}/version"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (await podman.RunCheckedAsync("inspect", "--format", "{{.State.Running}}", name) != "true")
            {
                Assert.Fail("the container stopped: " + await podman.RunAsync("logs", name));
            }

            await Task.Delay(250);
        }

        Assert.Fail("kes did not answer /version within 30 s: " + await podman.RunAsync("logs", name));
    }

    // Startup inside the container: from the process start podman records to the banner's "up and running" line.
    private async Task ReportStartupAsync(Podman podman, string name)
    {
        var started = DateTimeOffset.Parse(await podman.RunCheckedAsync("inspect", "--format", "{{.State.StartedAt.Format \"2006-01-02T15:04:05.000000000Z07:00\"}}", name), CultureInfo.InvariantCulture);
        var logs = await podman.RunAsync("logs", "--timestamps", name);
        var upLine = (logs.Output + logs.Error).Split('\n').FirstOrDefault(line => line.Contains("Server is up and running", StringComparison.Ordinal));
        if (upLine is not null && DateTimeOffset.TryParse(upLine.Split(' ')[0], CultureInfo.InvariantCulture, out var up))
        {
            output.WriteLine($"startup inside the container (process start → banner): {(up - started).TotalMilliseconds:F0} ms");
        }
    }

    // The server process as the host sees it: its user, capabilities and memory after the test's requests.
    private async Task ReportProcessAsync(Podman podman, string name)
    {
        var pid = await podman.RunCheckedAsync("inspect", "--format", "{{.State.Pid}}", name);
        var status = File.ReadAllLines($"/proc/{pid}/status").ToDictionary(line => line.Split(':')[0], line => line.Split(':', 2)[1].Trim());
        Assert.StartsWith("1000", status["Uid"], StringComparison.Ordinal);
        Assert.Equal("0000000000000000", status["CapEff"]);
        output.WriteLine($"kes in the container: uid {status["Uid"]}, CapEff {status["CapEff"]}, VmRSS {status["VmRSS"]}, VmHWM {status["VmHWM"]}");
    }
}
