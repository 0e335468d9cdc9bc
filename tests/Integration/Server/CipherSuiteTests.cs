using Kes.Api.Hosting;

namespace Kes.IntegrationTests.Server;

/// <summary>What the server offers as openssl sees it: TLS 1.2 with ECDHE and an AEAD only, TLS 1.3's three suites (docs/api.md §1).</summary>
public sealed class CipherSuiteTests : IClassFixture<SharedServer>
{
    private readonly KesTestServer _server;

    public CipherSuiteTests(SharedServer shared)
    {
        ArgumentNullException.ThrowIfNull(shared);
        _server = shared.Server;
    }

    [SkippableTheory]
    [InlineData("ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256")]
    [InlineData("ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384")]
    [InlineData("ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305")]
    public async Task Tls12_accepts_ecdhe_with_an_aead(string suites)
    {
        Skip.If(OpenSslClient.SkipReason is not null, OpenSslClient.SkipReason);
        var output = await OpenSslClient.ConnectAsync(_server, "-tls1_2", "-cipher", suites);
        Assert.Matches(@"Cipher is ECDHE-(ECDSA|RSA)-", output);
    }

    [SkippableTheory]
    [InlineData("ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384")]
    [InlineData("ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256")]
    [InlineData("ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA")]
    [InlineData("AES128-GCM-SHA256:AES256-GCM-SHA384")]
    public async Task Tls12_refuses_cbc_and_static_rsa_suites(string suites)
    {
        Skip.If(OpenSslClient.SkipReason is not null, OpenSslClient.SkipReason);
        var output = await OpenSslClient.ConnectAsync(_server, "-tls1_2", "-cipher", suites);
        Assert.Contains("alert handshake failure", output, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"Cipher is [A-Z]", output);
    }

    [SkippableTheory]
    [InlineData("TLS_AES_128_GCM_SHA256")]
    [InlineData("TLS_AES_256_GCM_SHA384")]
    [InlineData("TLS_CHACHA20_POLY1305_SHA256")]
    public async Task Tls13_keeps_its_three_suites(string suite)
    {
        Skip.If(OpenSslClient.SkipReason is not null, OpenSslClient.SkipReason);
        var output = await OpenSslClient.ConnectAsync(_server, "-tls1_3", "-ciphersuites", suite);
        Assert.Contains("TLSv1.3, Cipher is " + suite, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_offered_suite_is_an_aead_with_forward_secrecy()
    {
        Assert.All(TlsCipherSuites.Offered, suite =>
        {
            var name = suite.ToString();
            Assert.True(name.StartsWith("TLS_ECDHE_", StringComparison.Ordinal) || !name.Contains("_WITH_", StringComparison.Ordinal), name);
            Assert.True(name.Contains("_GCM_", StringComparison.Ordinal) || name.Contains("CHACHA20_POLY1305", StringComparison.Ordinal), name);
        });
    }
}
