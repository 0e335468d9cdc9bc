using System.Net;

namespace Kes.Client.Http;

/// <summary>kms-go's load balancing over several servers (docs/overview.md §4): localhost first, the others in a random rotation, and an endpoint that failed sits out for a penalty period.</summary>
/// <remarks>
/// An endpoint in its penalty period is not skipped outright but tried last, so that a request
/// fails only when every server is down, not merely because every server failed once recently.
/// </remarks>
internal sealed class EndpointRotation
{
    private readonly Uri[] _endpoints;
    private readonly bool[] _isLocal;
    private readonly long[] _failedUntil;
    private readonly TimeProvider _time;
    private readonly TimeSpan _penalty;

    public EndpointRotation(IReadOnlyList<Uri> endpoints, TimeSpan penalty, TimeProvider time)
    {
        _endpoints = [.. endpoints];
        _isLocal = new bool[_endpoints.Length];
        for (var i = 0; i < _endpoints.Length; i++)
        {
            _isLocal[i] = IsLocal(_endpoints[i]);
        }

        _failedUntil = new long[_endpoints.Length];
        _time = time;
        _penalty = penalty;
    }

    public int Count => _endpoints.Length;

    public Uri this[int index] => _endpoints[index];

    /// <summary>The order in which to try the endpoints for one request, as indexes.</summary>
    public int[] Order()
    {
        var now = _time.GetTimestamp();
        var start = _endpoints.Length > 1 ? Random.Shared.Next(_endpoints.Length) : 0;
        var order = new List<int>(_endpoints.Length);
        var penalised = new List<int>();
        foreach (var localFirst in new[] { true, false })
        {
            for (var i = 0; i < _endpoints.Length; i++)
            {
                var index = (start + i) % _endpoints.Length;
                if (_isLocal[index] != localFirst)
                {
                    continue;
                }

                (Volatile.Read(ref _failedUntil[index]) > now ? penalised : order).Add(index);
            }
        }

        order.AddRange(penalised);
        return [.. order];
    }

    /// <summary>Takes the endpoint out of the rotation for the penalty period.</summary>
    public void MarkFailed(int index) =>
        Volatile.Write(ref _failedUntil[index], _time.GetTimestamp() + (long)(_penalty.TotalSeconds * _time.TimestampFrequency));

    /// <summary>Whether the endpoint is in its penalty period.</summary>
    public bool IsPenalised(int index) => Volatile.Read(ref _failedUntil[index]) > _time.GetTimestamp();

    private static bool IsLocal(Uri endpoint) =>
        endpoint.IsLoopback
        || string.Equals(endpoint.Host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(endpoint.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
