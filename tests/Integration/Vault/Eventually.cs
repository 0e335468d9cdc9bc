namespace Kes.IntegrationTests.Vault;

/// <summary>Waits for a condition that background work (a renewal, a health ping) makes true, with a generous limit so a loaded machine does not fail the test.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> every 50 ms; fails with <paramref name="what"/> after <paramref name="limit"/> (20 s by default).</summary>
    public static async Task AssertAsync(Func<Task<bool>> condition, string what, TimeSpan? limit = null)
    {
        using var timeout = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            if (timeout.IsCancellationRequested)
            {
                Assert.Fail("never happened: " + what);
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }

    /// <summary>Polls a synchronous condition.</summary>
    public static Task AssertAsync(Func<bool> condition, string what, TimeSpan? limit = null) => AssertAsync(() => Task.FromResult(condition()), what, limit);
}
