using Kes.Application.Status;

namespace Kes.Api.Http.Routing;

/// <summary>The route table in force; a config reload swaps in one with the new timeouts and <c>skip_auth</c> settings.</summary>
public sealed class RouteTableHolder(RouteTable initial) : IApiCatalog
{
    private RouteTable _current = initial;

    /// <summary>The table requests are routed with now.</summary>
    public RouteTable Current => Volatile.Read(ref _current);

    /// <inheritdoc />
    public IReadOnlyList<ApiRoute> Routes => Current.Routes;

    /// <summary>Installs <paramref name="next"/> for the requests that arrive from now on.</summary>
    public void Swap(RouteTable next) => Volatile.Write(ref _current, next);
}
