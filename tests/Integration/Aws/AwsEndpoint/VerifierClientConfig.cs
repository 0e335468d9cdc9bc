using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;

namespace Kes.IntegrationTests.Aws.AwsEndpoint;

/// <summary>What AWSSDK.Core's signer needs to recompute a received request's signature: the endpoint, region and service it was scoped to.</summary>
internal sealed class VerifierClientConfig : ClientConfig
{
    public VerifierClientConfig(Uri endpoint, string region, string service)
        : base(new DefaultConfigurationProvider([new DefaultConfiguration { Name = DefaultConfigurationMode.Standard, RetryMode = RequestRetryMode.Standard }]))
    {
        ServiceURL = endpoint.ToString();
        AuthenticationRegion = region;
        AuthenticationServiceName = service;
        RegionEndpointServiceName = service;
    }

    public override string RegionEndpointServiceName { get; }

    public override string ServiceVersion => "test";

    public override string UserAgent => "kes-test-endpoint";

    public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters) => new(ServiceURL);
}
