using Kes.Application.Caching;
using Kes.Application.Requests;
using Kes.Application.Status;
using Kes.Domain.Identities;
using Kes.Domain.Keys;
using Kes.Domain.Policies;

namespace Kes.UnitTests.Pipeline;

/// <summary>A server state for behaviour and handler tests: a policy set, log levels and, for a handler, a key cache; it is its own source.</summary>
internal sealed class TestState(PolicySet policies, int auditLogLevel = 0, int errorLogLevel = 0, KeyCache? cache = null) : IServerState, IServerStateSource
{
    /// <summary>An admin no test request uses, and nobody else allowed anything.</summary>
    public static readonly TestState Empty = new(PolicySet.Create(new Identity(new string('a', 64)), []));

    public PolicySet Policies { get; } = policies;

    public KeyCache Cache => cache ?? throw new InvalidOperationException("the behaviours under test never reach the key cache");

    public IApiCatalog Api => throw new InvalidOperationException("the behaviours under test never list the API");

    public int ErrorLogLevel { get; } = errorLogLevel;

    public int AuditLogLevel { get; } = auditLogLevel;

    public IServerState Current => this;

    /// <summary>A state whose error log prints from <paramref name="level"/> up.</summary>
    public static TestState WithErrorLogLevel(int level) => new(Empty.Policies, errorLogLevel: level);

    /// <summary>A state where <paramref name="caller"/> may use exactly the <paramref name="allowed"/> paths.</summary>
    public static TestState Allowing(Identity caller, params string[] allowed)
    {
        var admin = new Identity(new string('a', 64));
        var policy = new Policy("test", allowed, [], KesTimestamp.Now, admin);
        return new TestState(PolicySet.Create(admin, [new PolicyAssignment(policy, [caller])]));
    }
}
