using Kes.Application.Pipeline;
using Kes.Application.Requests;
using Kes.Domain.Errors;
using Kes.Domain.Keys;
using Mediator;

namespace Kes.Application.Keys;

/// <summary><c>PUT /v1/key/create/&lt;name&gt;</c>: a new random key and HMAC key, stored if the name is free.</summary>
public sealed record CreateKey(RequestContext Context, string Name) : ICommand, IMeteredRequest, IAuditedEvent
{
    /// <inheritdoc />
    public KesError FailureError => KesError.CreateKeyFailed;

    /// <inheritdoc />
    public string AuditMessage => $"secret key '{Name}' created";
}

/// <summary>Checks the key name.</summary>
public sealed class CreateKeyValidator : KesValidator<CreateKey>
{
    public CreateKeyValidator() => KeyName(r => r.Name);
}

/// <summary>Generates the key version and stores it.</summary>
public sealed class CreateKeyHandler(TimeProvider time, FipsMode fips) : ICommandHandler<CreateKey>
{
    /// <inheritdoc />
    public async ValueTask<Unit> Handle(CreateKey command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        using var version = new KeyVersion(
            SecretKey.Generate(fips.NewKeyAlgorithm),
            HmacKey.Generate(),
            KesTimestamp.FromDateTime(time.GetUtcNow().UtcDateTime),
            command.Context.Identity);
        await command.Context.State.Cache.CreateAsync(command.Name, version, cancellationToken).ConfigureAwait(false);
        return Unit.Value;
    }
}
