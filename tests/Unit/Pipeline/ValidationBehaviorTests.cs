using Kes.Application.Keys;
using Kes.Application.Logs;
using Kes.Application.Pipeline;
using Kes.Application.Requests;
using Kes.Domain.Errors;
using Kes.Domain.Logs;
using Microsoft.Extensions.Time.Testing;

namespace Kes.UnitTests.Pipeline;

/// <summary>The validation behaviour: valid requests reach the handler, the first failing rule answers, body errors are logged.</summary>
public sealed class ValidationBehaviorTests : IDisposable
{
    private readonly StringWriter _console = new();
    private readonly NextCalls _next = new();

    private ValidationBehavior<TMessage, string> Behavior<TMessage>(params KesValidator<TMessage>[] validators)
        where TMessage : IKesRequest =>
        new(validators, new ErrorLog(_console, TestState.WithErrorLogLevel(SlogLevels.Error), new FakeTimeProvider()));

    [Fact]
    public async Task A_valid_request_reaches_the_handler()
    {
        var response = await Behavior(new CreateKeyValidator()).Handle(new CreateKey(new RequestContext { State = TestState.Empty }, "k"), _next.Handler<CreateKey>(), CancellationToken.None);
        Assert.Equal("handled", response);
        Assert.Equal(1, _next.Count);
    }

    [Fact]
    public async Task A_request_without_a_validator_reaches_the_handler()
    {
        await Behavior<CreateKey>().Handle(new CreateKey(new RequestContext { State = TestState.Empty }, "not valid"), _next.Handler<CreateKey>(), CancellationToken.None);
        Assert.Equal(1, _next.Count);
    }

    [Fact]
    public async Task An_invalid_request_is_answered_with_the_rule_error_and_never_handled()
    {
        var error = await Assert.ThrowsAsync<KesException>(() =>
            Behavior(new CreateKeyValidator()).Handle(new CreateKey(new RequestContext { State = TestState.Empty }, "a/b"), _next.Handler<CreateKey>(), CancellationToken.None).AsTask());
        Assert.Equal(KesError.InvalidKeyName("a/b"), error.Error);
        Assert.Equal(0, _next.Count);
        Assert.Equal("", _console.ToString());
    }

    [Fact]
    public async Task A_body_error_is_logged_before_the_400()
    {
        var request = new GenerateDataKey(new RequestContext { Path = "/v1/key/generate/k", State = TestState.Empty }, "k", "unexpected end of JSON input", default);
        var error = await Assert.ThrowsAsync<KesException>(() =>
            Behavior(new GenerateDataKeyValidator()).Handle(request, _next.Handler<GenerateDataKey>(), CancellationToken.None).AsTask());
        Assert.Same(KesError.InvalidRequestBody, error.Error);
        Assert.Contains("unexpected end of JSON input", _console.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, _next.Count);
    }

    [Fact]
    public async Task A_name_error_in_a_request_with_a_bad_body_logs_nothing()
    {
        var request = new GenerateDataKey(new RequestContext { State = TestState.Empty }, "a b", "unexpected end of JSON input", default);
        var error = await Assert.ThrowsAsync<KesException>(() =>
            Behavior(new GenerateDataKeyValidator()).Handle(request, _next.Handler<GenerateDataKey>(), CancellationToken.None).AsTask());
        Assert.Equal(KesError.InvalidKeyName("a b"), error.Error);
        Assert.Equal("", _console.ToString());
    }

    public void Dispose() => _console.Dispose();
}
