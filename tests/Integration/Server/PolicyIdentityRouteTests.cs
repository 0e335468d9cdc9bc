using System.Text.Json;

namespace Kes.IntegrationTests.Server;

/// <summary>The policy and identity routes (docs/api.md §7.15–7.20), self-describe in the flat shape of docs/COMPATIBILITY.md D3.</summary>
public sealed class PolicyIdentityRouteTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private const string AppAllow = "\"allow\":{\"/v1/api\":{},\"/v1/identity/*\":{},\"/v1/key/*\":{},\"/v1/log/*\":{},\"/v1/metrics\":{},\"/v1/policy/*\":{},\"/v1/ready\":{},\"/v1/status\":{}}";
    private const string AppDeny = "\"deny\":{\"/v1/key/decrypt/secret*\":{},\"/v1/key/generate/secret*\":{}}";

    private KesTestServer Server => shared.Server;

    private string Admin => Server.Identities.AdminIdentity.Value;

    [Fact]
    public async Task Policy_describe_answers_name_creation_time_and_the_admin_as_creator()
    {
        var text = await Reply.JsonTextAsync(await Server.Admin().GetAsync("/v1/policy/describe/app"));
        var createdAt = CreatedAt(text);
        Assert.Equal($"{{\"name\":\"app\",\"created_at\":\"{createdAt}\",\"created_by\":\"{Admin}\"}}\n", text);
        Assert.EndsWith("Z", createdAt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policy_read_writes_sorted_pattern_sets_and_omits_empty_ones()
    {
        var client = Server.Admin();
        var app = await Reply.JsonTextAsync(await client.GetAsync("/v1/policy/read/app"));
        Assert.Equal($"{{\"name\":\"app\",{AppAllow},{AppDeny},\"created_at\":\"{CreatedAt(app)}\",\"created_by\":\"{Admin}\"}}\n", app);
        var nothing = await Reply.JsonTextAsync(await client.GetAsync("/v1/policy/read/nothing"));
        Assert.Equal($"{{\"name\":\"nothing\",\"created_at\":\"{CreatedAt(nothing)}\",\"created_by\":\"{Admin}\"}}\n", nothing);
    }

    [Theory]
    [InlineData("/v1/policy/describe/")]
    [InlineData("/v1/policy/read/")]
    public async Task Policy_lookups_answer_404_for_a_missing_and_400_for_an_invalid_name(string route)
    {
        var client = Server.Admin();
        await Reply.ErrorAsync(await client.GetAsync(route + "absent"), 404, "policy does not exist");
        await Reply.ErrorAsync(await client.GetAsync(route + "a.b"), 400, "policy name 'a.b' is empty, too long or contains invalid characters");
        await Reply.ErrorAsync(await client.GetAsync(route), 400, "policy name '' is empty, too long or contains invalid characters");
    }

    [Theory]
    [InlineData("*", "\"app\",\"nothing\"")]
    [InlineData("", "\"app\",\"nothing\"")]
    [InlineData("%2A", "\"app\",\"nothing\"")]
    [InlineData("a*", "\"app\"")]
    [InlineData("no", "\"nothing\"")]
    [InlineData("zzz", "")]
    public async Task Policy_list_filters_by_prefix_and_always_sends_an_empty_continue_at(string pattern, string names)
    {
        var text = await Reply.JsonTextAsync(await Server.Admin().SendAsync("GET", "/v1/policy/list/" + pattern));
        Assert.Equal($"{{\"names\":[{names}],\"continue_at\":\"\"}}\n", text);
    }

    [Theory]
    [InlineData("/v1/policy/list/")]
    [InlineData("/v1/identity/list/")]
    public async Task Lists_reject_an_invalid_pattern(string route)
    {
        await Reply.ErrorAsync(await Server.Admin().GetAsync(route + "a-"), 400, "listing pattern 'a-' is empty, too long or is invalid");
    }

    [Fact]
    public async Task Identity_describe_answers_admin_and_policy_members_in_their_shapes()
    {
        var client = Server.Admin();
        var admin = await Reply.JsonTextAsync(await client.GetAsync("/v1/identity/describe/" + Admin));
        Assert.Equal($"{{\"admin\":true,\"created_at\":\"{CreatedAt(admin)}\"}}\n", admin);
        var member = await Reply.JsonTextAsync(await client.GetAsync("/v1/identity/describe/" + Server.Identities.AllowedIdentity.Value));
        Assert.Equal($"{{\"policy\":\"app\",\"created_at\":\"{CreatedAt(member)}\",\"created_by\":\"{Admin}\"}}\n", member);
        Assert.EndsWith("Z", CreatedAt(member), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Identity_describe_answers_404_for_an_unknown_and_400_for_an_invalid_identity()
    {
        var client = Server.Admin();
        var unknown = TestCertificates.IdentityOf(Server.Identities.Unknown).Value;
        await Reply.ErrorAsync(await client.GetAsync("/v1/identity/describe/" + unknown), 404, "identity does not exist");
        await Reply.ErrorAsync(await client.GetAsync("/v1/identity/describe/disabled"), 404, "identity does not exist");
        await Reply.ErrorAsync(await client.GetAsync("/v1/identity/describe/x.y"), 400, "identity 'x.y' is empty, too long or contains invalid characters");
        await Reply.ErrorAsync(await client.GetAsync("/v1/identity/describe/"), 400, "identity '' is empty, too long or contains invalid characters");
    }

    [Fact]
    public async Task Identity_list_includes_the_admin_and_filters_by_prefix()
    {
        var client = Server.Admin();
        var identities = Server.Identities;
        var all = new[] { identities.AdminIdentity.Value, identities.AllowedIdentity.Value, identities.DeniedIdentity.Value }.Order(StringComparer.Ordinal);
        var expected = $"{{\"identities\":[{string.Join(',', all.Select(i => $"\"{i}\""))}],\"continue_at\":\"\"}}\n";
        Assert.Equal(expected, await Reply.JsonTextAsync(await client.GetAsync("/v1/identity/list/*")));
        Assert.Equal(expected, await Reply.JsonTextAsync(await client.GetAsync("/v1/identity/list/")));
        var adminOnly = await Reply.JsonTextAsync(await client.GetAsync("/v1/identity/list/" + Admin + "*"));
        Assert.Equal($"{{\"identities\":[\"{Admin}\"],\"continue_at\":\"\"}}\n", adminOnly);
    }

    [Fact]
    public async Task Self_describe_of_the_admin_answers_identity_admin_and_creation_time()
    {
        var text = await Reply.JsonTextAsync(await Server.Admin().GetAsync("/v1/identity/self/describe"));
        Assert.Equal($"{{\"identity\":\"{Admin}\",\"admin\":true,\"created_at\":\"{CreatedAt(text)}\"}}\n", text);
    }

    [Fact]
    public async Task Self_describe_of_a_policy_member_answers_the_flat_shape_kms_go_decodes()
    {
        var client = Server.Client(Server.Identities.Allowed);
        var text = await Reply.JsonTextAsync(await client.GetAsync("/v1/identity/self/describe"));
        var self = Server.Identities.AllowedIdentity.Value;
        Assert.Equal($"{{\"identity\":\"{self}\",\"policy\":\"app\",{AppAllow},{AppDeny},\"created_at\":\"{CreatedAt(text)}\",\"created_by\":\"{Admin}\"}}\n", text);
    }

    [Fact]
    public async Task Self_describe_of_an_identity_without_policy_is_404()
    {
        var response = await Server.Client(Server.Identities.Unknown).GetAsync("/v1/identity/self/describe");
        await Reply.ErrorAsync(response, 404, "identity does not exist");
    }

    private static string CreatedAt(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("created_at").GetString()!;
    }
}
