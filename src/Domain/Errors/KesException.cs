namespace Kes.Domain.Errors;

/// <summary>Carries a <see cref="KesError"/> from any layer to the one place that writes the error response.</summary>
public sealed class KesException : Exception
{
    public KesException(KesError error)
        : base(error.Message) => Error = error;

    public KesException(KesError error, Exception innerException)
        : base(error.Message, innerException) => Error = error;

    public KesError Error { get; }
}
