using Kes.Application.Identities;
using Kes.Application.Keys;
using Kes.Application.Pipeline;
using Kes.Application.Policies;

namespace Kes.Api.Hosting;

/// <summary>Registers each request's validator by name: no assembly scanning, so a Native AOT build keeps them all.</summary>
public static class KesValidators
{
    /// <summary>Adds one singleton validator per validated request; <see cref="ValidationBehavior{TMessage, TResponse}"/> finds it by request type.</summary>
    public static IServiceCollection AddKesValidators(this IServiceCollection services) => services
        .AddSingleton<KesValidator<CreateKey>, CreateKeyValidator>()
        .AddSingleton<KesValidator<ImportKey>, ImportKeyValidator>()
        .AddSingleton<KesValidator<DescribeKey>, DescribeKeyValidator>()
        .AddSingleton<KesValidator<DeleteKey>, DeleteKeyValidator>()
        .AddSingleton<KesValidator<ListKeys>, ListKeysValidator>()
        .AddSingleton<KesValidator<EncryptPlaintext>, EncryptPlaintextValidator>()
        .AddSingleton<KesValidator<GenerateDataKey>, GenerateDataKeyValidator>()
        .AddSingleton<KesValidator<DecryptCiphertext>, DecryptCiphertextValidator>()
        .AddSingleton<KesValidator<BulkDecrypt>, BulkDecryptValidator>()
        .AddSingleton<KesValidator<ComputeHmac>, ComputeHmacValidator>()
        .AddSingleton<KesValidator<DescribePolicy>, DescribePolicyValidator>()
        .AddSingleton<KesValidator<ListPolicies>, ListPoliciesValidator>()
        .AddSingleton<KesValidator<DescribeIdentity>, DescribeIdentityValidator>()
        .AddSingleton<KesValidator<ListIdentities>, ListIdentitiesValidator>();
}
