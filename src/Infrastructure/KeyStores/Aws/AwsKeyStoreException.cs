namespace Kes.Infrastructure.KeyStores.Aws;

/// <summary>An AWS keystore failure that is not a KES API error: the API answers its generic 502 and logs this message.</summary>
/// <remarks>
/// The message carries the AWS error code and text for the error log; it never holds a secret value.
/// Network-level failures are <see cref="Domain.Errors.KeyStoreUnreachableException"/> instead.
/// </remarks>
public sealed class AwsKeyStoreException : Exception
{
    public AwsKeyStoreException()
        : this("aws: keystore failure")
    {
    }

    public AwsKeyStoreException(string message)
        : base(message)
    {
    }

    public AwsKeyStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
        if (innerException is AwsKeyStoreException aws)
        {
            ErrorCode = aws.ErrorCode;
            StatusCode = aws.StatusCode;
        }
    }

    internal AwsKeyStoreException(string message, string errorCode, int statusCode)
        : base(message)
    {
        ErrorCode = errorCode;
        StatusCode = statusCode;
    }

    /// <summary>The AWS error code, e.g. <c>ThrottlingException</c>; empty when AWS did not answer with an error.</summary>
    public string ErrorCode { get; } = string.Empty;

    /// <summary>The HTTP status of the AWS answer; 0 when there was none.</summary>
    public int StatusCode { get; }
}
