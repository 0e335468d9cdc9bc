using System.Text.Json.Serialization;

namespace Kes.Infrastructure.KeyStores.Aws;

/// <summary>The JSON shapes of the calls that carry no key material; CreateSecret and GetSecretValue are in <see cref="SecretValueJson"/>.</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SecretIdRequest))]
[JsonSerializable(typeof(DeleteSecretRequest))]
[JsonSerializable(typeof(ListSecretsRequest))]
[JsonSerializable(typeof(ListSecretsResponse))]
[JsonSerializable(typeof(AwsErrorBody))]
internal sealed partial class SecretsManagerJson : JsonSerializerContext;

/// <summary>GetSecretValue: the current version of one secret.</summary>
internal sealed record SecretIdRequest(string SecretId);

/// <summary>DeleteSecret: KES deletes at once, without a recovery window.</summary>
internal sealed record DeleteSecretRequest(string SecretId, bool ForceDeleteWithoutRecovery);

/// <summary>ListSecrets: one page, optionally narrowed by filters.</summary>
internal sealed record ListSecretsRequest(IReadOnlyList<SecretsFilter>? Filters, int? MaxResults, string? NextToken);

/// <summary>A ListSecrets filter; the <c>name</c> key is a case-sensitive prefix match.</summary>
internal sealed record SecretsFilter(string Key, IReadOnlyList<string> Values);

/// <summary>A page of ListSecrets; only the names are read.</summary>
internal sealed record ListSecretsResponse(IReadOnlyList<SecretListEntry>? SecretList, string? NextToken);

/// <summary>One secret of a ListSecrets page.</summary>
internal sealed record SecretListEntry(string? Name);

/// <summary>An AWS JSON error: <c>__type</c> (maybe <c>prefix#Code</c>) and <c>message</c> or <c>Message</c>.</summary>
internal sealed record AwsErrorBody([property: JsonPropertyName("__type")] string? Type, string? Message);
