using Kes.Application.Requests;
using Kes.Domain.Errors;
using Mediator;

namespace Kes.Application.Status;

/// <summary><c>GET /version</c>: the build's version and commit; no identity is needed.</summary>
public sealed record GetVersion(RequestContext Context) : IQuery<BuildInfo>, IKesRequest
{
    /// <inheritdoc />
    public KesError FailureError => KesError.VersionUnavailable;
}

/// <summary>Answers the build info.</summary>
public sealed class GetVersionHandler(BuildInfo build) : IQueryHandler<GetVersion, BuildInfo>
{
    /// <inheritdoc />
    public ValueTask<BuildInfo> Handle(GetVersion query, CancellationToken cancellationToken) => new(build);
}
