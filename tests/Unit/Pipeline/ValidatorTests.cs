using Kes.Application.Identities;
using Kes.Application.Keys;
using Kes.Application.Requests;
using Kes.Application.Policies;
using Kes.Domain.Errors;

namespace Kes.UnitTests.Pipeline;

/// <summary>Every validator rule, accepting and rejecting, in the order upstream checks them.</summary>
public sealed class ValidatorTests
{
    private static readonly RequestContext Context = new();
    private static readonly string LongName = new('a', 81);

    public static TheoryData<string> ValidNames => ["k1", "my-key", "A_b-9", new string('z', 80), "_a", "a_"];

    public static TheoryData<string> InvalidNames => ["", "_", "-a", "a-", "a b", "a/b", "ä", "a*", LongName];

    public static TheoryData<string> ValidPatterns => ["", "*", "k", "my-*", "a_*", new string('p', 80)];

    public static TheoryData<string> InvalidPatterns => ["_", "-a", "a-", "a*b", "**", "a b", LongName];

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Valid_key_names_pass_every_key_validator(string name)
    {
        Assert.Null(new CreateKeyValidator().FirstFailure(new CreateKey(Context, name)));
        Assert.Null(new DescribeKeyValidator().FirstFailure(new DescribeKey(Context, name)));
        Assert.Null(new DeleteKeyValidator().FirstFailure(new DeleteKey(Context, name)));
        Assert.Null(new GenerateDataKeyValidator().FirstFailure(new GenerateDataKey(Context, name, null, default)));
        Assert.Null(new EncryptPlaintextValidator().FirstFailure(new EncryptPlaintext(Context, name, null, default, default)));
        Assert.Null(new DecryptCiphertextValidator().FirstFailure(new DecryptCiphertext(Context, name, null, default, default)));
        Assert.Null(new ComputeHmacValidator().FirstFailure(new ComputeHmac(Context, name, null, default)));
        Assert.Null(new ImportKeyValidator().FirstFailure(new ImportKey(Context, name, null, default, null)));
        Assert.Null(new BulkDecryptValidator().FirstFailure(new BulkDecrypt(Context, name, null, [])));
    }

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void Invalid_key_names_are_400_with_the_name_in_the_message(string name)
    {
        var expected = KesError.InvalidKeyName(name);
        Assert.Equal(expected, new CreateKeyValidator().FirstFailure(new CreateKey(Context, name)));
        Assert.Equal(expected, new DescribeKeyValidator().FirstFailure(new DescribeKey(Context, name)));
        Assert.Equal(expected, new DeleteKeyValidator().FirstFailure(new DeleteKey(Context, name)));
        Assert.Equal(expected, new GenerateDataKeyValidator().FirstFailure(new GenerateDataKey(Context, name, null, default)));
        Assert.Equal(expected, new EncryptPlaintextValidator().FirstFailure(new EncryptPlaintext(Context, name, null, default, default)));
        Assert.Equal(expected, new DecryptCiphertextValidator().FirstFailure(new DecryptCiphertext(Context, name, null, default, default)));
        Assert.Equal(expected, new ComputeHmacValidator().FirstFailure(new ComputeHmac(Context, name, null, default)));
        Assert.Equal(expected, new ImportKeyValidator().FirstFailure(new ImportKey(Context, name, null, default, null)));
        Assert.Equal(expected, new BulkDecryptValidator().FirstFailure(new BulkDecrypt(Context, name, null, [])));
        Assert.Equal(400, expected.Status);
    }

    [Fact]
    public void The_name_is_checked_before_the_body()
    {
        const string bodyError = "unexpected end of JSON input";
        var expected = KesError.InvalidKeyName("a b");
        Assert.Equal(expected, new GenerateDataKeyValidator().FirstFailure(new GenerateDataKey(Context, "a b", bodyError, default)));
        Assert.Equal(expected, new EncryptPlaintextValidator().FirstFailure(new EncryptPlaintext(Context, "a b", bodyError, default, default)));
        Assert.Equal(expected, new DecryptCiphertextValidator().FirstFailure(new DecryptCiphertext(Context, "a b", bodyError, default, default)));
        Assert.Equal(expected, new ComputeHmacValidator().FirstFailure(new ComputeHmac(Context, "a b", bodyError, default)));
        Assert.Equal(expected, new ImportKeyValidator().FirstFailure(new ImportKey(Context, "a b", bodyError, default, null)));
        Assert.Equal(expected, new BulkDecryptValidator().FirstFailure(new BulkDecrypt(Context, "a b", bodyError, [])));
    }

    [Fact]
    public void A_body_that_did_not_decode_is_invalid_request_body_and_for_import_invalid_import_body()
    {
        const string bodyError = "unexpected end of JSON input";
        Assert.Same(KesError.InvalidRequestBody, new GenerateDataKeyValidator().FirstFailure(new GenerateDataKey(Context, "k", bodyError, default)));
        Assert.Same(KesError.InvalidRequestBody, new EncryptPlaintextValidator().FirstFailure(new EncryptPlaintext(Context, "k", bodyError, default, default)));
        Assert.Same(KesError.InvalidRequestBody, new DecryptCiphertextValidator().FirstFailure(new DecryptCiphertext(Context, "k", bodyError, default, default)));
        Assert.Same(KesError.InvalidRequestBody, new ComputeHmacValidator().FirstFailure(new ComputeHmac(Context, "k", bodyError, default)));
        Assert.Same(KesError.InvalidRequestBody, new BulkDecryptValidator().FirstFailure(new BulkDecrypt(Context, "k", bodyError, [])));
        Assert.Same(KesError.InvalidImportBody, new ImportKeyValidator().FirstFailure(new ImportKey(Context, "k", bodyError, default, null)));
    }

    [Fact]
    public void Bulk_decrypt_takes_at_most_1000_items()
    {
        var validator = new BulkDecryptValidator();
        var item = new BulkDecryptItem(new byte[1], default);
        Assert.Null(validator.FirstFailure(new BulkDecrypt(Context, "k", null, Enumerable.Repeat(item, BulkDecrypt.MaxItems).ToList())));
        Assert.Same(KesError.InvalidRequestBody, validator.FirstFailure(new BulkDecrypt(Context, "k", null, Enumerable.Repeat(item, BulkDecrypt.MaxItems + 1).ToList())));
    }

    [Theory]
    [MemberData(nameof(ValidPatterns))]
    public void Valid_patterns_pass_every_list_validator(string pattern)
    {
        Assert.Null(new ListKeysValidator().FirstFailure(new ListKeys(Context, pattern)));
        Assert.Null(new ListPoliciesValidator().FirstFailure(new ListPolicies(Context, pattern)));
        Assert.Null(new ListIdentitiesValidator().FirstFailure(new ListIdentities(Context, pattern)));
    }

    [Theory]
    [MemberData(nameof(InvalidPatterns))]
    public void Invalid_patterns_are_400_with_the_pattern_in_the_message(string pattern)
    {
        var expected = KesError.InvalidPattern(pattern);
        Assert.Equal(expected, new ListKeysValidator().FirstFailure(new ListKeys(Context, pattern)));
        Assert.Equal(expected, new ListPoliciesValidator().FirstFailure(new ListPolicies(Context, pattern)));
        Assert.Equal(expected, new ListIdentitiesValidator().FirstFailure(new ListIdentities(Context, pattern)));
    }

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Valid_policy_names_and_identities_pass(string name)
    {
        Assert.Null(new DescribePolicyValidator().FirstFailure(new DescribePolicy(Context, name)));
        Assert.Null(new DescribeIdentityValidator().FirstFailure(new DescribeIdentity(Context, name)));
    }

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void Invalid_policy_names_and_identities_are_400_with_their_own_message(string name)
    {
        Assert.Equal(KesError.InvalidPolicyName(name), new DescribePolicyValidator().FirstFailure(new DescribePolicy(Context, name)));
        Assert.Equal(KesError.InvalidIdentity(name), new DescribeIdentityValidator().FirstFailure(new DescribeIdentity(Context, name)));
    }
}
