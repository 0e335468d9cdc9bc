using Kes.Application.Pipeline;
using Kes.Application.Requests;
using Kes.Domain.Errors;
using Kes.Domain.Ports;
using Mediator;

namespace Kes.Application.Keys;

/// <summary><c>PUT /v1/key/encrypt/&lt;name&gt;</c>: seals a caller's plaintext with the named key.</summary>
/// <param name="Context">Who asked.</param>
/// <param name="Name">The key name.</param>
/// <param name="BodyError">The body decoder's complaint, if any.</param>
/// <param name="Plaintext">The decoded <c>plaintext</c> field, owned and zeroed by the HTTP layer; empty when absent.</param>
/// <param name="AssociatedData">The decoded <c>context</c> field.</param>
public readonly record struct EncryptPlaintext(RequestContext Context, string Name, string? BodyError, SecretBytes Plaintext, ReadOnlyMemory<byte> AssociatedData)
    : IQuery<byte[]>, IMeteredRequest, IHasBody
{
    /// <inheritdoc />
    public KesError FailureError => KesError.EncryptFailed;
}

/// <summary>Checks the key name, then the body.</summary>
public sealed class EncryptPlaintextValidator : KesValidator<EncryptPlaintext>
{
    public EncryptPlaintextValidator()
    {
        KeyName(r => r.Name);
        Body(r => r.BodyError, KesError.InvalidRequestBody);
    }
}

/// <summary>Seals with the cached key; the reply is the ciphertext.</summary>
public sealed class EncryptPlaintextHandler : IQueryHandler<EncryptPlaintext, byte[]>
{
    /// <inheritdoc />
    public async ValueTask<byte[]> Handle(EncryptPlaintext query, CancellationToken cancellationToken)
    {
        using var lease = await query.Context.State.Cache.GetAsync(query.Name, cancellationToken).ConfigureAwait(false);
        var ciphertext = new byte[query.Plaintext.Length + IKeyCipher.Overhead];
        query.Plaintext.Use((lease.Key.Cipher, query.AssociatedData, ciphertext), static (plaintext, state) =>
            state.Cipher.Seal(plaintext, state.AssociatedData.Span, state.ciphertext));
        return ciphertext;
    }
}
