using System.Runtime.Versioning;
using Kes.Bench.Fuzz;
using Kes.Infrastructure.KeyStores.FileSystem;
using Kes.IntegrationTests.Server;
using Xunit.Abstractions;

namespace Kes.IntegrationTests.Fuzz;

/// <summary>The short fuzz campaign of the test suite: a few thousand generated requests against the real server over real TLS (bench/Fuzz runs the long one).</summary>
/// <remarks>Alone, not beside other tests: it loads both cores, and the allocation and timing tests of others must not share them with it.</remarks>
[UnsupportedOSPlatform("windows")]
[Collection(FuzzRunsAlone.Name)]
public sealed class FuzzCampaignTests(ITestOutputHelper output)
{
    private const int Requests = 3000;

    [Theory]
    [InlineData(16)]
    [InlineData(17)]
    public async Task Generated_requests_get_no_unexpected_5xx_only_KES_shaped_error_bodies_and_leave_the_server_answering(int seed)
    {
        var folder = Directory.CreateTempSubdirectory("kes-fuzz-keys-").FullName;
        try
        {
            await using var server = await KesTestServer.StartAsync(store: new FileSystemKeyStore(folder));
            var callers = new Dictionary<Caller, System.Security.Cryptography.X509Certificates.X509Certificate2>
            {
                [Caller.Admin] = server.Identities.Admin,
                [Caller.Member] = server.Identities.Allowed,
                [Caller.Stranger] = server.Identities.Unknown,
            };

            FuzzResult result;
            using (var sender = new FuzzSender(server.BaseAddress, callers, server.ServerCertificate))
            {
                result = await FuzzCampaign.RunAsync(sender, seed, Requests, workers: 4, progress: null, CancellationToken.None);
            }

            output.WriteLine(result.ToString());
            Assert.Equal(Requests, result.Sent);
            Assert.Equal(0, result.Violations);
            Assert.Equal(0, result.Timeouts);
            Assert.Equal(0, result.UnexplainedTransportFailures);
            Assert.True(result.Statuses.GetValueOrDefault(200) > Requests / 10, "too few requests reached a handler and succeeded");
            Assert.True(result.Statuses.Keys.Count(status => status is >= 400 and < 500) >= 4, "too few kinds of client errors");
            Assert.DoesNotContain("unhandled error", server.Stderr.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("msg=\"Microsoft.", server.Stderr.ToString(), StringComparison.Ordinal);
            var status = await server.Admin().GetAsync("/v1/status");
            Assert.Equal(200, (int)status.StatusCode);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(500, "application/json", "{\"message\":\"x\"}", "unexpected 500")]
    [InlineData(504, null, "", "unexpected 504")]
    [InlineData(400, "application/json", "{\"error\":\"x\"}", "400 body is not {\"message\":…}: {\"error\":\"x\"}")]
    [InlineData(404, "application/json", "{\"message\":\"x\",\"code\":1}", "404 body is not {\"message\":…}: {\"message\":\"x\",\"code\":1}")]
    [InlineData(400, "application/json", "{\"message\":", "400 body is not {\"message\":…}: {\"message\":")]
    [InlineData(502, "application/json", "{\"message\":\"failed to read key\"}", null)]
    [InlineData(503, "application/json", "{\"message\":\"kes: keystore unreachable\"}", null)]
    [InlineData(404, "text/plain", "404 page not found", null)]
    [InlineData(400, null, "", null)]
    [InlineData(200, "application/json", "{\"plaintext\":\"AA==\"}", null)]
    public void The_checker_flags_unexpected_5xx_and_JSON_error_bodies_not_in_the_KES_shape(int status, string? contentType, string body, string? violation) =>
        Assert.Equal(violation, AnswerCheck.Violation(new FuzzAnswer(status, contentType, System.Text.Encoding.UTF8.GetBytes(body))));
}
