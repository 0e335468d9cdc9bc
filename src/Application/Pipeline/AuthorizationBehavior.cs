using Kes.Application.Policies;
using Kes.Application.Requests;
using Kes.Domain.Errors;
using Mediator;

namespace Kes.Application.Pipeline;

/// <summary>Authenticates and authorizes before anything else runs (api.md §3 step 6): identity errors are 400, policy denials 403.</summary>
public sealed class AuthorizationBehavior<TMessage, TResponse>(IAccessPolicy policy) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IKesRequest
{
    /// <inheritdoc />
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        var context = message.Context;
        if (!context.SkipAuthorization)
        {
            if (context.IdentityError is { } error)
            {
                throw new KesException(error);
            }

            if (!policy.IsAllowed(context.Identity, context.Path)
                || (message is IAuthorizedAlsoAs also && !policy.IsAllowed(context.Identity, also.EquivalentPath)))
            {
                throw new KesException(KesError.NotAllowed);
            }
        }

        return next(message, cancellationToken);
    }
}
