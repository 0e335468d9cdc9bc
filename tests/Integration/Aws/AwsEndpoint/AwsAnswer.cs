using System.Text.Json.Nodes;

namespace Kes.IntegrationTests.Aws.AwsEndpoint;

/// <summary>One JSON 1.1 answer of the test endpoint: a status and a body.</summary>
public sealed record AwsAnswer(int Status, JsonObject Body)
{
    /// <summary>A 200 with <paramref name="body"/>.</summary>
    public static AwsAnswer Ok(JsonObject body) => new(200, body);

    /// <summary>An AWS error shape; <paramref name="messageField"/> is <c>message</c> or <c>Message</c>, as the services differ.</summary>
    public static AwsAnswer Error(int status, string type, string message, string messageField = "message") =>
        new(status, new JsonObject { ["__type"] = type, [messageField] = message });
}
