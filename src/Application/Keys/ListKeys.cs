using Kes.Application.Pipeline;
using Kes.Application.Requests;
using Kes.Domain.Errors;
using Kes.Domain.Ports;
using Mediator;

namespace Kes.Application.Keys;

/// <summary><c>GET /v1/key/list/&lt;pattern&gt;</c>: key names by prefix, one keystore page at a time.</summary>
public sealed record ListKeys(RequestContext Context, string Pattern) : IQuery<KeyListPage>, IMeteredRequest
{
    /// <inheritdoc />
    public KesError FailureError => KesError.ListKeysFailed;

    /// <summary>The prefix to list: <c>*</c> and empty list everything, and one trailing <c>*</c> is dropped (docs/COMPATIBILITY.md D2, where upstream would use it literally).</summary>
    public string Prefix => Pattern.EndsWith('*') ? Pattern[..^1] : Pattern;
}

/// <summary>Checks the pattern.</summary>
public sealed class ListKeysValidator : KesValidator<ListKeys>
{
    public ListKeysValidator() => Pattern(r => r.Pattern);
}

/// <summary>Lists straight from the keystore; lists are never cached.</summary>
public sealed class ListKeysHandler : IQueryHandler<ListKeys, KeyListPage>
{
    /// <inheritdoc />
    public async ValueTask<KeyListPage> Handle(ListKeys query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return await query.Context.State.Cache.ListAsync(query.Prefix, cancellationToken).ConfigureAwait(false);
    }
}
