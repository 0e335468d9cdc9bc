using System.Globalization;

namespace Kes.Bench.Fuzz;

/// <summary>What a <see cref="ValidLoad"/> run counted.</summary>
/// <param name="Sent">Requests sent.</param>
/// <param name="Failures">Requests answered with anything but 200, or not answered at all.</param>
/// <param name="FirstFailure">What the first failure was, for the report.</param>
/// <param name="Elapsed">From the first request to the last answer.</param>
public sealed record ValidLoadResult(long Sent, long Failures, string? FirstFailure, TimeSpan Elapsed)
{
    /// <summary>Answered requests per second.</summary>
    public double RequestsPerSecond => Elapsed > TimeSpan.Zero ? Sent / Elapsed.TotalSeconds : 0;

    /// <inheritdoc />
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Sent} valid requests in {Elapsed.TotalSeconds:F1} s ({RequestsPerSecond:F0} requests/s), {Failures} not answered 200{(FirstFailure is null ? "" : $" (first: {FirstFailure})")}");
}
