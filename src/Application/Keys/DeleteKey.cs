using Kes.Application.Pipeline;
using Kes.Application.Requests;
using Kes.Domain.Errors;
using Mediator;

namespace Kes.Application.Keys;

/// <summary><c>DELETE /v1/key/delete/&lt;name&gt;</c>: removes the key from the keystore and the cache.</summary>
public sealed record DeleteKey(RequestContext Context, string Name) : ICommand, IMeteredRequest, IAuditedEvent
{
    /// <inheritdoc />
    public KesError FailureError => KesError.DeleteKeyFailed;

    /// <inheritdoc />
    public string AuditMessage => $"secret key '{Name}' deleted";
}

/// <summary>Checks the key name.</summary>
public sealed class DeleteKeyValidator : KesValidator<DeleteKey>
{
    public DeleteKeyValidator() => KeyName(r => r.Name);
}

/// <summary>Deletes through the cache, which evicts on success.</summary>
public sealed class DeleteKeyHandler : ICommandHandler<DeleteKey>
{
    /// <inheritdoc />
    public async ValueTask<Unit> Handle(DeleteKey command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await command.Context.State.Cache.DeleteAsync(command.Name, cancellationToken).ConfigureAwait(false);
        return Unit.Value;
    }
}
