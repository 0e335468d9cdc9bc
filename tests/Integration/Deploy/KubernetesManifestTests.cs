using System.Text.Json;

namespace Kes.IntegrationTests.Deploy;

/// <summary>deploy/kubernetes rendered offline by <c>kubectl kustomize</c>, exactly as <c>kubectl apply -k</c> would send it.</summary>
public sealed class KubernetesManifestTests
{
    // What MinIO calls on KES (docs/COMPATIBILITY.md, "How a real MinIO calls KES"), and nothing else.
    private static readonly string[] MinioRoutes =
    [
        "/v1/key/create/*", "/v1/key/generate/*", "/v1/key/decrypt/*", "/v1/key/bulk/decrypt/*", "/v1/key/list/*",
        "/v1/status", "/v1/metrics", "/v1/log/audit", "/v1/log/error",
    ];

    [SkippableFact]
    public async Task Standalone_base_is_a_hardened_StatefulSet_probed_on_ready()
    {
        var objects = await RenderAsync("base");

        Assert.Equal(
            ["PodDisruptionBudget/kes", "Secret/kes-config", "Service/kes", "Service/kes-hl", "StatefulSet/kes"],
            objects.Select(o => $"{o.Kind}/{o.Name}").Order(StringComparer.Ordinal));
        var set = objects.Single(o => o.Kind == "StatefulSet");
        var pod = set.Child("spec.template");
        var container = Assert.Single(pod.Items("spec.containers"));

        Assert.Equal("true", pod.Scalar("spec.securityContext.runAsNonRoot"));
        Assert.Equal("1000", pod.Scalar("spec.securityContext.runAsUser"));
        Assert.Equal("RuntimeDefault", pod.Scalar("spec.securityContext.seccompProfile.type"));
        Assert.Equal("true", container.Scalar("securityContext.readOnlyRootFilesystem"));
        Assert.Equal("false", container.Scalar("securityContext.allowPrivilegeEscalation"));
        Assert.Equal(["ALL"], container.Scalars("securityContext.capabilities.drop"));
        Assert.Empty(container.Scalars("securityContext.capabilities.add"));
        foreach (var probe in new[] { "readinessProbe", "livenessProbe" })
        {
            Assert.Equal("/v1/ready", container.Scalar($"{probe}.httpGet.path"));
            Assert.Equal("HTTPS", container.Scalar($"{probe}.httpGet.scheme"));
            Assert.Equal("https", container.Scalar($"{probe}.httpGet.port"));
        }

        Assert.Equal("128Mi", container.Scalar("resources.requests.memory"));
        Assert.Equal("384Mi", container.Scalar("resources.limits.memory"));
        Assert.Equal("7373", container.Items("ports").Single().Scalar("containerPort"));

        // Every selector picks exactly these pods.
        var podLabels = pod.Map("metadata.labels");
        foreach (var selector in new[] { set.Map("spec.selector.matchLabels"), objects.Single(o => o.Kind == "PodDisruptionBudget").Map("spec.selector.matchLabels") }
            .Concat(objects.Where(o => o.Kind == "Service").Select(s => s.Map("spec.selector"))))
        {
            Assert.NotEmpty(selector);
            Assert.All(selector, pair => Assert.Equal(pair.Value, podLabels.GetValueOrDefault(pair.Key)));
        }

        var config = ServerConfig(objects, "kes-config");
        var configMount = container.Items("volumeMounts").Single(m => m.Scalar("name") == "config").Scalar("mountPath");
        Assert.Equal($"--config={configMount}/server-config.yaml", container.Scalars("args")[1]);
        Assert.Equal("server", container.Scalars("args")[0]);
        var tlsMount = container.Items("volumeMounts").Single(m => m.Scalar("name") == "tls").Scalar("mountPath");
        Assert.Equal($"{tlsMount}/tls.key", config.Scalar("tls.key"));
        Assert.Equal($"{tlsMount}/tls.crt", config.Scalar("tls.cert"));
        // The kubelet probes without a certificate: only /v1/ready may skip authentication.
        Assert.Equal(["/v1/ready"], config.Map("api").Keys);
        Assert.Equal("true", config.Scalar("api./v1/ready.skip_auth"));
        AssertMinioPolicy(config);
        Assert.Contains(container.Items("env"), env => env.Scalar("name") == "MINIO_KES_IDENTITY");
    }

    [SkippableFact]
    public async Task Tenant_runs_our_image_through_spec_kes_on_AWS_Secrets_Manager()
    {
        var objects = await RenderAsync("overlays", "minio-tenant-aws");

        Assert.All(objects.Where(o => o.Kind != "Namespace"), o => Assert.Equal("minio-tenant", o.Scalar("metadata.namespace")));
        var tenant = objects.Single(o => o.Kind == "Tenant");
        Assert.Equal("minio.min.io/v2", tenant.Scalar("apiVersion"));
        Assert.NotEmpty(tenant.Items("spec.pools"));
        Assert.Contains("kes", tenant.Scalar("spec.kes.image"), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(tenant.Scalar("spec.kes.keyName")));
        Assert.Equal("1000", tenant.Scalar("spec.kes.securityContext.runAsUser"));
        Assert.Equal("true", tenant.Scalar("spec.kes.containerSecurityContext.readOnlyRootFilesystem"));
        Assert.Equal(["ALL"], tenant.Scalars("spec.kes.containerSecurityContext.capabilities.drop"));
        Assert.Equal("RuntimeDefault", tenant.Scalar("spec.kes.containerSecurityContext.seccompProfile.type"));

        // Every secret the Tenant names is rendered, with the keys it reads.
        var secrets = objects.Where(o => o.Kind == "Secret").ToDictionary(o => o.Name, o => o.Map("stringData"));
        Assert.Contains(tenant.Scalar("spec.configuration.name"), secrets.Keys);
        foreach (var env in tenant.Items("spec.kes.env"))
        {
            Assert.Contains(env.Scalar("valueFrom.secretKeyRef.key"), secrets[env.Scalar("valueFrom.secretKeyRef.name")].Keys);
        }

        // The Operator mounts the config, server.crt and server.key at /tmp/kes and sets MINIO_KES_IDENTITY.
        var config = ServerConfig(objects, tenant.Scalar("spec.kes.kesSecret.name"));
        Assert.Equal("/tmp/kes/server.key", config.Scalar("tls.key"));
        Assert.Equal("/tmp/kes/server.crt", config.Scalar("tls.cert"));
        AssertMinioPolicy(config);
        Assert.False(string.IsNullOrEmpty(config.Scalar("keystore.aws.secretsmanager.region")));
        var aws = config.Map("keystore.aws.secretsmanager.credentials");
        Assert.Equal("${AWS_ACCESS_KEY_ID}", aws["accesskey"]);
        Assert.Equal("${AWS_SECRET_ACCESS_KEY}", aws["secretkey"]);
        var kesEnv = tenant.Items("spec.kes.env").Select(e => e.Scalar("name")).ToList();
        Assert.Contains("AWS_ACCESS_KEY_ID", kesEnv);
        Assert.Contains("AWS_SECRET_ACCESS_KEY", kesEnv);

        // The IAM policy allows what the AWS keystore calls (docs/keystores.md §6.2).
        var iam = objects.Single(o => o.Kind == "ConfigMap").Map("data")["kes-iam-policy.json"];
        using var policy = JsonDocument.Parse(iam);
        var actions = policy.RootElement.GetProperty("Statement").EnumerateArray()
            .SelectMany(s => s.GetProperty("Action").EnumerateArray().Select(a => a.GetString())).ToList();
        Assert.Subset(actions.ToHashSet(), new HashSet<string?> { "secretsmanager:CreateSecret", "secretsmanager:DeleteSecret", "secretsmanager:GetSecretValue", "secretsmanager:ListSecrets" });
    }

    [SkippableFact]
    public async Task Mlock_overlay_adds_IPC_LOCK_and_the_flag_and_nothing_else()
    {
        var objects = await RenderAsync("overlays", "mlock");

        var pod = objects.Single(o => o.Kind == "StatefulSet").Child("spec.template");
        var container = Assert.Single(pod.Items("spec.containers"));
        Assert.Contains("--mlock", container.Scalars("args"));
        Assert.Equal(["IPC_LOCK"], container.Scalars("securityContext.capabilities.add"));
        Assert.Equal(["ALL"], container.Scalars("securityContext.capabilities.drop"));
        Assert.Equal("true", container.Scalar("securityContext.readOnlyRootFilesystem"));
        Assert.Equal("false", container.Scalar("securityContext.allowPrivilegeEscalation"));
        Assert.Equal("RuntimeDefault", pod.Scalar("spec.securityContext.seccompProfile.type"));
    }

    private static void AssertMinioPolicy(Manifest config)
    {
        var policies = config.Map("policy");
        var name = Assert.Single(policies.Keys);
        Assert.Equal(MinioRoutes.Order(StringComparer.Ordinal), config.Scalars($"policy.{name}.allow").Order(StringComparer.Ordinal));
        Assert.Equal(["${MINIO_KES_IDENTITY}"], config.Scalars($"policy.{name}.identities"));
        Assert.Equal("disabled", config.Scalar("admin.identity"));
    }

    private static Manifest ServerConfig(IEnumerable<Manifest> objects, string secret) =>
        Manifest.Parse(objects.Single(o => o.Kind == "Secret" && o.Name == secret).Map("stringData")["server-config.yaml"]);

    private static async Task<IReadOnlyList<Manifest>> RenderAsync(params string[] folder)
    {
        var kubectl = ExternalCommand.Find("kubectl");
        Skip.If(kubectl is null, "kubectl is not installed on this machine, so the manifests cannot be rendered");
        var result = await ExternalCommand.RunAsync(kubectl, ["kustomize", RepositoryFolder.Path(["deploy", "kubernetes", .. folder])], TimeSpan.FromMinutes(1));
        Assert.True(result.Succeeded, result.ToString());
        return Manifest.ParseAll(result.Output);
    }
}
