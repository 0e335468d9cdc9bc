using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Kes.Api.Hosting;
using Kes.Domain.Policies;
using Kes.Credentials.Keys;

namespace Kes.IntegrationTests.Server;

/// <summary>Client certificates and the TLS mode (docs/api.md §1, §6.1, §6.3, §6.4): no certificate, skip_auth, API keys as admin, CA leaves, and deny rules that percent-encoding cannot dodge.</summary>
public sealed class AuthenticationTests
{
    [Fact]
    public async Task Without_skip_auth_a_client_without_certificate_fails_the_handshake()
    {
        await using var server = await KesTestServer.StartAsync();
        var client = server.Client(null);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetAsync("/version"));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetAsync("/v1/status"));
    }

    [SkippableTheory]
    [InlineData("-tls1_3", "alert number 116")]
    [InlineData("-tls1_2", "alert number 40")]
    public async Task A_client_without_certificate_gets_the_tls_alert_not_a_closed_connection(string version, string alert)
    {
        Skip.If(OpenSslClient.SkipReason is not null, OpenSslClient.SkipReason);
        Skip.IfNot(OperatingSystem.IsLinux(), ".NET uses OpenSSL for TLS on Linux only");
        await using var server = await KesTestServer.StartAsync();

        // certificate_required (116) in TLS 1.3 and handshake_failure (40) in 1.2, as docs/api.md §1 says.
        var output = await OpenSslClient.ConnectAsync(server, version, "-ign_eof");
        Assert.Contains(alert, output, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected eof", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Skip_auth_lets_everyone_into_its_routes_and_others_demand_a_certificate()
    {
        var overrides = new Dictionary<string, RouteOverride>
        {
            ["/v1/status"] = new(true, TimeSpan.Zero),
            ["/v1/key/describe/"] = new(true, TimeSpan.Zero),
        };
        await using var server = await KesTestServer.StartAsync(s => s with { RouteOverrides = overrides });
        await Reply.EmptyAsync(await server.Admin().PostAsync("/v1/key/create/open", null));

        var anonymous = server.Client(null);
        Assert.Equal(200, (int)(await anonymous.GetAsync("/v1/status")).StatusCode);
        Assert.Equal(200, (int)(await anonymous.GetAsync("/version")).StatusCode);
        Assert.Equal("open", (await Reply.JsonAsync(await anonymous.GetAsync("/v1/key/describe/open"))).GetProperty("name").GetString());
        await Reply.ErrorAsync(await anonymous.GetAsync("/v1/key/describe/closed"), 404, "key does not exist");
        await Reply.ErrorAsync(await anonymous.GetAsync("/v1/key/list/"), 400, "tls: client certificate is required");
        await Reply.ErrorAsync(await anonymous.PostAsync("/v1/key/create/x", null), 400, "tls: client certificate is required");
        await Reply.ErrorAsync(await anonymous.GetAsync("/v1/ready"), 400, "tls: client certificate is required");
        await Reply.ErrorAsync(await anonymous.GetAsync("/v1/identity/self/describe"), 404, "identity does not exist");
        await Reply.ErrorAsync(await anonymous.GetAsync("/v1/key/create/x"), 405, "received method 'GET' expected 'PUT'");

        var unknown = server.Client(server.Identities.Unknown);
        Assert.Equal(200, (int)(await unknown.GetAsync("/v1/status")).StatusCode);
        await Reply.ErrorAsync(await unknown.GetAsync("/v1/key/list/"), 403, "not authorized: insufficient permissions");
    }

    [Fact]
    public async Task Skip_auth_on_version_still_relaxes_the_tls_mode()
    {
        var overrides = new Dictionary<string, RouteOverride> { ["/version"] = new(true, TimeSpan.Zero) };
        await using var server = await KesTestServer.StartAsync(s => s with { RouteOverrides = overrides });
        var anonymous = server.Client(null);
        Assert.Equal(200, (int)(await anonymous.GetAsync("/version")).StatusCode);
        await Reply.ErrorAsync(await anonymous.GetAsync("/v1/status"), 400, "tls: client certificate is required");
    }

    [Fact]
    public async Task An_api_key_configured_as_admin_may_do_everything()
    {
        using var apiKey = ApiKey.Generate();
        using var certificate = apiKey.CreateCertificate();
        await using var server = await KesTestServer.StartAsync(s => s with
        {
            Admin = apiKey.Identity,
            Policies = PolicySet.Create(apiKey.Identity, []),
        });
        using var curl = CurlClient.Create(server, certificate);
        Assert.Equal(200, (await curl.SendAsync("POST", "/v1/key/create/api-admin")).Status);
        var describe = await curl.SendAsync("GET", "/v1/key/describe/api-admin");
        Assert.Equal(200, describe.Status);
        Assert.Equal("application/json", describe.Headers["Content-Type"]);
        Assert.Contains($"\"created_by\":\"{apiKey.Identity.Value}\"", describe.Body, StringComparison.Ordinal);
        var self = await curl.SendAsync("GET", "/v1/identity/self/describe");
        Assert.StartsWith($"{{\"identity\":\"{apiKey.Identity.Value}\",\"admin\":true,", self.Body, StringComparison.Ordinal);
        Assert.Equal(200, (await curl.SendAsync("GET", "/v1/policy/list/")).Status);
        var generated = await curl.SendAsync("POST", "/v1/key/generate/api-admin", "{}");
        Assert.Equal(200, generated.Status);
        await Reply.ErrorAsync(await server.Admin().GetAsync("/v1/status"), 403, "not authorized: insufficient permissions");
    }

    [Fact]
    public async Task Curl_without_a_certificate_fails_the_handshake_and_with_skip_auth_gets_400()
    {
        await using (var strict = await KesTestServer.StartAsync())
        {
            using var curl = CurlClient.Create(strict, null);
            var response = await curl.SendAsync("GET", "/v1/status");
            Assert.Equal(0, response.Status);
            Assert.NotEqual(0, response.ExitCode);
        }

        var overrides = new Dictionary<string, RouteOverride> { ["/v1/ready"] = new(true, TimeSpan.Zero) };
        await using var relaxed = await KesTestServer.StartAsync(s => s with { RouteOverrides = overrides });
        using var anonymous = CurlClient.Create(relaxed, null);
        Assert.Equal(200, (await anonymous.SendAsync("GET", "/v1/ready")).Status);
        var status = await anonymous.SendAsync("GET", "/v1/status");
        Assert.Equal(400, status.Status);
        Assert.Equal("{\"message\":\"tls: client certificate is required\"\n}", status.Body);
    }

    [Fact]
    public async Task A_ca_certificate_as_client_certificate_is_no_usable_certificate()
    {
        await using var server = await KesTestServer.StartAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=ca-client", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        using var certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
        var client = server.Client(certificate);
        await Reply.ErrorAsync(await client.GetAsync("/v1/status"), 400, "tls: client certificate is required");
        Assert.Equal(200, (int)(await client.GetAsync("/version")).StatusCode);
    }

    [Fact]
    public async Task With_auth_on_only_valid_client_certificates_issued_by_the_ca_are_accepted()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=test-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        using var issued = Issue(ca, "issued", "1.3.6.1.5.5.7.3.2", DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1));
        using var expired = Issue(ca, "expired", "1.3.6.1.5.5.7.3.2", DateTimeOffset.UtcNow.AddHours(-3), DateTimeOffset.UtcNow.AddHours(-2));
        using var serverOnly = Issue(ca, "server-only", "1.3.6.1.5.5.7.3.1", DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1));
        var generated = TestIdentities.Create();
        var identities = generated with { Admin = issued };
        using var caPublic = X509CertificateLoader.LoadCertificate(ca.RawData);
        await using var server = await KesTestServer.StartAsync(
            s => s with { VerifyClientCertificates = true, ClientCertificateAuthorities = [caPublic] },
            identities: identities);

        Assert.Equal(200, (int)(await server.Admin().GetAsync("/v1/status")).StatusCode);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => server.Client(generated.Unknown).GetAsync("/version"));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => server.Client(expired).GetAsync("/version"));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => server.Client(serverOnly).GetAsync("/version"));

        // With skip_auth somewhere, auth: on verifies a certificate only when one is given.
        var overrides = new Dictionary<string, RouteOverride> { ["/v1/ready"] = new(true, TimeSpan.Zero) };
        await using var relaxed = await KesTestServer.StartAsync(
            s => s with { VerifyClientCertificates = true, ClientCertificateAuthorities = [caPublic], RouteOverrides = overrides },
            identities: identities);
        await Reply.EmptyAsync(await relaxed.Client(null).GetAsync("/v1/ready"));
        await Reply.ErrorAsync(await relaxed.Client(null).GetAsync("/v1/status"), 400, "tls: client certificate is required");
        Assert.Equal(200, (int)(await relaxed.Admin().GetAsync("/v1/status")).StatusCode);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => relaxed.Client(generated.Unknown).GetAsync("/v1/ready"));
    }

    [Theory]
    [InlineData("/v1/key/generate/%73ecret-x")]
    [InlineData("/v1/key/generate/secret%2Dx")]
    [InlineData("/v1/key/%67enerate/secret-x")]
    [InlineData("/v1/key/generate/secret-x?/v1/key/generate/public")]
    public async Task Deny_rules_match_the_decoded_path_without_query(string path)
    {
        await using var server = await KesTestServer.StartAsync();
        await Reply.EmptyAsync(await server.Admin().PostAsync("/v1/key/create/secret-x", null));
        var denied = server.Client(server.Identities.Denied);
        await Reply.ErrorAsync(await denied.SendAsync("POST", path, "{}"), 403, "not authorized: insufficient permissions");
        Assert.Equal(200, (int)(await server.Admin().SendAsync("POST", path, "{}")).StatusCode);
    }

    [Fact]
    public async Task A_deny_rule_stops_only_the_paths_it_covers()
    {
        await using var server = await KesTestServer.StartAsync();
        var admin = server.Admin();
        await Reply.EmptyAsync(await admin.PostAsync("/v1/key/create/secret-y", null));
        await Reply.EmptyAsync(await admin.PostAsync("/v1/key/create/public-y", null));
        var denied = server.Client(server.Identities.Denied);
        await Reply.ErrorAsync(await denied.SendAsync("POST", "/v1/key/generate/secret-y", "{}"), 403, "not authorized: insufficient permissions");
        await Reply.ErrorAsync(await denied.SendAsync("POST", "/v1/key/decrypt/secret-y", "{}"), 403, "not authorized: insufficient permissions");
        Assert.Equal(200, (int)(await denied.SendAsync("POST", "/v1/key/encrypt/secret-y", "{}")).StatusCode);
        Assert.Equal(200, (int)(await denied.SendAsync("POST", "/v1/key/generate/public-y", "{}")).StatusCode);
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string name, string usage, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        using var certificate = request.Create(ca, notBefore, notAfter, RandomNumberGenerator.GetBytes(8));
        using var withKey = certificate.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
