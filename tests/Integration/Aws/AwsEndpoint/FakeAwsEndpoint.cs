using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Kes.IntegrationTests.KeyStores;

namespace Kes.IntegrationTests.Aws.AwsEndpoint;

/// <summary>An AWS-compatible endpoint for tests: Secrets Manager and KMS over JSON 1.1 on plain HTTP at 127.0.0.1, every request's SigV4 signature verified.</summary>
/// <remarks>
/// Faults: <see cref="GoDownAsync"/> stops listening (connection refused) until <see cref="ComeBackAsync"/>
/// listens again on the same port with the same secrets; <see cref="Faults"/> throttles, fails or slows
/// answers; <see cref="Kms"/> disables keys or denies access to them.
/// </remarks>
public sealed class FakeAwsEndpoint : IAsyncDisposable
{
    /// <summary>The region requests must be signed for.</summary>
    public const string Region = "us-east-1";

    /// <summary>The access key the endpoint knows.</summary>
    public const string AccessKey = "AKIAKESTESTENDPOINT01";

    /// <summary>The secret key that goes with <see cref="AccessKey"/>.</summary>
    public const string SecretKey = "kes/test+endpoint/secret/key/0123456789ABCD";

    private const string SecretsManagerPrefix = "secretsmanager.";
    private const string KmsPrefix = "TrentService.";

    private readonly SigV4Verifier _verifier = new(Region);
    private readonly ConcurrentQueue<RecordedCall> _calls = new();
    private readonly LoopbackEndpoint _host;

    private FakeAwsEndpoint()
    {
        Kms = new FakeKms(Region);
        SecretsManager = new FakeSecretsManager(Region, Kms);
        _verifier.Allow(AccessKey, SecretKey);
        _host = new LoopbackEndpoint(HandleAsync);
    }

    /// <summary>The base URL, <c>http://127.0.0.1:&lt;port&gt;</c>.</summary>
    public Uri Url => new($"http://127.0.0.1:{_host.Port}");

    /// <summary>The secrets.</summary>
    public FakeSecretsManager SecretsManager { get; }

    /// <summary>The KMS keys.</summary>
    public FakeKms Kms { get; }

    /// <summary>The fault switches.</summary>
    public EndpointFaults Faults { get; } = new();

    /// <summary>Every request received with a valid signature or a fault answer, in order.</summary>
    public IReadOnlyList<RecordedCall> Calls => [.. _calls];

    /// <summary>Starts listening on a free port.</summary>
    public static async Task<FakeAwsEndpoint> StartAsync()
    {
        var endpoint = new FakeAwsEndpoint();
        await endpoint._host.StartAsync();
        return endpoint;
    }

    /// <summary>Accepts another key pair; with <paramref name="sessionToken"/>, only requests that carry that token.</summary>
    public void AllowCredentials(string accessKey, string secretKey, string? sessionToken = null) =>
        _verifier.Allow(accessKey, secretKey, sessionToken);

    /// <summary>The calls of one action, e.g. <c>ListSecrets</c>.</summary>
    public IReadOnlyList<RecordedCall> CallsOf(string action) => [.. _calls.Where(call => call.Action == action)];

    /// <summary>Forgets the calls recorded so far.</summary>
    public void ClearCalls() => _calls.Clear();

    /// <summary>Stops listening: connections are refused until <see cref="ComeBackAsync"/>.</summary>
    public Task GoDownAsync() => _host.GoDownAsync();

    /// <summary>Listens again on the same port, with the same secrets and keys.</summary>
    public Task ComeBackAsync() => _host.ComeBackAsync();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static async Task WriteAsync(HttpResponse response, AwsAnswer answer)
    {
        response.StatusCode = answer.Status;
        response.ContentType = "application/x-amz-json-1.1";
        response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString("D");
        await response.WriteAsync(answer.Body.ToJsonString());
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var target = context.Request.Headers["X-Amz-Target"].ToString();

        if (!await LoopbackEndpoint.StallAsync(Faults.Delay, context))
        {
            return;
        }

        var answer = Answer(context.Request, target, body);
        if (Faults.TakeLostAnswer())
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        await WriteAsync(context.Response, answer);
    }

    private AwsAnswer Answer(HttpRequest request, string target, byte[] body)
    {
        var isKms = target.StartsWith(KmsPrefix, StringComparison.Ordinal);
        if (request.Method != "POST" || request.Path != "/" || !(isKms || target.StartsWith(SecretsManagerPrefix, StringComparison.Ordinal)))
        {
            return AwsAnswer.Error(400, "UnknownOperationException", "The test endpoint serves JSON 1.1 POSTs to / only.");
        }

        var rejected = _verifier.Verify(request, body, isKms ? "kms" : "secretsmanager");
        if (rejected is not null)
        {
            return rejected;
        }

        JsonObject json;
        try
        {
            json = JsonNode.Parse(body) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            return AwsAnswer.Error(400, "SerializationException", "The request body is not JSON.");
        }

        var answer = Faults.Take()
            ?? (isKms ? Kms.Handle(target[KmsPrefix.Length..], json) : SecretsManager.Handle(target[SecretsManagerPrefix.Length..], json));
        _calls.Enqueue(new RecordedCall(target, json, answer.Status));
        return answer;
    }
}
