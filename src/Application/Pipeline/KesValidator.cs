using Kes.Domain.Errors;
using Kes.Domain.Keys;

namespace Kes.Application.Pipeline;

/// <summary>A request's validation rules, checked in the order they are declared: the first that fails decides the KES error, as upstream checks in order.</summary>
/// <remarks>
/// Plain delegates rather than a validation library: a valid request (the hot path) runs each rule once
/// and allocates nothing, and there is no reflection for a Native AOT build to trip over.
/// </remarks>
public abstract class KesValidator<T>
{
    private Func<T, KesError?>[] _rules = [];

    /// <summary>The error of the first rule <paramref name="request"/> breaks, or null when it passes every rule.</summary>
    public KesError? FirstFailure(T request)
    {
        foreach (var rule in _rules)
        {
            if (rule(request) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    /// <summary>A rule: <paramref name="isValid"/> must hold for the property, else <paramref name="error"/> is the answer.</summary>
    protected void Check<TProperty>(Func<T, TProperty> property, Func<TProperty, bool> isValid, Func<TProperty, KesError> error)
    {
        ArgumentNullException.ThrowIfNull(property);
        ArgumentNullException.ThrowIfNull(isValid);
        ArgumentNullException.ThrowIfNull(error);
        _rules = [.. _rules, request =>
        {
            var value = property(request);
            return isValid(value) ? null : error(value);
        }];
    }

    /// <summary>The key name rule: 400 <c>key name '…' is empty, too long or contains invalid characters</c>.</summary>
    protected void KeyName(Func<T, string> property) =>
        Check(property, static name => Kes.Domain.Keys.KeyName.IsValid(name), KesError.InvalidKeyName);

    /// <summary>The policy name rule.</summary>
    protected void PolicyName(Func<T, string> property) =>
        Check(property, static name => NameRule.IsValidName(name), KesError.InvalidPolicyName);

    /// <summary>The identity rule.</summary>
    protected void Identity(Func<T, string> property) =>
        Check(property, static identity => NameRule.IsValidName(identity), KesError.InvalidIdentity);

    /// <summary>The list pattern rule.</summary>
    protected void Pattern(Func<T, string> property) =>
        Check(property, static pattern => NameRule.IsValidPattern(pattern), KesError.InvalidPattern);

    /// <summary>The body decoded; otherwise <paramref name="error"/>, after the decoder's text is logged.</summary>
    protected void Body(Func<T, string?> property, KesError error) =>
        Check(property, static bodyError => bodyError is null, _ => error);
}
