using Kes.Application.Logs;
using Kes.Application.Requests;
using Kes.Domain.Errors;
using Mediator;

namespace Kes.Application.Pipeline;

/// <summary>Runs the request's validator (names, patterns, then the body) and answers the first failure's KES error.</summary>
public sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<KesValidator<TMessage>> validators, ErrorLog log) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IKesRequest
{
    private readonly KesValidator<TMessage>[] _validators = [.. validators];

    /// <inheritdoc />
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        foreach (var validator in _validators)
        {
            if (validator.FirstFailure(message) is { } error)
            {
                Fail(message, error);
            }
        }

        return next(message, cancellationToken);
    }

    private void Fail(TMessage message, KesError error)
    {
        if (message is IHasBody { BodyError: { } bodyError } && (error == KesError.InvalidRequestBody || error == KesError.InvalidImportBody))
        {
            // Upstream logs the decoder's complaint before it answers 400.
            log.Error(bodyError, message.Context);
        }

        throw new KesException(error);
    }
}
