namespace Kes.Infrastructure.KeyStores.Vault;

/// <summary>How the Vault client behaves beyond what the config file says: time limits, where it reports, and an optional pre-issued token.</summary>
public sealed record VaultConnectOptions
{
    /// <summary>The longest one Vault request may take, connecting included; kept below the 15 s route timeout.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest a TCP and TLS connect may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>While Vault is sealed or unreachable, the health ping runs at least this often, so recovery is seen soon after it happens.</summary>
    public TimeSpan UnhealthyRecheck { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Where Vault's error details go (login failures, renewals, health changes); never a token or a value.</summary>
    public Action<string>? ErrorLog { get; init; }

    /// <summary>A token to use instead of logging in (a test against a dev server's root token); it is neither renewed nor replaced.</summary>
    public string? Token { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        $"VaultConnectOptions {{ RequestTimeout = {RequestTimeout}, ConnectTimeout = {ConnectTimeout}, UnhealthyRecheck = {UnhealthyRecheck}, Token = {(Token is null ? "none" : "***")} }}";
}
