using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;

namespace Kes.Infrastructure.KeyStores.Aws;

/// <summary>Signs one JSON 1.1 call (SigV4) with AWSSDK.Core's own signer and hands back the headers to send.</summary>
internal sealed class AwsRequestSigner(Uri endpoint, string region, string service)
{
    /// <summary>The content type of every JSON 1.1 call.</summary>
    public const string ContentType = "application/x-amz-json-1.1";

    private readonly AWS4Signer _signer = new();
    private readonly SignerClientConfig _config = new(endpoint, region, service);

    /// <summary>The signed headers for a POST of <paramref name="body"/> to <c>/</c> with <c>X-Amz-Target: <paramref name="target"/></c>, the signature included.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Sign(string target, byte[] body, ImmutableCredentials credentials)
    {
        using var request = new DefaultRequest(new UnmodeledRequest(), service)
        {
            HttpMethod = "POST",
            Endpoint = endpoint,
            ResourcePath = "/",
            Content = body,
        };
        request.Headers["X-Amz-Target"] = target;
        request.Headers["Content-Type"] = ContentType;
        if (credentials.UseToken)
        {
            // Signed like any x-amz header; the SDK pipeline adds it the same way before signing.
            request.Headers["X-Amz-Security-Token"] = credentials.Token;
        }

        var signature = _signer.SignRequest(request, _config, null, credentials.AccessKey, credentials.SecretKey);
        request.Headers["Authorization"] = signature.ForAuthorizationHeader;
        return [.. request.Headers];
    }

    /// <summary>The SDK's request shell wants a modeled request; these calls have none.</summary>
    private sealed class UnmodeledRequest : AmazonWebServiceRequest;
}
