using Kes.Domain.Errors;
using Mediator;

namespace Kes.Application.Requests;

/// <summary>A KES API request: every one carries its <see cref="RequestContext"/> through the pipeline.</summary>
public interface IKesRequest : IMessage
{
    /// <summary>Who asked what.</summary>
    RequestContext Context { get; }

    /// <summary>The generic error the client gets when the handler fails for a reason that is not an API error (the 5xx rows of docs/api.md §4.5).</summary>
    KesError FailureError { get; }
}
