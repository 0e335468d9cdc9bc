using Kes.Application.Caching;
using Kes.Application.Keys;
using Kes.Application.Logs;
using Kes.Application.Pipeline;
using Kes.Application.Requests;
using Kes.Domain.Errors;
using Kes.Domain.Logs;
using Microsoft.Extensions.Time.Testing;

namespace Kes.UnitTests.Pipeline;

/// <summary>The error-mapping behaviour: API errors pass as they are, keystore and other failures become the route's 5xx and the cause goes to the error log only.</summary>
public sealed class ErrorMappingBehaviorTests : IDisposable
{
    private readonly StringWriter _console = new();
    private readonly NextCalls _next = new();
    private readonly ErrorMappingBehavior<GenerateDataKey, string> _behavior;

    public ErrorMappingBehaviorTests() => _behavior = new(new ErrorLog(_console, TestState.WithErrorLogLevel(SlogLevels.Error), new FakeTimeProvider()));

    private static GenerateDataKey Generate() => new(new RequestContext { Path = "/v1/key/generate/k", State = TestState.Empty }, "k", null, default);

    private Task<KesException> Fails(Exception failure) =>
        Assert.ThrowsAsync<KesException>(() => _behavior.Handle(Generate(), _next.Handler<GenerateDataKey>(failure), CancellationToken.None).AsTask());

    [Fact]
    public async Task An_api_error_passes_unchanged_and_is_not_logged()
    {
        var original = new KesException(KesError.KeyNotFound);
        Assert.Same(original, await Fails(original));
        Assert.Equal("", _console.ToString());
    }

    [Fact]
    public async Task A_keystore_failure_answers_its_own_error_and_logs_the_cause()
    {
        var error = await Fails(new KeyStoreException(KesError.ReadKeyFailed, new IOException("disk on fire")));
        Assert.Same(KesError.ReadKeyFailed, error.Error);
        Assert.Equal(502, error.Error.Status);
        Assert.Contains("disk on fire", _console.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Any_other_failure_answers_the_routes_generic_error_and_keeps_the_cause_out_of_the_reply()
    {
        var error = await Fails(new InvalidOperationException("internal detail"));
        Assert.Same(KesError.GenerateKeyFailed, error.Error);
        Assert.DoesNotContain("internal detail", error.Error.Message, StringComparison.Ordinal);
        Assert.Contains("internal detail", _console.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancellation_of_the_request_stays_a_cancellation()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAsync<OperationCanceledException>(() =>
            _behavior.Handle(Generate(), _next.Handler<GenerateDataKey>(new OperationCanceledException(cancelled.Token)), cancelled.Token).AsTask());
        Assert.Equal("", _console.ToString());
    }

    [Fact]
    public async Task A_success_passes_through()
    {
        Assert.Equal("handled", await _behavior.Handle(Generate(), _next.Handler<GenerateDataKey>(), CancellationToken.None));
    }

    public void Dispose() => _console.Dispose();
}
