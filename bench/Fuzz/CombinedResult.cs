namespace Kes.Bench.Fuzz;

/// <summary>What the combined phase counted besides the campaign: the idle connections the server kept, and the valid requests' answers.</summary>
/// <param name="Campaign">The malformed campaign's rounds.</param>
/// <param name="Valid">The valid requests, or null when none were sent.</param>
/// <param name="Before">The server before the phase opened anything.</param>
/// <param name="Held">The server at the end of the phase, everything still open.</param>
/// <param name="IdleOpened">Idle connections opened.</param>
/// <param name="IdleStillOpen">Idle connections still established at the end of the phase.</param>
public sealed record CombinedResult(IReadOnlyList<FuzzResult> Campaign, ValidLoadResult? Valid, ProcessSnapshot Before, ProcessSnapshot Held, int IdleOpened, int IdleStillOpen)
{
    /// <summary>No valid request failed, and the server closed none of the idle connections.</summary>
    public bool Passed => (Valid?.Failures ?? 0) == 0 && IdleStillOpen == IdleOpened;

    /// <inheritdoc />
    public override string ToString() =>
        $"idle connections: {IdleOpened} opened, {IdleStillOpen} still open at the end of the phase; server before: {Before}; at the end: {Held}\n"
        + (Valid is null ? "" : $"valid requests on one HTTP/2 connection: {Valid}\n");
}
