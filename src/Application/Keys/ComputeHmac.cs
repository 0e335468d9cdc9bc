using Kes.Application.Pipeline;
using Kes.Application.Requests;
using Kes.Domain.Errors;
using Kes.Domain.Keys;
using Mediator;

namespace Kes.Application.Keys;

/// <summary><c>PUT /v1/key/hmac/&lt;name&gt;</c>: HMAC-SHA256 of a message with the key's HMAC key (docs/crypto.md §6).</summary>
public readonly record struct ComputeHmac(RequestContext Context, string Name, string? BodyError, ReadOnlyMemory<byte> Message)
    : IQuery<byte[]>, IMeteredRequest, IHasBody
{
    /// <inheritdoc />
    public KesError FailureError => KesError.ReadKeyFailed;
}

/// <summary>Checks the key name, then the body.</summary>
public sealed class ComputeHmacValidator : KesValidator<ComputeHmac>
{
    public ComputeHmacValidator()
    {
        KeyName(r => r.Name);
        Body(r => r.BodyError, KesError.InvalidRequestBody);
    }
}

/// <summary>Keys stored in the legacy JSON format have no HMAC key: 409.</summary>
public sealed class ComputeHmacHandler : IQueryHandler<ComputeHmac, byte[]>
{
    /// <inheritdoc />
    public async ValueTask<byte[]> Handle(ComputeHmac query, CancellationToken cancellationToken)
    {
        using var lease = await query.Context.State.Cache.GetAsync(query.Name, cancellationToken).ConfigureAwait(false);
        var hmacKey = lease.Key.Version.HmacKey ?? throw new KesException(KesError.HmacNotSupported);
        var mac = new byte[HmacKey.HashSize];
        hmacKey.ComputeHash(query.Message.Span, mac);
        return mac;
    }
}
