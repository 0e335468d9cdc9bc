using Kes.Api.Http.Routing;

namespace Kes.Api.Http.Routes;

/// <summary>Every route of the server, in the order of docs/api.md §2.1, plus bulk decrypt (docs/COMPATIBILITY.md D10).</summary>
public static class ServerRoutes
{
    /// <summary>The default route table before config overrides.</summary>
    public static IEnumerable<Route> Defaults =>
        StatusRoutes.All.Concat(KeyRoutes.All).Concat(PolicyRoutes.All).Concat(IdentityRoutes.All).Concat(LogRoutes.All);
}
