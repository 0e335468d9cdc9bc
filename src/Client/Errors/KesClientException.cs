namespace Kes.Client.Errors;

/// <summary>The server answered with an error status; <see cref="Error"/> holds the status and message to compare against the well-known <see cref="KesClientError"/> values.</summary>
public sealed class KesClientException : Exception
{
    public KesClientException()
        : this(new KesClientError(500, "unknown error"))
    {
    }

    public KesClientException(string message)
        : this(new KesClientError(500, message))
    {
    }

    public KesClientException(string message, Exception innerException)
        : base(message, innerException) => Error = new KesClientError(500, message);

    public KesClientException(KesClientError error)
        : base(error?.Message) => Error = error ?? throw new ArgumentNullException(nameof(error));

    /// <summary>The status and message, e.g. <c>KesClientError.KeyExists</c>.</summary>
    public KesClientError Error { get; }

    /// <summary>The HTTP status code.</summary>
    public int Status => Error.Status;

    /// <summary>Whether this is <paramref name="error"/> (same status, same message).</summary>
    public bool Is(KesClientError error) => Error == error;
}
