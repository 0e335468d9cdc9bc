using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;

namespace Kes.Infrastructure.KeyStores.Aws;

/// <summary>The client settings AWSSDK.Core's SigV4 signer reads: endpoint, signing region and signing service.</summary>
/// <remarks>
/// The signing service must be set: without it the signer derives it from the host name, which for
/// an emulator on 127.0.0.1 gives <c>127</c> and the emulator cannot route the call (docs/COMPATIBILITY.md).
/// </remarks>
internal sealed class SignerClientConfig : ClientConfig
{
    public SignerClientConfig(Uri endpoint, string region, string service)
        : base(new DefaultConfigurationProvider([new DefaultConfiguration { Name = DefaultConfigurationMode.Standard, RetryMode = RequestRetryMode.Standard }]))
    {
        ServiceURL = endpoint.ToString();
        AuthenticationRegion = region;
        AuthenticationServiceName = service;
        RegionEndpointServiceName = service;
    }

    public override string RegionEndpointServiceName { get; }

    public override string ServiceVersion => "2017-10-17";

    public override string UserAgent => "kes";

    public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters) => new(ServiceURL);
}
