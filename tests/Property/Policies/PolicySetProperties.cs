using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kes.Domain.Identities;
using Kes.Domain.Keys;
using Kes.Domain.Policies;

namespace Kes.PropertyTests.Policies;

public class PolicySetProperties
{
    private static readonly Identity Admin = new("3ecfcdf38fcbe141ae26a1030f81e96b753365a46760ae6b578698a97c59fd22");
    private static readonly Identity App = new("ea9826089311fe44d7590408ede9150f7c637b6cab0a91ee6fe1aa5d9fb366f6");
    private static readonly Identity Stranger = new("0426fa9a04bc2756b92fbe8a97e1a1e07b53ecf04ed33da22c33e5c9faeb8cbb");

    private static Policy Make(string name, string[] allow, string[]? deny = null) =>
        new(name, allow, deny ?? [], KesTimestamp.Zero, Admin);

    private static PolicySet AppSet() =>
        PolicySet.Create(Admin, [new PolicyAssignment(Make("app", ["/v1/key/create/app-*"], ["/v1/key/create/app-secret*"]), [App])]);

    [Property]
    public Property The_admin_is_allowed_every_path(string? path) =>
        (AppSet().Authorize(Admin, path ?? string.Empty) == Authorization.Allowed).ToProperty();

    [Property]
    public Property An_unknown_identity_is_denied_every_path(string? path) =>
        (AppSet().Authorize(Stranger, path ?? string.Empty) == Authorization.Denied).ToProperty();

    [Property]
    public Property An_assigned_identity_gets_exactly_what_its_policy_says(string? path)
    {
        var s = path ?? string.Empty;
        var set = AppSet();
        Assert.True(set.TryGetPolicyOf(App, out var policy));
        return ((set.Authorize(App, s) == Authorization.Allowed) == policy.IsAllowed(s)).ToProperty();
    }

    [Fact]
    public void An_assigned_identity_is_allowed_and_denied_by_its_policy()
    {
        var set = AppSet();
        Assert.Equal(Authorization.Allowed, set.Authorize(App, "/v1/key/create/app-1"));
        Assert.Equal(Authorization.Denied, set.Authorize(App, "/v1/key/create/app-secret-1"));
        Assert.Equal(Authorization.Denied, set.Authorize(App, "/v1/key/delete/app-1"));
    }

    [Fact]
    public void The_admin_is_compared_as_an_exact_case_sensitive_string()
    {
        var set = AppSet();
        Assert.Equal(Authorization.Denied, set.Authorize(new Identity(Admin.Value.ToUpperInvariant()), "/v1/status"));
        Assert.Equal(Authorization.Denied, set.Authorize(new Identity(Admin.Value + " "), "/v1/status"));
        Assert.Equal(Authorization.Allowed, set.Authorize(new Identity(new string(Admin.Value.AsSpan())), "/v1/status"));
    }

    [Fact]
    public void A_disabled_admin_is_a_string_no_certificate_identity_can_equal()
    {
        var set = PolicySet.Create(new Identity("disabled"), []);
        Assert.Equal(Authorization.Denied, set.Authorize(Admin, "/v1/status"));
    }

    [Fact]
    public void The_empty_identity_is_never_authorized() =>
        Assert.Equal(Authorization.Denied, AppSet().Authorize(Identity.Empty, "/v1/status"));

    [Fact]
    public void An_identity_assigned_twice_is_rejected_with_the_upstream_message()
    {
        var error = Assert.Throws<ArgumentException>(() => PolicySet.Create(Admin,
        [
            new PolicyAssignment(Make("a", ["*"]), [App]),
            new PolicyAssignment(Make("b", ["*"]), [App]),
        ]));
        Assert.Equal($"kes: cannot assign policy 'b' to '{App}': identity already has a policy", error.Message);
    }

    [Fact]
    public void Invalid_policy_names_and_identities_are_rejected_with_the_upstream_messages()
    {
        var badName = Assert.Throws<ArgumentException>(() => PolicySet.Create(Admin, [new PolicyAssignment(Make("my.policy", ["*"]), [])]));
        Assert.Equal("kes: policy name 'my.policy' is empty, too long or contains invalid characters", badName.Message);

        var badIdentity = Assert.Throws<ArgumentException>(() => PolicySet.Create(Admin, [new PolicyAssignment(Make("p", ["*"]), [new Identity("a b")])]));
        Assert.Equal("kes: identity 'a b' is empty, too long or contains invalid characters", badIdentity.Message);
    }

    [Fact]
    public void Lookups_and_listings_are_sorted_and_exclude_the_admin()
    {
        var set = PolicySet.Create(Admin,
        [
            new PolicyAssignment(Make("zeta", ["*"]), [Stranger]),
            new PolicyAssignment(Make("alpha", []), [App]),
        ]);
        Assert.Equal(["alpha", "zeta"], set.PolicyNames);
        Assert.Equal([Stranger, App], set.AssignedIdentities);
        Assert.True(set.TryGetPolicy("zeta", out var zeta));
        Assert.Equal(Admin, zeta.CreatedBy);
        Assert.False(set.TryGetPolicyOf(Admin, out _));
        Assert.True(set.IsAdmin(Admin));
    }

    [Fact]
    public void Authorize_allocates_nothing()
    {
        var set = PolicySet.Create(Admin, [new PolicyAssignment(Make("app", ["/v1/key/create/app-*", "/v1/status"], ["/v1/key/create/app-secret*"]), [App])]);
        var identity = new Identity(new string(App.Value.AsSpan()));
        const string path = "/v1/key/create/app-1";
        var allowed = 0;
        allowed += (int)set.Authorize(identity, path);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            allowed += (int)set.Authorize(identity, path);
            allowed += (int)set.Authorize(Admin, path);
            allowed += (int)set.Authorize(Stranger, path);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(20_001, allowed);
    }
}
