using FluentValidation;
using Kes.Application.Requests;
using Kes.Domain.Errors;
using Kes.Domain.Keys;

namespace Kes.Application.Pipeline;

/// <summary>The validation rules KES requests share, each failing with its exact KES error.</summary>
public static class KesRules
{
    /// <summary>The key name rule; failure is 400 <c>key name '…' is empty, too long or contains invalid characters</c>.</summary>
    public static IRuleBuilderOptions<T, string> ValidKeyName<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(name => KeyName.IsValid(name)).WithState((_, name) => KesError.InvalidKeyName(name));

    /// <summary>The policy name rule.</summary>
    public static IRuleBuilderOptions<T, string> ValidPolicyName<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(name => NameRule.IsValidName(name)).WithState((_, name) => KesError.InvalidPolicyName(name));

    /// <summary>The identity rule.</summary>
    public static IRuleBuilderOptions<T, string> ValidIdentity<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(identity => NameRule.IsValidName(identity)).WithState((_, identity) => KesError.InvalidIdentity(identity));

    /// <summary>The list pattern rule.</summary>
    public static IRuleBuilderOptions<T, string> ValidPattern<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(pattern => NameRule.IsValidPattern(pattern)).WithState((_, pattern) => KesError.InvalidPattern(pattern));

    /// <summary>The body decoded; failure is <paramref name="error"/> after the decoder's text is logged.</summary>
    public static IRuleBuilderOptions<T, string?> DecodedBody<T>(this IRuleBuilder<T, string?> rule, KesError error)
        where T : IHasBody =>
        rule.Null().WithState(_ => error);
}
