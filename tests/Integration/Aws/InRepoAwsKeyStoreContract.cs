using System.Text;
using Kes.Domain.Errors;
using Kes.Domain.Ports;
using Kes.Infrastructure.KeyStores.Aws;
using Kes.IntegrationTests.Aws.AwsEndpoint;
using Kes.IntegrationTests.KeyStores;
using Xunit.Abstractions;

namespace Kes.IntegrationTests.Aws;

/// <summary>The keystore contract, and the secret layout upstream KES shares, on the in-repo AWS-compatible endpoint; always runs.</summary>
public sealed class InRepoAwsKeyStoreContract(ITestOutputHelper output) : KeyStoreContract
{
    private const string KmsAlias = "alias/kes";

    private FakeAwsEndpoint? _endpoint;

    private FakeAwsEndpoint Endpoint => _endpoint ?? throw new InvalidOperationException("the endpoint starts in InitializeAsync");

    public override async Task InitializeAsync()
    {
        _endpoint = await FakeAwsEndpoint.StartAsync();
        _endpoint.Kms.CreateKey(alias: KmsAlias);
        output.WriteLine($"AWS keystore contract on: the in-repo AWS-compatible endpoint at {_endpoint.Url} (SigV4 verified, ListSecrets pages of {_endpoint.SecretsManager.MaxPageSize})");
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_endpoint is not null)
        {
            await _endpoint.DisposeAsync();
        }
    }

    [Fact]
    public void The_banner_is_AWS_SecretsManager_and_the_configured_endpoint() =>
        Assert.Equal("AWS SecretsManager: " + Endpoint.Url, ((AwsSecretsManagerKeyStore)Store).Description);

    [Fact]
    public async Task A_key_is_one_secret_named_after_it_holding_the_value_as_SecretString_under_the_KMS_key()
    {
        var text = KeyVersionVectors.Accepted.First(vector => vector.Encoding == "base64_protobuf").Text;

        await Store.CreateAsync(Name("key"), Text(text), default);

        var secret = Endpoint.SecretsManager.Find(Name("key"));
        Assert.NotNull(secret);
        Assert.Equal(text, secret.SecretString);
        Assert.Null(secret.SecretBinary);
        Assert.Equal(KmsAlias, secret.KmsKeyId);
        Assert.True(Guid.TryParseExact(secret.ClientRequestToken, "D", out _));
        var call = Assert.Single(Endpoint.CallsOf("CreateSecret"));
        Assert.Equal(["ClientRequestToken", "KmsKeyId", "Name", "SecretString"], call.Body.Select(field => field.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_create_carries_a_fresh_ClientRequestToken()
    {
        await Store.CreateAsync(Name("a"), Text("a"), default);
        await Store.CreateAsync(Name("b"), Text("b"), default);

        Assert.NotEqual(Endpoint.SecretsManager.Find(Name("a"))!.ClientRequestToken, Endpoint.SecretsManager.Find(Name("b"))!.ClientRequestToken);
    }

    [Fact]
    public async Task Without_a_KMS_key_CreateSecret_names_none_and_AWS_uses_the_account_default()
    {
        await using var store = await AwsSecretsManagerKeyStore.ConnectAsync(AwsTestOptions.For(Endpoint), default);

        await store.CreateAsync(Name("key"), Text("value"), default);

        Assert.Null(Endpoint.SecretsManager.Find(Name("key"))!.KmsKeyId);
        Assert.DoesNotContain("KmsKeyId", Endpoint.CallsOf("CreateSecret").Single().Body.Select(field => field.Key));
    }

    [Theory]
    [MemberData(nameof(AcceptedVectorIds))]
    public async Task A_value_upstream_KES_wrote_as_SecretString_is_read_back(string vectorId)
    {
        var text = KeyVersionVectors.Accepted.Single(vector => vector.Id == vectorId).Text;
        Endpoint.SecretsManager.PutForeign(Name("upstream"), text);

        Assert.Equal(Text(text), await Store.GetAsync(Name("upstream"), default));
    }

    [Fact]
    public async Task A_legacy_JSON_key_another_tool_stored_as_SecretBinary_is_read_back()
    {
        var legacy = KeyVersionVectors.Accepted.First(vector => vector.Encoding == "json_text").Text;
        Endpoint.SecretsManager.PutForeign(Name("binary"), secretString: null, secretBinary: Text(legacy));

        Assert.Equal(Text(legacy), await Store.GetAsync(Name("binary"), default));
    }

    [Fact]
    public async Task A_value_that_is_not_UTF8_is_stored_as_SecretBinary_and_read_back()
    {
        byte[] value = [0xff, 0x00, 0xc3, 0x28, 0x80];

        await Store.CreateAsync(Name("raw"), value, default);

        Assert.Equal(value, Endpoint.SecretsManager.Find(Name("raw"))!.SecretBinary);
        Assert.Equal(value, await Store.GetAsync(Name("raw"), default));
    }

    [Fact]
    public async Task Delete_removes_the_secret_at_once_without_a_recovery_window()
    {
        await Store.CreateAsync(Name("key"), Text("value"), default);

        await Store.DeleteAsync(Name("key"), default);

        Assert.Null(Endpoint.SecretsManager.Find(Name("key")));
        Assert.True((bool?)Endpoint.CallsOf("DeleteSecret").Single().Body["ForceDeleteWithoutRecovery"]);
    }

    [Fact]
    public async Task A_name_scheduled_for_deletion_by_another_tool_fails_create_with_a_non_Kes_error()
    {
        Endpoint.SecretsManager.PutForeign(Name("old"), "value");
        Endpoint.SecretsManager.ScheduleDeletion(Name("old"));

        var exception = await Assert.ThrowsAsync<AwsKeyStoreException>(() => Store.CreateAsync(Name("old"), Text("new"), default));

        Assert.StartsWith($"aws: failed to create '{Name("old")}': InvalidRequestException: ", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_whose_KMS_key_was_disabled_cannot_be_accessed_and_is_a_non_Kes_error()
    {
        var kmsKey = Endpoint.Kms.CreateKey();
        Endpoint.SecretsManager.PutForeign(Name("key"), "value", kmsKeyId: kmsKey);
        Endpoint.Kms.DisableKey(kmsKey);

        var exception = await Assert.ThrowsAsync<AwsKeyStoreException>(() => Store.GetAsync(Name("key"), default));

        Assert.StartsWith($"aws: cannot access '{Name("key")}': DecryptionFailure: ", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prefixed_list_is_narrowed_by_the_name_filter_and_follows_NextToken_through_every_page()
    {
        var names = Enumerable.Range(0, 8).Select(i => Name($"p{7 - i}")).ToArray();
        foreach (var name in names)
        {
            await Store.CreateAsync(name, Text("v"), default);
        }

        Endpoint.SecretsManager.PutForeign("other-" + Name("x"), "v");
        Endpoint.ClearCalls();

        var page = await Store.ListAsync(Name("p"), -1, default);

        Assert.Equal(names.Order(StringComparer.Ordinal), page.Names);
        var calls = Endpoint.CallsOf("ListSecrets");
        Assert.Equal(3, calls.Count);
        Assert.All(calls, call => Assert.Equal(
            $$"""[{"Key":"name","Values":["{{Name("p")}}"]}]""", call.Body["Filters"]!.ToJsonString()));
        Assert.Null(calls[0].Body["NextToken"]);
        Assert.All(calls.Skip(1), call => Assert.NotNull(call.Body["NextToken"]));
    }

    [Fact]
    public async Task An_unprefixed_list_sends_no_filter_and_includes_foreign_secrets()
    {
        Endpoint.SecretsManager.PutForeign("prod/db-password", "hunter2");
        await Store.CreateAsync(Name("key"), Text("v"), default);
        Endpoint.ClearCalls();

        var page = await Store.ListAsync("", -1, default);

        Assert.Equal(["prod/db-password", Name("key")], page.Names);
        Assert.All(Endpoint.CallsOf("ListSecrets"), call => Assert.Null(call.Body["Filters"]));
    }

    [Fact]
    public async Task A_case_insensitive_emulator_filter_does_not_widen_the_listing()
    {
        Endpoint.SecretsManager.CaseInsensitiveNameFilter = true;
        await Store.CreateAsync("Abc-" + Name("1"), Text("v"), default);
        await Store.CreateAsync("abc-" + Name("2"), Text("v"), default);

        var page = await Store.ListAsync("abc-", -1, default);

        Assert.Equal(["abc-" + Name("2")], page.Names);
    }

    [Theory]
    [InlineData("a b")]
    [InlineData("!abc")]
    [InlineData("key*")]
    [InlineData("schlüssel")]
    public async Task A_prefix_no_secret_name_can_start_with_lists_nothing_without_asking_AWS(string prefix)
    {
        Endpoint.ClearCalls();

        var page = await Store.ListAsync(prefix, -1, default);

        Assert.Empty(page.Names);
        Assert.Equal("", page.ContinueAt);
        Assert.Empty(Endpoint.CallsOf("ListSecrets"));
    }

    [Fact]
    public async Task Status_is_a_signed_ListSecrets_of_one_entry()
    {
        Endpoint.ClearCalls();

        await Store.StatusAsync(default);

        var call = Assert.Single(Endpoint.CallsOf("ListSecrets"));
        Assert.Equal(1, (int?)call.Body["MaxResults"]);
    }

    [Fact]
    public async Task Status_asks_AWS_at_most_once_per_health_check_interval()
    {
        await using var store = await AwsSecretsManagerKeyStore.ConnectAsync(
            AwsTestOptions.For(Endpoint) with { HealthCheckInterval = TimeSpan.FromMinutes(1) }, default);
        Endpoint.ClearCalls();

        var latencies = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => store.StatusAsync(default)));

        Assert.Empty(Endpoint.CallsOf("ListSecrets"));
        Assert.All(latencies, latency => Assert.Equal(latencies[0], latency));
    }

    [Fact]
    public void Options_never_print_the_secret_key_or_the_session_token()
    {
        var options = AwsTestOptions.For(Endpoint) with { SessionToken = "session-token-value" };

        var text = options.ToString();

        Assert.DoesNotContain(FakeAwsEndpoint.SecretKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain("session-token-value", text, StringComparison.Ordinal);
        Assert.Contains(FakeAwsEndpoint.AccessKey, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_never_carry_the_secret_value()
    {
        const string value = "CiQKIFyJglFoYjU-secret-value";
        await Store.CreateAsync(Name("key"), Encoding.ASCII.GetBytes(value), default);

        var exists = await Assert.ThrowsAsync<KesException>(() => Store.CreateAsync(Name("key"), Encoding.ASCII.GetBytes(value), default));

        Assert.Equal(KesError.KeyExists, exists.Error);
        Assert.DoesNotContain(value, exists.ToString(), StringComparison.Ordinal);
    }

    protected override async Task<IKeyStore> CreateStoreAsync() =>
        await AwsSecretsManagerKeyStore.ConnectAsync(AwsTestOptions.For(Endpoint, KmsAlias), default);
}
