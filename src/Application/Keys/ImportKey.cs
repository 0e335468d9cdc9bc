using Kes.Application.Pipeline;
using Kes.Application.Requests;
using Kes.Domain.Errors;
using Kes.Domain.Keys;
using Mediator;

namespace Kes.Application.Keys;

/// <summary><c>PUT /v1/key/import/&lt;name&gt;</c>: stores caller-supplied key bytes with a fresh HMAC key.</summary>
/// <param name="Context">Who asked.</param>
/// <param name="Name">The key name.</param>
/// <param name="BodyError">The body decoder's complaint, if any.</param>
/// <param name="Key">The decoded <c>key</c> field (empty when absent), owned by the HTTP layer, which zeroes it after the request.</param>
/// <param name="Cipher">The <c>cipher</c> field as sent.</param>
public sealed record ImportKey(RequestContext Context, string Name, string? BodyError, SecretBytes Key, string? Cipher)
    : ICommand, IMeteredRequest, IAuditedEvent, IHasBody
{
    /// <inheritdoc />
    public KesError FailureError => KesError.ImportFailed;

    /// <inheritdoc />
    public string AuditMessage => $"secret key '{Name}' created";
}

/// <summary>Checks the key name, then the body.</summary>
public sealed class ImportKeyValidator : KesValidator<ImportKey>
{
    public ImportKeyValidator()
    {
        KeyName(r => r.Name);
        Body(r => r.BodyError, KesError.InvalidImportBody);
    }
}

/// <summary>Checks the cipher and the key size, then stores the key.</summary>
public sealed class ImportKeyHandler(TimeProvider time, FipsMode fips) : ICommandHandler<ImportKey>
{
    /// <inheritdoc />
    public async ValueTask<Unit> Handle(ImportKey command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var cipher = command.Cipher ?? string.Empty;
        if (!KeyAlgorithms.TryParse(cipher, out var algorithm))
        {
            throw new KesException(KesError.UnsupportedAlgorithm(cipher));
        }

        if (fips.Enabled && algorithm != KeyAlgorithm.Aes256)
        {
            throw new KesException(KesError.NotFipsAlgorithm(cipher));
        }

        if (command.Key.Length != SecretKey.Size)
        {
            throw new KesException(KesError.InvalidKeySize(cipher));
        }

        using var version = new KeyVersion(
            command.Key.Use(algorithm, static (bytes, algorithm) => SecretKey.FromBytes(algorithm, bytes)),
            HmacKey.Generate(),
            KesTimestamp.FromDateTime(time.GetUtcNow().UtcDateTime),
            command.Context.Identity);
        await command.Context.State.Cache.CreateAsync(command.Name, version, cancellationToken).ConfigureAwait(false);
        return Unit.Value;
    }
}
