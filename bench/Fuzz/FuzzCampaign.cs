namespace Kes.Bench.Fuzz;

/// <summary>Sends a seeded sequence of generated requests through a few concurrent workers and tallies the answers.</summary>
public static class FuzzCampaign
{
    /// <summary>Sends <paramref name="count"/> requests of the sequence <paramref name="seed"/> with <paramref name="workers"/> in flight.</summary>
    /// <remarks>Request i is always the i-th of the seed's sequence; only the interleaving of answers varies between runs.</remarks>
    public static async Task<FuzzResult> RunAsync(FuzzSender sender, int seed, long count, int workers, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sender);
        var generator = new RequestGenerator(seed);
        var result = new FuzzResult();
        long next = 0;
        var tasks = Enumerable.Range(0, workers).Select(_ => Task.Run(
            async () =>
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    FuzzRequest request;
                    lock (generator)
                    {
                        if (next >= count)
                        {
                            return;
                        }

                        next++;
                        request = generator.Next();
                    }

                    try
                    {
                        result.Add(request, await sender.SendAsync(request, cancellationToken).ConfigureAwait(false));
                    }
                    catch (Exception e) when (e is HttpRequestException or TimeoutException)
                    {
                        result.AddFailure(request, e);
                    }

                    var sent = result.Sent;
                    if (sent % 5000 == 0)
                    {
                        progress?.Report(sent);
                    }
                }
            },
            cancellationToken));
        await Task.WhenAll(tasks).ConfigureAwait(false);
        return result;
    }
}
