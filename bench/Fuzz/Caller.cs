namespace Kes.Bench.Fuzz;

/// <summary>Who sends a fuzz request: the admin, an identity with a policy, or an identity the server does not know.</summary>
public enum Caller
{
    /// <summary>The admin identity.</summary>
    Admin,

    /// <summary>An identity assigned to a policy.</summary>
    Member,

    /// <summary>An identity no policy names.</summary>
    Stranger,
}
