using System.Text.Json.Nodes;

namespace Kes.IntegrationTests.Aws.AwsEndpoint;

/// <summary>A request the test endpoint received: its <c>X-Amz-Target</c>, parsed body and the status it was answered with.</summary>
public sealed record RecordedCall(string Target, JsonObject Body, int Status)
{
    /// <summary>The action without the service prefix, e.g. <c>ListSecrets</c>.</summary>
    public string Action => Target[(Target.IndexOf('.', StringComparison.Ordinal) + 1)..];
}
