namespace Kes.Application.Requests;

/// <summary>Marks the routes (docs/api.md §2.1, 6–20) whose handled requests the metrics count and time.</summary>
public interface IMeteredRequest : IKesRequest;
