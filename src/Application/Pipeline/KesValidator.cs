using System.Linq.Expressions;
using FluentValidation;
using Kes.Domain.Errors;
using Kes.Domain.Keys;

namespace Kes.Application.Pipeline;

/// <summary>A FluentValidation validator whose rules fail with exact KES errors, and which can also tell, without allocating, that a request passes every rule.</summary>
/// <remarks>
/// Each rule is declared once and registered twice: as a FluentValidation rule, which produces the
/// error for a request that fails, and as a plain predicate, which lets the pipeline skip
/// FluentValidation (and its per-call allocations) for the valid requests that make up the hot path.
/// </remarks>
public abstract class KesValidator<T> : AbstractValidator<T>
{
    private readonly List<Func<T, bool>> _checks = [];

    /// <summary>Creates the validator; the first failing rule decides the error, as upstream checks in order.</summary>
    protected KesValidator() => ClassLevelCascadeMode = CascadeMode.Stop;

    /// <summary>Whether <paramref name="request"/> passes every rule.</summary>
    public bool Passes(T request)
    {
        foreach (var check in _checks)
        {
            if (!check(request))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A rule: <paramref name="isValid"/> must hold for the property, else <paramref name="error"/> is the answer.</summary>
    protected void Check<TProperty>(Expression<Func<T, TProperty>> property, Func<TProperty, bool> isValid, Func<TProperty, KesError> error)
    {
        ArgumentNullException.ThrowIfNull(property);
        var read = property.Compile();
        _checks.Add(request => isValid(read(request)));
        RuleFor(property).Must(isValid).WithState((_, value) => error(value));
    }

    /// <summary>The key name rule: 400 <c>key name '…' is empty, too long or contains invalid characters</c>.</summary>
    protected void KeyName(Expression<Func<T, string>> property) =>
        Check(property, static name => Kes.Domain.Keys.KeyName.IsValid(name), KesError.InvalidKeyName);

    /// <summary>The policy name rule.</summary>
    protected void PolicyName(Expression<Func<T, string>> property) =>
        Check(property, static name => NameRule.IsValidName(name), KesError.InvalidPolicyName);

    /// <summary>The identity rule.</summary>
    protected void Identity(Expression<Func<T, string>> property) =>
        Check(property, static identity => NameRule.IsValidName(identity), KesError.InvalidIdentity);

    /// <summary>The list pattern rule.</summary>
    protected void Pattern(Expression<Func<T, string>> property) =>
        Check(property, static pattern => NameRule.IsValidPattern(pattern), KesError.InvalidPattern);

    /// <summary>The body decoded; otherwise <paramref name="error"/>, after the decoder's text is logged.</summary>
    protected void Body(Expression<Func<T, string?>> property, KesError error) =>
        Check(property, static bodyError => bodyError is null, _ => error);
}
