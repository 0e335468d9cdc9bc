namespace Kes.Application.Requests;

/// <summary>Where code that runs outside a request (a keystore's own error reports, the timers) finds the configuration in force.</summary>
public interface IServerStateSource
{
    /// <summary>The state in force now.</summary>
    IServerState Current { get; }
}
