using System.Runtime.Versioning;
using Kes.Bench.Fuzz;
using Xunit.Abstractions;

namespace Kes.IntegrationTests.Fuzz;

/// <summary>A small run of the fuzz tool's combined memory phase against a real <c>kes server</c> child process: the idle connections are really held and the valid requests all succeed.</summary>
/// <remarks>A child process, not the in-process test server: its descriptors are then the server's alone, so they show which connections the server holds.</remarks>
[UnsupportedOSPlatform("windows")]
[Collection(FuzzRunsAlone.Name)]
public sealed class CombinedPhaseTests(ITestOutputHelper output)
{
    private const int Idle = 20;
    private const int Valid = 2000;
    private const int Malformed = 300;

    [Fact]
    public async Task Idle_connections_stay_open_on_the_server_while_valid_requests_on_one_connection_all_get_200_beside_a_campaign()
    {
        // The kes.dll the tests were built with: the API project is one of this assembly's references.
        await using var server = await KesServerProcess.StartAsync(Path.Combine(AppContext.BaseDirectory, "kes.dll"), heapLimitMiB: null);

        var result = await CombinedPhase.RunAsync(
            server,
            Idle,
            Valid,
            async cancellationToken =>
            {
                using var sender = new FuzzSender(server.Address, server.Callers, server.ServerCertificate);
                return [await FuzzCampaign.RunAsync(sender, seed: 21, Malformed, workers: 2, progress: null, cancellationToken)];
            },
            CancellationToken.None);

        output.WriteLine(result.ToString());
        Assert.Equal(Idle, result.IdleOpened);
        Assert.Equal(Idle, result.IdleStillOpen);
        Assert.True(result.Held.OpenDescriptors - result.Before.OpenDescriptors >= Idle, $"the server's descriptors went from {result.Before.OpenDescriptors} before the phase to {result.Held.OpenDescriptors} at its end");
        Assert.NotNull(result.Valid);
        Assert.Equal(Valid, result.Valid.Sent);
        Assert.Equal(0, result.Valid.Failures);
        Assert.Equal(0, result.Campaign.Single().Violations);
        Assert.True(result.Passed);
    }
}
