using System.Diagnostics;

namespace Kes.Infrastructure.KeyStores.Vault;

/// <summary>A Vault client token and its lease as Vault granted it; <see cref="ToString"/> never shows the token.</summary>
/// <param name="Value">The <c>client_token</c>.</param>
/// <param name="Lease">The <c>lease_duration</c>; zero for a token that never expires.</param>
/// <param name="Renewable">Whether <c>renew-self</c> may extend it.</param>
/// <param name="Granted">The <see cref="Stopwatch"/> timestamp of the answer that granted the lease.</param>
internal sealed record VaultToken(string Value, TimeSpan Lease, bool Renewable, long Granted)
{
    // Renew at 80 % of the lease (docs/keystores.md §7): room for a slow answer and a second attempt before expiry.
    private const double RenewAt = 0.8;

    /// <summary>How long until the token should be renewed; <see cref="Timeout.InfiniteTimeSpan"/> when it never expires.</summary>
    public TimeSpan UntilRenewal => Lease <= TimeSpan.Zero
        ? Timeout.InfiniteTimeSpan
        : TimeSpan.FromTicks(Math.Max(0, (long)(Lease.Ticks * RenewAt) - Stopwatch.GetElapsedTime(Granted).Ticks));

    /// <inheritdoc />
    public override string ToString() => $"VaultToken {{ Lease = {Lease}, Renewable = {Renewable} }}";
}
