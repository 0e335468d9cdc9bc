using Kes.Application.Pipeline;
using Kes.Application.Requests;
using Kes.Domain.Errors;
using Kes.Domain.Identities;
using Kes.Domain.Keys;
using Mediator;

namespace Kes.Application.Keys;

/// <summary><c>GET /v1/key/describe/&lt;name&gt;</c>: the key's algorithm and provenance, never its bytes.</summary>
public sealed record DescribeKey(RequestContext Context, string Name) : IQuery<KeyDescription>, IMeteredRequest
{
    /// <inheritdoc />
    public KesError FailureError => KesError.ReadKeyFailed;
}

/// <summary>What describe answers.</summary>
public sealed record KeyDescription(string Name, KeyAlgorithm Algorithm, KesTimestamp CreatedAt, Identity CreatedBy);

/// <summary>Checks the key name.</summary>
public sealed class DescribeKeyValidator : KesValidator<DescribeKey>
{
    public DescribeKeyValidator() => KeyName(r => r.Name);
}

/// <summary>Reads the key through the cache.</summary>
public sealed class DescribeKeyHandler : IQueryHandler<DescribeKey, KeyDescription>
{
    /// <inheritdoc />
    public async ValueTask<KeyDescription> Handle(DescribeKey query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var lease = await query.Context.State.Cache.GetAsync(query.Name, cancellationToken).ConfigureAwait(false);
        var version = lease.Key.Version;
        return new KeyDescription(query.Name, version.Key.Algorithm, version.CreatedAt, version.CreatedBy);
    }
}
