namespace Kes.Infrastructure.Seals.Pkcs11;

/// <summary>What an operation on a borrowed session gives back: a value, a token failure that a rebuild may cure, or a final refusal (a forged sealed value).</summary>
internal readonly record struct PoolResult<T>(T? Value, SealException? Failure, bool Retry)
{
    public static PoolResult<T> Success(T value) => new(value, null, false);

    public static PoolResult<T> TokenFailure(SealException failure) => new(default, failure, true);

    public static PoolResult<T> Refused(SealException failure) => new(default, failure, false);
}
