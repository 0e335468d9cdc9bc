using Kes.Application.Requests;
using Kes.Domain.Errors;
using Kes.Domain.Policies;
using Mediator;

namespace Kes.Application.Pipeline;

/// <summary>Authenticates and authorizes before anything else runs (docs/api.md §3 step 6): identity errors are 400, policy denials 403.</summary>
public sealed class AuthorizationBehavior<TMessage, TResponse> : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IKesRequest
{
    /// <inheritdoc />
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        var context = message.Context;
        // The same question the router asks before it reads a body: a caller refused here never had one read.
        if (!context.IsAuthorized)
        {
            throw new KesException(context.IdentityError ?? KesError.NotAllowed);
        }

        if (!context.SkipAuthorization && message is IAuthorizedAlsoAs also
            && context.State.Policies.Authorize(context.Identity, also.EquivalentPath) != Authorization.Allowed)
        {
            throw new KesException(KesError.NotAllowed);
        }

        return next(message, cancellationToken);
    }
}
