using Kes.Domain.Errors;

namespace Kes.Application.Caching;

/// <summary>A keystore call, or the decoding of what it returned, failed for a reason that is not an API error; carries the "keystore error" reply of docs/api.md §4.5 for the operation that failed.</summary>
/// <remarks>
/// The message is the cause's, so the error log and startup errors show what the backend said; the
/// client only ever sees <see cref="Error"/>.
/// </remarks>
public sealed class KeyStoreException : Exception
{
    public KeyStoreException(KesError error, Exception innerException)
        : base(innerException?.Message, innerException)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    /// <summary>What the client is answered, e.g. 502 <c>failed to read key</c>.</summary>
    public KesError Error { get; }
}
