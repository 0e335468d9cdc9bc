namespace Kes.Domain.Policies;

/// <summary>The outcome of <see cref="PolicySet.Authorize"/>; the default value denies.</summary>
public enum Authorization
{
    /// <summary>The request is rejected with 403 <c>not authorized: insufficient permissions</c>.</summary>
    Denied = 0,

    /// <summary>The request may reach its handler.</summary>
    Allowed = 1,
}
