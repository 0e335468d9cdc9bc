namespace Kes.IntegrationTests.Vault.VaultEndpoint;

/// <summary>The fake Vault's fault switches; each can be flipped while requests are in flight.</summary>
public sealed class VaultFaults
{
    private int _failures;
    private long _delayTicks;

    /// <summary>Sealed: <c>sys/health</c> answers 503 with sealed and standby true, everything else 503 <c>Vault is sealed</c>.</summary>
    public bool Sealed { get; set; }

    /// <summary>An unsealed standby: <c>sys/health</c> answers 429; requests are served, as a standby forwards them to the active node.</summary>
    public bool Standby { get; set; }

    /// <summary>Not initialized: <c>sys/health</c> answers 501.</summary>
    public bool Uninitialized { get; set; }

    /// <summary>How long every answer waits before it is sent.</summary>
    public TimeSpan Delay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));
        set => Interlocked.Exchange(ref _delayTicks, value.Ticks);
    }

    /// <summary>The next <paramref name="count"/> requests other than <c>sys/health</c> answer 500.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failures, count);

    /// <summary>Whether this request is one of those told to fail.</summary>
    public bool TakeFailure()
    {
        while (true)
        {
            var left = Volatile.Read(ref _failures);
            if (left <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _failures, left - 1, left) == left)
            {
                return true;
            }
        }
    }

    /// <summary>Back to a healthy Vault.</summary>
    public void Clear()
    {
        Sealed = false;
        Standby = false;
        Uninitialized = false;
        Delay = TimeSpan.Zero;
        FailNext(0);
    }
}
