using System.Diagnostics;
using Kes.Domain.Errors;
using Kes.Infrastructure.KeyStores.Aws;
using Kes.IntegrationTests.Aws.AwsEndpoint;

namespace Kes.IntegrationTests.Aws;

/// <summary>Outages and AWS errors on the in-repo endpoint: each fails fast with the exception type the server reacts to, and recovers without a restart.</summary>
public sealed class AwsFaultTests : IAsyncLifetime
{
    private const string Key = "my-key";

    private FakeAwsEndpoint? _endpoint;
    private AwsSecretsManagerKeyStore? _store;

    private FakeAwsEndpoint Endpoint => _endpoint!;

    private AwsSecretsManagerKeyStore Store => _store!;

    public async Task InitializeAsync()
    {
        _endpoint = await FakeAwsEndpoint.StartAsync();
        _store = await AwsSecretsManagerKeyStore.ConnectAsync(AwsTestOptions.For(_endpoint), default);
        await _store.CreateAsync(Key, "value"u8.ToArray(), default);
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        if (_endpoint is not null)
        {
            await _endpoint.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_down_endpoint_is_unreachable_at_once_and_the_same_store_works_when_it_is_back()
    {
        await Endpoint.GoDownAsync();

        var started = Stopwatch.GetTimestamp();
        var get = await Assert.ThrowsAsync<KeyStoreUnreachableException>(() => Store.GetAsync(Key, default));
        var status = await Assert.ThrowsAsync<KeyStoreUnreachableException>(() => Store.StatusAsync(default));
        await Assert.ThrowsAsync<KeyStoreUnreachableException>(() => Store.CreateAsync("other", "v"u8.ToArray(), default));
        await Assert.ThrowsAsync<KeyStoreUnreachableException>(() => Store.ListAsync("", -1, default));

        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(2), "a refused connection waits for no timeout");
        Assert.StartsWith("kes: keystore unreachable: ", get.Message, StringComparison.Ordinal);
        Assert.StartsWith("kes: keystore unreachable: ", status.Message, StringComparison.Ordinal);

        await Endpoint.ComeBackAsync();

        Assert.Equal("value"u8.ToArray(), await Store.GetAsync(Key, default));
        await Store.StatusAsync(default);
    }

    [Fact]
    public async Task Throttling_is_retried_with_backoff_and_then_succeeds()
    {
        Endpoint.ClearCalls();
        Endpoint.Faults.Throttle(2);

        Assert.Equal("value"u8.ToArray(), await Store.GetAsync(Key, default));

        Assert.Equal([400, 400, 200], Endpoint.CallsOf("GetSecretValue").Select(call => call.Status));
    }

    [Fact]
    public async Task Persistent_throttling_ends_within_the_budget_in_a_non_Kes_error_that_names_it()
    {
        Endpoint.ClearCalls();
        Endpoint.Faults.Throttle(int.MaxValue);

        var started = Stopwatch.GetTimestamp();
        var exception = await Assert.ThrowsAsync<AwsKeyStoreException>(() => Store.GetAsync(Key, default));

        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(3));
        Assert.Equal($"aws: failed to read '{Key}': ThrottlingException: Rate exceeded", exception.Message);
        Assert.Equal("ThrottlingException", exception.ErrorCode);
        Assert.Equal(3, Endpoint.CallsOf("GetSecretValue").Count);
    }

    [Fact]
    public async Task Server_errors_are_retried_and_then_succeed()
    {
        Endpoint.ClearCalls();
        Endpoint.Faults.FailWith500(2);

        await Store.CreateAsync("new-key", "v"u8.ToArray(), default);

        Assert.Equal([500, 500, 200], Endpoint.CallsOf("CreateSecret").Select(call => call.Status));
    }

    [Fact]
    public async Task A_create_whose_answer_was_lost_is_retried_with_the_same_token_and_succeeds()
    {
        Endpoint.ClearCalls();
        Endpoint.Faults.LoseAnswers(1);

        await Store.CreateAsync("new-key", "v"u8.ToArray(), default);

        var calls = Endpoint.CallsOf("CreateSecret");
        Assert.Equal([200, 200], calls.Select(call => call.Status));
        Assert.Equal((string?)calls[0].Body["ClientRequestToken"], (string?)calls[1].Body["ClientRequestToken"]);
        Assert.Equal("v"u8.ToArray(), await Store.GetAsync("new-key", default));
    }

    [Fact]
    public async Task Persistent_server_errors_are_a_non_Kes_error_naming_the_operation_and_the_AWS_error()
    {
        Endpoint.Faults.FailWith500(int.MaxValue);

        var create = await Assert.ThrowsAsync<AwsKeyStoreException>(() => Store.CreateAsync("new-key", "v"u8.ToArray(), default));
        var delete = await Assert.ThrowsAsync<AwsKeyStoreException>(() => Store.DeleteAsync(Key, default));
        var list = await Assert.ThrowsAsync<AwsKeyStoreException>(() => Store.ListAsync("", -1, default));
        var status = await Assert.ThrowsAsync<AwsKeyStoreException>(() => Store.StatusAsync(default));

        Assert.Equal("aws: failed to create 'new-key': InternalServiceError: An error occurred on the server side.", create.Message);
        Assert.Equal($"aws: failed to delete '{Key}': InternalServiceError: An error occurred on the server side.", delete.Message);
        Assert.StartsWith("aws: failed to list secrets: InternalServiceError", list.Message, StringComparison.Ordinal);
        Assert.StartsWith("aws: health check failed: InternalServiceError", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_endpoint_is_cut_off_at_the_call_budget_and_reported_unreachable()
    {
        await using var store = await AwsSecretsManagerKeyStore.ConnectAsync(AwsTestOptions.Impatient(Endpoint), default);
        var slowness = TimeSpan.FromSeconds(10);
        Endpoint.Faults.Slow(slowness);

        var started = Stopwatch.GetTimestamp();
        var exception = await Assert.ThrowsAsync<KeyStoreUnreachableException>(() => store.GetAsync(Key, default));
        var elapsed = Stopwatch.GetElapsedTime(started);

        // Not before the attempt timeout of 300 ms, and before the endpoint would have answered.
        Assert.InRange(elapsed, TimeSpan.FromMilliseconds(300), slowness - TimeSpan.FromTicks(1));
        Assert.Contains("GetSecretValue got no answer", exception.Message, StringComparison.Ordinal);

        Endpoint.Faults.Clear();
        Assert.Equal("value"u8.ToArray(), await store.GetAsync(Key, default));
    }

    [Fact]
    public async Task A_caller_cancellation_is_passed_through_and_not_reported_as_unreachable()
    {
        Endpoint.Faults.Slow(TimeSpan.FromSeconds(10));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.GetAsync(Key, cancel.Token));
    }
}
