using Kes.Application.Requests;
using Kes.Domain.Errors;
using Mediator;

namespace Kes.Application.Status;

/// <summary><c>GET /v1/ready</c>: 200 while the keystore answers, 504 while it is unreachable, 502 when it is unhappy.</summary>
public sealed record CheckReady(RequestContext Context) : ICommand, IKesRequest
{
    /// <inheritdoc />
    public KesError FailureError => KesError.KeyStoreUnavailable;
}

/// <summary>Asks the cache, which answers "unreachable" without I/O while offline.</summary>
public sealed class CheckReadyHandler : ICommandHandler<CheckReady>
{
    /// <inheritdoc />
    public async ValueTask<Unit> Handle(CheckReady command, CancellationToken cancellationToken)
    {
        try
        {
            await command.Context.State.Cache.StatusAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (KeyStoreUnreachableException e)
        {
            throw new KesException(KesError.KeyStoreNotReachable, e);
        }

        return Unit.Value;
    }
}
