using System.Security.Cryptography.X509Certificates;
using Kes.Client.Credentials;

namespace Kes.Client;

/// <summary>Where a <see cref="KesClient"/> connects, how it authenticates, and whom it trusts.</summary>
public sealed class KesClientOptions
{
    /// <summary>One or more <c>https://host:port</c> endpoints; see <see cref="Http.KesEndpoint.ParseList"/> for the CLI's normalisation.</summary>
    public required IReadOnlyList<Uri> Endpoints { get; init; }

    /// <summary>The client certificate to present. The client does not dispose it.</summary>
    public required KesCredentials Credentials { get; init; }

    /// <summary>The only roots trusted for server certificates; null trusts the system roots.</summary>
    public X509Certificate2Collection? TrustedRoots { get; init; }

    /// <summary>Skip server certificate verification (<c>kes … -k</c>).</summary>
    public bool InsecureSkipVerify { get; init; }

    /// <summary>How long to wait for a response's headers from one endpoint before trying the next; infinite by default.</summary>
    public TimeSpan RequestTimeout { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>How long an endpoint that failed is tried only after the others (kms-go: 30 s).</summary>
    public TimeSpan EndpointPenalty { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock for endpoint penalties.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
