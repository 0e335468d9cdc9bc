using Kes.Application.Logs;
using Kes.Application.Requests;
using Kes.Domain.Errors;
using Mediator;

namespace Kes.Application.Pipeline;

/// <summary>Turns a failure that is not an API error into the route's generic 5xx (api.md §4.5) and puts the real cause in the error log only.</summary>
public sealed class ErrorMappingBehavior<TMessage, TResponse>(ErrorLog log) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IKesRequest
{
    /// <inheritdoc />
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(message, cancellationToken).ConfigureAwait(false);
        }
        catch (KesException)
        {
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Whatever went wrong, the client gets the route's generic error and the log gets the cause.
        catch (Exception e)
#pragma warning restore CA1031
        {
            log.Error(e.Message, message.Context);
            throw new KesException(message.FailureError, e);
        }
    }
}
