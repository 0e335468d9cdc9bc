using Kes.Application.Identities;
using Kes.Application.Keys;
using Kes.Application.Requests;
using Kes.Application.Policies;
using Kes.Domain.Errors;

namespace Kes.UnitTests.Pipeline;

/// <summary>Every validator rule, accepting and rejecting, in the order upstream checks them.</summary>
public sealed class ValidatorTests
{
    private static readonly RequestContext Context = new() { State = TestState.Empty };
    private static readonly string LongName = new('a', 81);
    private const string BodyError = "unexpected end of JSON input";

    public static TheoryData<string> ValidNames => ["k1", "my-key", "A_b-9", new string('z', 80), "_a", "a_"];

    public static TheoryData<string> InvalidNames => ["", "_", "-a", "a-", "a b", "a/b", "ä", "a*", LongName];

    public static TheoryData<string> ValidPatterns => ["", "*", "k", "my-*", "a_*", new string('p', 80)];

    public static TheoryData<string> InvalidPatterns => ["_", "-a", "a-", "a*b", "**", "a b", LongName];

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Valid_key_names_pass_every_key_validator(string name) =>
        Assert.All([.. NameOnlyFailures(name), .. BodyFailures(name, null), ImportFailure(name, null)], Assert.Null);

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void Invalid_key_names_are_400_with_the_name_in_the_message(string name)
    {
        var expected = KesError.InvalidKeyName(name);
        Assert.Equal(400, expected.Status);
        Assert.All([.. NameOnlyFailures(name), .. BodyFailures(name, null), ImportFailure(name, null)], failure => Assert.Equal(expected, failure));
    }

    [Fact]
    public void The_name_is_checked_before_the_body()
    {
        var expected = KesError.InvalidKeyName("a b");
        Assert.All([.. BodyFailures("a b", BodyError), ImportFailure("a b", BodyError)], failure => Assert.Equal(expected, failure));
    }

    [Fact]
    public void A_body_that_did_not_decode_is_invalid_request_body_and_for_import_invalid_import_body()
    {
        Assert.All(BodyFailures("k", BodyError), failure => Assert.Same(KesError.InvalidRequestBody, failure));
        Assert.Same(KesError.InvalidImportBody, ImportFailure("k", BodyError));
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
    public void Valid_patterns_pass_every_list_validator(string pattern) => Assert.All(ListFailures(pattern), Assert.Null);

    [Theory]
    [MemberData(nameof(InvalidPatterns))]
    public void Invalid_patterns_are_400_with_the_pattern_in_the_message(string pattern) =>
        Assert.All(ListFailures(pattern), failure => Assert.Equal(KesError.InvalidPattern(pattern), failure));

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

    /// <summary>The verdicts of the validators of the key routes without a body.</summary>
    private static KesError?[] NameOnlyFailures(string name) =>
    [
        new CreateKeyValidator().FirstFailure(new CreateKey(Context, name)),
        new DescribeKeyValidator().FirstFailure(new DescribeKey(Context, name)),
        new DeleteKeyValidator().FirstFailure(new DeleteKey(Context, name)),
    ];

    /// <summary>The verdicts of the validators of the key routes with a JSON body, import aside.</summary>
    private static KesError?[] BodyFailures(string name, string? bodyError) =>
    [
        new GenerateDataKeyValidator().FirstFailure(new GenerateDataKey(Context, name, bodyError, default)),
        new EncryptPlaintextValidator().FirstFailure(new EncryptPlaintext(Context, name, bodyError, default, default)),
        new DecryptCiphertextValidator().FirstFailure(new DecryptCiphertext(Context, name, bodyError, default, default)),
        new ComputeHmacValidator().FirstFailure(new ComputeHmac(Context, name, bodyError, default)),
        new BulkDecryptValidator().FirstFailure(new BulkDecrypt(Context, name, bodyError, [])),
    ];

    private static KesError? ImportFailure(string name, string? bodyError) =>
        new ImportKeyValidator().FirstFailure(new ImportKey(Context, name, bodyError, default, null));

    private static KesError?[] ListFailures(string pattern) =>
    [
        new ListKeysValidator().FirstFailure(new ListKeys(Context, pattern)),
        new ListPoliciesValidator().FirstFailure(new ListPolicies(Context, pattern)),
        new ListIdentitiesValidator().FirstFailure(new ListIdentities(Context, pattern)),
    ];
}
