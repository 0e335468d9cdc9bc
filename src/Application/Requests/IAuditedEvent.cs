namespace Kes.Application.Requests;

/// <summary>A request whose success upstream KES also reports as a named audit event (create, import, delete).</summary>
public interface IAuditedEvent
{
    /// <summary>The event text, e.g. <c>secret key 'k1' created</c>.</summary>
    string AuditMessage { get; }
}
