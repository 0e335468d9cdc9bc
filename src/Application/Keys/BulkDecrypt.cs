using Kes.Application.Pipeline;
using Kes.Application.Requests;
using Kes.Domain.Errors;
using Mediator;

namespace Kes.Application.Keys;

/// <summary><c>PUT /v1/key/bulk/decrypt/&lt;name&gt;</c> (docs/COMPATIBILITY.md D10): opens up to 1000 ciphertexts with one key in one request.</summary>
public sealed record BulkDecrypt(RequestContext Context, string Name, string? BodyError, IReadOnlyList<BulkDecryptItem> Items)
    : IQuery<IReadOnlyList<SecretBytes>>, IMeteredRequest, IHasBody, IAuthorizedAlsoAs
{
    /// <summary>The most ciphertexts one request may carry, as the pre-v0.23 server allowed.</summary>
    public const int MaxItems = 1000;

    /// <inheritdoc />
    public KesError FailureError => KesError.DecryptFailed;

    /// <summary>Opening a key's ciphertexts in bulk needs the permission to open them one by one (docs/COMPATIBILITY.md D10).</summary>
    public string EquivalentPath => "/v1/key/decrypt/" + Name;
}

/// <summary>One ciphertext and its context.</summary>
public sealed record BulkDecryptItem(ReadOnlyMemory<byte> Ciphertext, ReadOnlyMemory<byte> AssociatedData);

/// <summary>Checks the key name, then the body and the item count.</summary>
public sealed class BulkDecryptValidator : KesValidator<BulkDecrypt>
{
    public BulkDecryptValidator()
    {
        KeyName(r => r.Name);
        Body(r => r.BodyError, KesError.InvalidRequestBody);
        Check(r => r.Items.Count, static count => count <= BulkDecrypt.MaxItems, _ => KesError.InvalidRequestBody);
    }
}

/// <summary>Opens every item or none: the first failure answers 400 for the whole request.</summary>
public sealed class BulkDecryptHandler : IQueryHandler<BulkDecrypt, IReadOnlyList<SecretBytes>>
{
    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<SecretBytes>> Handle(BulkDecrypt query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var lease = await query.Context.State.Cache.GetAsync(query.Name, cancellationToken).ConfigureAwait(false);
        var plaintexts = new List<SecretBytes>(query.Items.Count);
        try
        {
            foreach (var item in query.Items)
            {
                plaintexts.Add(DecryptCiphertextHandler.Open(lease.Key, item.Ciphertext.Span, item.AssociatedData.Span));
            }

            return plaintexts;
        }
        catch
        {
            plaintexts.ForEach(p => p.Dispose());
            throw;
        }
    }
}
