using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Microsoft.AspNetCore.Http;

namespace Kes.IntegrationTests.Aws.AwsEndpoint;

/// <summary>Checks a request's SigV4 signature as AWS does, by recomputing it with AWSSDK.Core's own signer and the known secret key.</summary>
/// <remarks>
/// The request is rebuilt from exactly the headers it says it signed, and the body hash is recomputed
/// from the body received, so a changed body, header, region, service or secret key all fail.
/// </remarks>
internal sealed class SigV4Verifier(string region)
{
    private const string Scheme = "AWS4-HMAC-SHA256 ";
    private const string BadSignature =
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    private static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<string, (string Secret, string? Token)> _keys = new(StringComparer.Ordinal);

    /// <summary>Accepts <paramref name="accessKey"/> with <paramref name="secretKey"/>; with a token, only requests that carry it.</summary>
    public void Allow(string accessKey, string secretKey, string? sessionToken = null) => _keys[accessKey] = (secretKey, sessionToken);

    /// <summary>Null when the signature is right, else the error AWS would answer.</summary>
    public AwsAnswer? Verify(HttpRequest request, byte[] body, string service)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return AwsAnswer.Error(400, "MissingAuthenticationTokenException", "Missing Authentication Token");
        }

        var fields = Fields(authorization[Scheme.Length..]);
        if (!fields.TryGetValue("Credential", out var credential) || !fields.TryGetValue("SignedHeaders", out var signedHeaders) || !fields.ContainsKey("Signature"))
        {
            return AwsAnswer.Error(400, "IncompleteSignatureException", "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature'.");
        }

        var scope = credential.Split('/');
        if (scope.Length != 5 || !_keys.TryGetValue(scope[0], out var key))
        {
            return Unrecognized();
        }

        if (key.Token is not null && request.Headers["X-Amz-Security-Token"].ToString() != key.Token)
        {
            return Unrecognized();
        }

        if (scope[2] != region)
        {
            return AwsAnswer.Error(403, "InvalidSignatureException", $"Credential should be scoped to a valid region, not '{scope[2]}'.");
        }

        if (scope[3] != service)
        {
            return AwsAnswer.Error(403, "InvalidSignatureException", $"Credential should be scoped to correct service: '{service}'.");
        }

        if (!DateTime.TryParseExact(request.Headers["X-Amz-Date"].ToString(), "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt))
        {
            return AwsAnswer.Error(400, "IncompleteSignatureException", "X-Amz-Date is missing or malformed.");
        }

        if ((DateTime.UtcNow - signedAt).Duration() > MaxSkew)
        {
            return AwsAnswer.Error(403, "InvalidSignatureException", "Signature expired: the request is more than 15 minutes from the server's time.");
        }

        var expected = Recompute(request, body, service, signedHeaders.Split(';'), scope[0], key.Secret, signedAt);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(authorization))
            ? null
            : AwsAnswer.Error(403, "InvalidSignatureException", BadSignature);
    }

    private static AwsAnswer Unrecognized() =>
        AwsAnswer.Error(400, "UnrecognizedClientException", "The security token included in the request is invalid.");

    private static Dictionary<string, string> Fields(string parameters)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in parameters.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                fields[part[..equals]] = part[(equals + 1)..];
            }
        }

        return fields;
    }

    private string Recompute(HttpRequest request, byte[] body, string service, string[] signedHeaders, string accessKey, string secretKey, DateTime signedAt)
    {
        var endpoint = new Uri($"{request.Scheme}://{request.Host}");
        using var rebuilt = new DefaultRequest(new ReceivedRequest(), service)
        {
            HttpMethod = request.Method,
            Endpoint = endpoint,
            ResourcePath = request.Path.HasValue ? request.Path.Value : "/",
            Content = body,
        };

        foreach (var name in signedHeaders)
        {
            // The signer derives these two itself: host from the endpoint, the body hash from the body received.
            if (name is not ("host" or "x-amz-content-sha256"))
            {
                rebuilt.Headers[name] = request.Headers[name].ToString();
            }
        }

        var config = new VerifierClientConfig(endpoint, region, service);
        return new AWS4Signer().SignRequest(rebuilt, config, null, accessKey, secretKey, signedAt).ForAuthorizationHeader;
    }

    /// <summary>The SDK's request shell wants a modeled request; the endpoint has none.</summary>
    private sealed class ReceivedRequest : AmazonWebServiceRequest;
}
