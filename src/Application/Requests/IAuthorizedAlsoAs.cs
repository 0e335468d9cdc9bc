namespace Kes.Application.Requests;

/// <summary>A request that does what another route does, so a policy must allow that route's path as well as its own (docs/COMPATIBILITY.md D10).</summary>
/// <remarks>
/// Policies are written against paths; without this, <c>deny: /v1/key/decrypt/secret*</c> would not stop
/// <c>/v1/key/bulk/decrypt/secret</c> from opening the same ciphertexts.
/// </remarks>
public interface IAuthorizedAlsoAs : IKesRequest
{
    /// <summary>The percent-decoded path of the route whose permission this request also needs.</summary>
    string EquivalentPath { get; }
}
