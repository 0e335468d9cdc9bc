using Kes.Application.Keys;
using Kes.Application.Metrics;
using Kes.Application.Pipeline;
using Kes.Application.Requests;
using Kes.Application.Status;
using Kes.Domain.Errors;
using Mediator;
using Microsoft.Extensions.Time.Testing;

namespace Kes.UnitTests.Pipeline;

/// <summary>The metrics behaviour: metered requests are counted by status and timed on the server's clock; others are not counted.</summary>
public sealed class MetricsBehaviorTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly KesMetrics _metrics;
    private readonly NextCalls _next = new();

    public MetricsBehaviorTests() => _metrics = new KesMetrics(_time);

    private static CreateKey Create() => new(new RequestContext { State = TestState.Empty }, "k");

    [Fact]
    public async Task A_handled_request_counts_as_200_with_the_time_it_took()
    {
        var behavior = new MetricsBehavior<CreateKey, string>(_metrics, _time);
        MessageHandlerDelegate<CreateKey, string> slow = (_, _) =>
        {
            Assert.Equal(1, _metrics.Active);
            _time.Advance(TimeSpan.FromMilliseconds(300));
            return ValueTask.FromResult("handled");
        };

        await behavior.Handle(Create(), slow, CancellationToken.None);

        Assert.Equal(1, _metrics.Count);
        Assert.Equal(1, _metrics.CountOf(200));
        Assert.Equal(0, _metrics.Active);
        Assert.Equal(TimeSpan.FromMilliseconds(300), _metrics.Sum);
    }

    [Fact]
    public async Task A_refused_request_counts_with_its_status()
    {
        var behavior = new MetricsBehavior<CreateKey, string>(_metrics, _time);
        await Assert.ThrowsAsync<KesException>(() =>
            behavior.Handle(Create(), _next.Handler<CreateKey>(new KesException(KesError.KeyExists)), CancellationToken.None).AsTask());
        Assert.Equal(1, _metrics.CountOf(400));
        Assert.Equal(0, _metrics.CountOf(200));
        Assert.Equal(0, _metrics.Active);
    }

    [Fact]
    public async Task An_unexpected_failure_counts_as_500()
    {
        var behavior = new MetricsBehavior<CreateKey, string>(_metrics, _time);
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            behavior.Handle(Create(), _next.Handler<CreateKey>(new InvalidOperationException("boom")), CancellationToken.None).AsTask());
        Assert.Equal(1, _metrics.CountOf(500));
    }

    [Fact]
    public async Task A_request_that_is_not_metered_is_handled_but_not_counted()
    {
        var behavior = new MetricsBehavior<GetStatus, string>(_metrics, _time);
        await behavior.Handle(new GetStatus(new RequestContext { State = TestState.Empty }), _next.Handler<GetStatus>(), CancellationToken.None);
        Assert.Equal(1, _next.Count);
        Assert.Equal(0, _metrics.Count);
    }
}
