namespace Kes.Application.Status;

/// <summary>The server's routes as configured; the HTTP layer owns the table and answers through this port.</summary>
public interface IApiCatalog
{
    /// <summary>Every route, sorted by path (docs/COMPATIBILITY.md D8).</summary>
    IReadOnlyList<ApiRoute> Routes { get; }
}
