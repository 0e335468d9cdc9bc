using Kes.Application.Keys;
using Kes.Application.Logs;
using Kes.Application.Pipeline;
using Kes.Application.Requests;
using Kes.Domain.Errors;
using Microsoft.Extensions.Time.Testing;

namespace Kes.UnitTests.Pipeline;

/// <summary>The audit behaviour: one record per request, with the status sent and, for create/import/delete, the event text.</summary>
public sealed class AuditBehaviorTests : IDisposable
{
    private readonly StringWriter _console = new();
    private readonly NextCalls _next = new();
    private readonly AuditLog _audit;
    private readonly AuditBehavior<CreateKey, string> _behavior;

    public AuditBehaviorTests()
    {
        _audit = new AuditLog(_console, new FakeTimeProvider());
        _behavior = new(_audit);
    }

    private static CreateKey Create(string name) => new(new RequestContext { Path = "/v1/key/create/" + name, State = TestState.Empty }, name);

    private string[] Lines
    {
        get
        {
            _audit.Flush();
            return _console.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
    }

    [Fact]
    public async Task A_handled_request_is_recorded_once_with_200_and_its_event()
    {
        await _behavior.Handle(Create("k1"), _next.Handler<CreateKey>(), CancellationToken.None);
        var line = Assert.Single(Lines);
        Assert.Contains("secret key 'k1' created", line, StringComparison.Ordinal);
        Assert.Contains("res.code=200", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_request_is_recorded_once_with_its_status_and_no_event()
    {
        var error = await Assert.ThrowsAsync<KesException>(() =>
            _behavior.Handle(Create("k1"), _next.Handler<CreateKey>(new KesException(KesError.KeyExists)), CancellationToken.None).AsTask());
        Assert.Same(KesError.KeyExists, error.Error);
        var line = Assert.Single(Lines);
        Assert.Contains("res.code=400", line, StringComparison.Ordinal);
        Assert.DoesNotContain("created", line, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _audit.Dispose();
        _console.Dispose();
    }
}
