namespace Kes.Application.Requests;

/// <summary>A request decoded from a JSON body; the decoder's complaint waits here until the name has been validated, as upstream checks in that order.</summary>
public interface IHasBody
{
    /// <summary>Why the body could not be decoded, or null when it was fine.</summary>
    string? BodyError { get; }
}
