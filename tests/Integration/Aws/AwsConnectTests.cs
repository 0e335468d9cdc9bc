using System.Diagnostics;
using Kes.Domain.Errors;
using Kes.Infrastructure.KeyStores.Aws;
using Kes.IntegrationTests.Aws.AwsEndpoint;

namespace Kes.IntegrationTests.Aws;

/// <summary>What ConnectAsync checks before the server starts: settings, credentials, the KMS key and a first signed call.</summary>
public sealed class AwsConnectTests : IAsyncLifetime
{
    private FakeAwsEndpoint? _endpoint;

    private FakeAwsEndpoint Endpoint => _endpoint!;

    public async Task InitializeAsync() => _endpoint = await FakeAwsEndpoint.StartAsync();

    public async Task DisposeAsync() => await Endpoint.DisposeAsync();

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task A_config_without_region_fails_naming_the_region(string region)
    {
        var exception = await Assert.ThrowsAsync<AwsKeyStoreException>(() => ConnectAsync(Options() with { Region = region }));

        Assert.Equal("kesconf: invalid AWS secretsmanager keystore: no region specified", exception.Message);
    }

    [Theory]
    [InlineData("http://exa mple.com")]
    [InlineData("https://")]
    [InlineData("http://127.0.0.1:1/some/path")]
    [InlineData("ftp://secretsmanager.us-east-1.amazonaws.com")]
    public async Task An_endpoint_that_is_not_a_URL_fails_naming_the_endpoint(string endpoint)
    {
        var exception = await Assert.ThrowsAsync<AwsKeyStoreException>(() => ConnectAsync(Options() with { Endpoint = endpoint }));

        Assert.Equal($"kesconf: invalid AWS secretsmanager keystore: endpoint '{endpoint}' is not a valid URL", exception.Message);
    }

    [Fact]
    public async Task A_config_without_endpoint_fails_naming_the_endpoint()
    {
        var exception = await Assert.ThrowsAsync<AwsKeyStoreException>(() => ConnectAsync(Options() with { Endpoint = "" }));

        Assert.Equal("kesconf: invalid AWS secretsmanager keystore: no endpoint specified", exception.Message);
    }

    [Fact]
    public async Task An_endpoint_without_scheme_is_reached_over_https()
    {
        // The endpoint speaks plain HTTP, so only a TLS handshake can fail this way.
        var exception = await Assert.ThrowsAsync<KeyStoreUnreachableException>(
            () => ConnectAsync(Options() with { Endpoint = $"127.0.0.1:{Endpoint.Url.Port}" }));

        Assert.Contains("SSL", exception.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Endpoint.Calls);
    }

    [Fact]
    public async Task Half_configured_static_credentials_fail_naming_what_is_missing()
    {
        var exception = await Assert.ThrowsAsync<AwsKeyStoreException>(() => ConnectAsync(Options() with { SecretKey = "" }));

        Assert.Equal("kesconf: invalid AWS secretsmanager keystore: credentials need both an access key and a secret key", exception.Message);
    }

    [Fact]
    public async Task A_wrong_secret_key_is_refused_by_the_signature_check_and_fails_startup()
    {
        var exception = await Assert.ThrowsAsync<AwsKeyStoreException>(() => ConnectAsync(Options() with { SecretKey = "not-the-secret-key" }));

        Assert.StartsWith("aws: health check failed: InvalidSignatureException: The request signature we calculated does not match", exception.Message, StringComparison.Ordinal);
        Assert.Equal(403, exception.StatusCode);
    }

    [Fact]
    public async Task A_wrong_region_is_refused_by_the_signature_check()
    {
        var exception = await Assert.ThrowsAsync<AwsKeyStoreException>(() => ConnectAsync(Options() with { Region = "eu-west-1" }));

        Assert.Equal("InvalidSignatureException", exception.ErrorCode);
    }

    [Fact]
    public async Task An_unknown_access_key_is_refused_as_UnrecognizedClientException()
    {
        var exception = await Assert.ThrowsAsync<AwsKeyStoreException>(() => ConnectAsync(Options() with { AccessKey = "AKIAUNKNOWN000000000" }));

        Assert.Equal("aws: health check failed: UnrecognizedClientException: The security token included in the request is invalid.", exception.Message);
    }

    [Fact]
    public async Task Session_credentials_sign_the_token_and_are_accepted()
    {
        Endpoint.AllowCredentials("ASIAKESTESTSESSION01", "session/secret/key", "the-session-token");
        var options = Options() with { AccessKey = "ASIAKESTESTSESSION01", SecretKey = "session/secret/key", SessionToken = "the-session-token" };

        await using var store = await ConnectAsync(options);
        await store.CreateAsync("key", "value"u8.ToArray(), default);

        var wrongToken = await Assert.ThrowsAsync<AwsKeyStoreException>(() => ConnectAsync(options with { SessionToken = "another-token" }));
        Assert.Equal("UnrecognizedClientException", wrongToken.ErrorCode);
    }

    [Fact]
    public async Task Without_static_credentials_the_default_chain_finds_them_in_the_environment()
    {
        var saved = (Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID"), Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY"));
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", FakeAwsEndpoint.AccessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", FakeAwsEndpoint.SecretKey);
        try
        {
            await using var store = await ConnectAsync(Options() with { AccessKey = "", SecretKey = "" });
            await store.CreateAsync("key", "value"u8.ToArray(), default);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", saved.Item1);
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", saved.Item2);
        }
    }

    [Fact]
    public async Task An_enabled_symmetric_KMS_key_by_id_ARN_or_alias_is_accepted()
    {
        var id = Endpoint.Kms.CreateKey(alias: "alias/kes");

        foreach (var reference in new[] { id, Endpoint.Kms.Arn(id), "alias/kes" })
        {
            await using var store = await ConnectAsync(Options() with { KmsKey = reference });
        }

        Assert.Equal(6, Endpoint.CallsOf("DescribeKey").Count);
    }

    [Fact]
    public async Task AccessDenied_on_the_KMS_key_fails_startup_naming_the_key_and_the_error()
    {
        var id = Endpoint.Kms.CreateKey();
        Endpoint.Kms.DenyAccess(id);

        var exception = await Assert.ThrowsAsync<AwsKeyStoreException>(() => ConnectAsync(Options() with { KmsKey = id }));

        Assert.StartsWith($"aws: KMS key '{id}' cannot be described: AccessDeniedException: User: ", exception.Message, StringComparison.Ordinal);
        Assert.Equal("AccessDeniedException", exception.ErrorCode);
    }

    [Fact]
    public async Task An_unknown_KMS_key_fails_startup_as_not_found()
    {
        var exception = await Assert.ThrowsAsync<AwsKeyStoreException>(() => ConnectAsync(Options() with { KmsKey = "alias/missing" }));

        Assert.StartsWith("aws: KMS key 'alias/missing' cannot be described: NotFoundException: ", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("disabled", "its state is Disabled, not Enabled")]
    [InlineData("pending", "its state is PendingDeletion, not Enabled")]
    [InlineData("rsa", "its key spec is RSA_2048, not SYMMETRIC_DEFAULT")]
    [InlineData("hmac", "its key usage is GENERATE_VERIFY_MAC, not ENCRYPT_DECRYPT")]
    public async Task A_KMS_key_that_cannot_encrypt_secrets_fails_startup_saying_why(string kind, string reason)
    {
        var id = kind switch
        {
            "rsa" => Endpoint.Kms.CreateKey(keySpec: "RSA_2048", keyUsage: "SIGN_VERIFY"),
            "hmac" => Endpoint.Kms.CreateKey(keySpec: "SYMMETRIC_DEFAULT", keyUsage: "GENERATE_VERIFY_MAC"),
            _ => Endpoint.Kms.CreateKey(),
        };
        if (kind == "disabled")
        {
            Endpoint.Kms.DisableKey(id);
        }
        else if (kind == "pending")
        {
            Endpoint.Kms.ScheduleKeyDeletion(id);
        }

        var exception = await Assert.ThrowsAsync<AwsKeyStoreException>(() => ConnectAsync(Options() with { KmsKey = id }));

        Assert.Equal($"aws: KMS key '{id}' cannot encrypt secrets: {reason}", exception.Message);
    }

    [Fact]
    public async Task A_KMS_key_whose_description_has_no_key_usage_is_accepted_with_a_warning()
    {
        var id = Endpoint.Kms.CreateKey(keyUsage: null);
        var log = new List<string>();

        await using var store = await ConnectAsync(Options() with { KmsKey = id, ErrorLog = line => { lock (log) { log.Add(line); } } });

        Assert.Equal([$"aws: KMS key '{id}' reports no key usage; assuming ENCRYPT_DECRYPT"], log);
    }

    [Fact]
    public async Task A_KMS_key_disabled_mid_run_makes_status_fail_as_available_but_unhappy_and_is_logged()
    {
        var id = Endpoint.Kms.CreateKey();
        var log = new List<string>();
        await using var store = await ConnectAsync(Options() with { KmsKey = id, ErrorLog = line => { lock (log) { log.Add(line); } } });

        Endpoint.Kms.DisableKey(id);
        var disabled = await Assert.ThrowsAsync<AwsKeyStoreException>(() => store.StatusAsync(default));
        Endpoint.Kms.ScheduleKeyDeletion(id);
        var pending = await Assert.ThrowsAsync<AwsKeyStoreException>(() => store.StatusAsync(default));
        Endpoint.Kms.EnableKey(id);
        await store.StatusAsync(default);

        Assert.StartsWith($"aws: KMS key '{id}' is Disabled", disabled.Message, StringComparison.Ordinal);
        Assert.StartsWith($"aws: KMS key '{id}' is PendingDeletion", pending.Message, StringComparison.Ordinal);
        Assert.Equal([disabled.Message, pending.Message, $"aws: KMS key '{id}' is Enabled again"], log);
    }

    [Fact]
    public async Task A_down_endpoint_fails_startup_as_unreachable()
    {
        var url = Endpoint.Url.ToString();
        await Endpoint.GoDownAsync();

        var exception = await Assert.ThrowsAsync<KeyStoreUnreachableException>(() => ConnectAsync(Options() with { Endpoint = url }));

        Assert.StartsWith("kes: keystore unreachable: ", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_KMS_endpoint_fails_startup_as_unreachable_within_the_budget()
    {
        var id = Endpoint.Kms.CreateKey();
        var started = Stopwatch.GetTimestamp();

        var exception = await Assert.ThrowsAsync<KeyStoreUnreachableException>(
            () => ConnectAsync(Options() with { KmsKey = id, KmsEndpoint = "http://127.0.0.1:1" }));

        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(3));
        Assert.StartsWith("kes: keystore unreachable: ", exception.Message, StringComparison.Ordinal);
        Assert.Empty(Endpoint.CallsOf("DescribeKey"));
    }

    [Fact]
    public async Task A_slow_KMS_endpoint_fails_startup_as_unreachable_within_the_budget()
    {
        var id = Endpoint.Kms.CreateKey();
        var slowness = TimeSpan.FromSeconds(10);
        Endpoint.Faults.Slow(slowness);
        var started = Stopwatch.GetTimestamp();

        await Assert.ThrowsAsync<KeyStoreUnreachableException>(() => ConnectAsync(AwsTestOptions.Impatient(Endpoint, id)));

        // Cut off by the budget, not answered late by the endpoint: a bound by cause, not a race with a loaded machine.
        Assert.True(Stopwatch.GetElapsedTime(started) < slowness);
    }

    private AwsKeyStoreOptions Options() => AwsTestOptions.For(Endpoint);

    private static Task<AwsSecretsManagerKeyStore> ConnectAsync(AwsKeyStoreOptions options) =>
        AwsSecretsManagerKeyStore.ConnectAsync(options, default);
}
