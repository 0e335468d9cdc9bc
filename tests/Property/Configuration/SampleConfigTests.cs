using Kes.Domain.Logs;
using Kes.Infrastructure.Configuration;
using Kes.Infrastructure.KeyStores.Aws;
using Kes.Infrastructure.KeyStores.FileSystem;
using static Kes.PropertyTests.Configuration.ConfigFixture;

namespace Kes.PropertyTests.Configuration;

/// <summary>Whole files: docs/config.md §8's minimal working config and one shaped like the KES documentation's fs example.</summary>
public class SampleConfigTests
{
    private const string MinimalConfig = """
        version: v1
        address: 0.0.0.0:7373
        admin:
          identity: ${KES_ADMIN_IDENTITY}
        tls:
          key: ./server.key
          cert: ./server.cert
        policy:
          minio:
            allow:
            - /v1/key/create/*
            - /v1/key/generate/*
            - /v1/key/decrypt/*
            - /v1/key/describe/*
            - /v1/key/list/*
            - /v1/key/hmac/*
            - /v1/status
            - /v1/api
            identities:
            - ${MINIO_IDENTITY}
        cache:
          expiry:
            any: 5m
            unused: 30s
        keys:
          - name: minio-default-key
        keystore:
          aws:
            secretsmanager:
              endpoint: secretsmanager.us-east-1.amazonaws.com
              region: us-east-1

        """;

    private const string DocumentationFsConfig = """
        # KES server configuration, filesystem keystore (for testing only).
        address: 0.0.0.0:7373

        admin:
          identity: 3ecfcdf38fcbe141ae26a1030f81e96b753365a46760ae6b578698a97c59fd22

        tls:
          key: ./private.key    # Path to the TLS private key
          cert: ./public.crt    # Path to the TLS certificate

        policy:
          my-app:
            allow:
            - /v1/key/create/my-app*
            - /v1/key/generate/my-app*
            - /v1/key/decrypt/my-app*
            deny:
            - /v1/key/generate/my-app-internal*
            - /v1/key/decrypt/my-app-internal*
            identities:
            - df7281ca3fed4ef7d06297eb7cb9d590a4edc863b4425f4762bb2afaebfd3258
            - c0ecd5962eaf937422268b80a93dde4786dc9783fb2480ddea0f3e5fe471a731

        cache:
          expiry:
            any: 5m0s
            unused: 20s

        log:
          error: on
          audit: off

        keystore:
          fs:
            path: ./keys # Choose a directory for the secret keys

        """;

    [Fact]
    public void The_minimal_working_config_loads()
    {
        var config = Load(MinimalConfig, ("KES_ADMIN_IDENTITY", ConfigFixture.Admin), ("MINIO_IDENTITY", "minio-id"));
        Assert.Equal("0.0.0.0:7373", config.Address);
        Assert.Equal(ConfigFixture.Admin, config.AdminIdentity);
        Assert.True(config.IsAdminEnabled);
        Assert.Equal(("./server.key", "./server.cert", TlsAuthMode.Off), (config.Tls.Key, config.Tls.Cert, config.Tls.AuthMode));
        var minio = Assert.Single(config.Policies).Value;
        Assert.Equal(8, minio.Allow.Count);
        Assert.Equal("/v1/api", minio.Allow[^1]);
        Assert.Empty(minio.Deny);
        Assert.Equal(["minio-id"], minio.Identities);
        Assert.Equal(CacheConfig.Default, config.Cache);
        Assert.Equal(LogConfig.Default, config.Log);
        Assert.Empty(config.Api);
        Assert.Equal(["minio-default-key"], config.Keys);
        Assert.Equal(new AwsSecretsManagerConfig("secretsmanager.us-east-1.amazonaws.com", "us-east-1", string.Empty, string.Empty, string.Empty, string.Empty), config.KeyStore);
        PolicyValidation.Validate(config.Policies);
    }

    [Fact]
    public void The_minimal_working_config_needs_its_variables() =>
        Assert.Equal("kesconf: referenced env. variable 'KES_ADMIN_IDENTITY' in line '4' not found", Error(MinimalConfig));

    [Fact]
    public void A_config_like_the_documentation_fs_example_loads_as_is()
    {
        var config = Load(DocumentationFsConfig);
        Assert.Equal("0.0.0.0:7373", config.Address);
        Assert.Equal("3ecfcdf38fcbe141ae26a1030f81e96b753365a46760ae6b578698a97c59fd22", config.AdminIdentity);
        Assert.Equal(("./private.key", "./public.crt"), (config.Tls.Key, config.Tls.Cert));
        var app = config.Policies["my-app"];
        Assert.Equal(["/v1/key/create/my-app*", "/v1/key/generate/my-app*", "/v1/key/decrypt/my-app*"], app.Allow);
        Assert.Equal(["/v1/key/generate/my-app-internal*", "/v1/key/decrypt/my-app-internal*"], app.Deny);
        Assert.Equal(2, app.Identities.Count);
        Assert.Equal(new CacheConfig(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(20), TimeSpan.Zero), config.Cache);
        Assert.Equal(new LogConfig(SlogLevels.Info, SlogLevels.Off), config.Log);
        Assert.Equal(new FsKeyStoreConfig("./keys"), config.KeyStore);
        PolicyValidation.Validate(config.Policies);
        Assert.Equal(new System.Net.IPEndPoint(System.Net.IPAddress.Any, 7373), ListenAddress.Parse(ListenAddress.Select(null, config.Address)));
    }

    [Theory]
    [InlineData("disabled", false)]
    [InlineData("abc", false)]
    [InlineData("ABCDEF01", true)]
    public void The_admin_is_enabled_only_for_a_hex_identity(string identity, bool enabled) =>
        Assert.Equal(enabled, Load(Yaml(admin: $"admin:\n  identity: {identity}\n")).IsAdminEnabled);
}
