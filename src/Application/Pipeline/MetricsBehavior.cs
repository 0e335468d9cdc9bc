using Kes.Application.Metrics;
using Kes.Application.Requests;
using Kes.Domain.Errors;
using Mediator;

namespace Kes.Application.Pipeline;

/// <summary>Counts and times the handled requests of routes 6–20, after authorization, as upstream's metrics wrapper does.</summary>
public sealed class MetricsBehavior<TMessage, TResponse>(KesMetrics metrics, TimeProvider time) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IKesRequest
{
    /// <inheritdoc />
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (message is not IMeteredRequest)
        {
            return await next(message, cancellationToken).ConfigureAwait(false);
        }

        var start = time.GetTimestamp();
        metrics.Begin();
        var status = 500;
        try
        {
            var response = await next(message, cancellationToken).ConfigureAwait(false);
            status = 200;
            return response;
        }
        catch (KesException e)
        {
            status = e.Error.Status;
            throw;
        }
        finally
        {
            metrics.End(status, time.GetElapsedTime(start));
        }
    }
}
