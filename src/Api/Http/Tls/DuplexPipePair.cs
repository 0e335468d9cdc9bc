using System.IO.Pipelines;

namespace Kes.Api.Http.Tls;

/// <summary>A connection's transport with one side or both wrapped by a connection middleware.</summary>
public sealed class DuplexPipePair(PipeReader input, PipeWriter output) : IDuplexPipe
{
    /// <inheritdoc />
    public PipeReader Input { get; } = input;

    /// <inheritdoc />
    public PipeWriter Output { get; } = output;
}
