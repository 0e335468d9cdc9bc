namespace Kes.Infrastructure.KeyStores.Vault;

/// <summary>What the last health ping, or the last answer, said about Vault.</summary>
internal enum VaultHealthState
{
    /// <summary>Initialized and unsealed, active or standby (a standby forwards requests to the active node).</summary>
    Ready,

    /// <summary>Sealed: every K/V and login call would answer 503.</summary>
    Sealed,

    /// <summary>Not initialized: there is no data to serve.</summary>
    Uninitialized,

    /// <summary>No answer at the network level.</summary>
    Unreachable,
}
