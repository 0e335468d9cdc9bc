using Kes.Application.Caching;
using Kes.Application.Logs;
using Kes.Application.Requests;
using Kes.Domain.Errors;
using Mediator;

namespace Kes.Application.Pipeline;

/// <summary>Turns a failure that is not an API error into its 5xx (docs/api.md §4.5): a keystore failure into the keystore-error reply of the failed operation, anything else into the route's generic error; the real cause goes to the error log only.</summary>
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
        catch (KeyStoreException e)
        {
            log.Error(e.Message, message.Context);
            throw new KesException(e.Error, e);
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
