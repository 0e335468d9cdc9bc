using Kes.Api.Hosting;
using Kes.Domain.Identities;
using Kes.Domain.Policies;

namespace Kes.IntegrationTests.Client;

/// <summary>Re-targets a <see cref="Server.KesTestServer"/>'s policies: another admin (an API key's identity), and more members of its <c>app</c> policy.</summary>
public static class TestAccess
{
    /// <summary>A <c>configure</c> callback for <see cref="Server.KesTestServer.StartAsync"/>.</summary>
    public static Func<ServerSettings, ServerSettings> With(Identity admin, params Identity[] appMembers) => settings =>
    {
        var current = settings.Policies;
        var assignments = new List<PolicyAssignment>();
        foreach (var name in current.PolicyNames)
        {
            current.TryGetPolicy(name, out var policy);
            var members = new List<Identity>();
            foreach (var identity in current.AssignedIdentities)
            {
                if (current.TryGetPolicyOf(identity, out var assigned) && assigned.Name == name)
                {
                    members.Add(identity);
                }
            }

            if (name == "app")
            {
                members.AddRange(appMembers);
            }

            // The admin creates every policy, so the new admin is its creator.
            var recreated = new Policy(name, policy!.Allow.Select(p => p.Value), policy.Deny.Select(p => p.Value), policy.CreatedAt, admin);
            assignments.Add(new PolicyAssignment(recreated, members));
        }

        return settings with { Admin = admin, Policies = PolicySet.Create(admin, assignments) };
    };
}
