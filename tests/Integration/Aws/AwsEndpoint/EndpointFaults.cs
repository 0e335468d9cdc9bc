namespace Kes.IntegrationTests.Aws.AwsEndpoint;

/// <summary>Fault switches of the test endpoint; "down" is <see cref="FakeAwsEndpoint.GoDownAsync"/>, KMS faults are on <see cref="FakeKms"/>.</summary>
public sealed class EndpointFaults
{
    private int _throttled;
    private int _failed;
    private int _lost;
    private long _delayTicks;

    /// <summary>Answers the next <paramref name="count"/> requests (int.MaxValue: all) with 400 ThrottlingException, as AWS does.</summary>
    public void Throttle(int count) => Volatile.Write(ref _throttled, count);

    /// <summary>Answers the next <paramref name="count"/> requests (int.MaxValue: all) with 500 InternalServiceError.</summary>
    public void FailWith500(int count) => Volatile.Write(ref _failed, count);

    /// <summary>Carries out the next <paramref name="count"/> requests but never answers them, as when a response is lost on the way back.</summary>
    public void LoseAnswers(int count) => Volatile.Write(ref _lost, count);

    /// <summary>Holds every answer back by <paramref name="delay"/>.</summary>
    public void Slow(TimeSpan delay) => Interlocked.Exchange(ref _delayTicks, delay.Ticks);

    /// <summary>Turns every fault off.</summary>
    public void Clear()
    {
        Throttle(0);
        FailWith500(0);
        LoseAnswers(0);
        Slow(TimeSpan.Zero);
    }

    internal TimeSpan Delay => TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));

    internal bool TakeLostAnswer() => TryTake(ref _lost);

    internal AwsAnswer? Take()
    {
        if (TryTake(ref _throttled))
        {
            return AwsAnswer.Error(400, "com.amazon.coral.availability#ThrottlingException", "Rate exceeded");
        }

        return TryTake(ref _failed)
            ? AwsAnswer.Error(500, "InternalServiceError", "An error occurred on the server side.", "Message")
            : null;
    }

    private static bool TryTake(ref int remaining)
    {
        while (true)
        {
            var current = Volatile.Read(ref remaining);
            if (current <= 0)
            {
                return false;
            }

            if (current == int.MaxValue || Interlocked.CompareExchange(ref remaining, current - 1, current) == current)
            {
                return true;
            }
        }
    }
}
