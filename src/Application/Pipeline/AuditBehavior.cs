using Kes.Application.Logs;
using Kes.Application.Requests;
using Kes.Domain.Errors;
using Mediator;

namespace Kes.Application.Pipeline;

/// <summary>Outermost behaviour: every request, answered or refused, leaves one audit record (docs/COMPATIBILITY.md D1b).</summary>
public sealed class AuditBehavior<TMessage, TResponse>(AuditLog audit) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IKesRequest
{
    /// <inheritdoc />
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        TResponse response;
        try
        {
            response = await next(message, cancellationToken).ConfigureAwait(false);
        }
        catch (KesException e)
        {
            audit.Record(message.Context, e.Error.Status, null);
            throw;
        }

        audit.Record(message.Context, 200, (message as IAuditedEvent)?.AuditMessage);
        return response;
    }
}
