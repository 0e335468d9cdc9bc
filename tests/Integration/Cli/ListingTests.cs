using System.Text.Json;
using Kes.IntegrationTests.Client;

namespace Kes.IntegrationTests.Cli;

public sealed class ListingTests(ApiKeyServer fixture) : IClassFixture<ApiKeyServer>
{
    private static readonly string Underlined = "\u001b[4;4mK\u001b[0m\u001b[4;4me\u001b[0m\u001b[4;4my\u001b[0m";

    private Task<CliResult> Kes(params string[] args) => CliRunner.RunAsync(fixture.ApiKeyEnvironment, args);

    [Fact]
    public async Task Ls_underlines_every_header_character_on_a_terminal()
    {
        await Kes("key", "create", "lsu-b", "lsu-a", "-k");
        var result = await CliRunner.RunAsync(fixture.ApiKeyEnvironment, terminal: true, password: null, "ls", "lsu", "-k");
        Assert.Equal(new CliResult(0, Underlined + "\nlsu-a\nlsu-b\n", string.Empty), result);
    }

    [Fact]
    public async Task Ls_writes_plain_text_into_a_pipe()
    {
        await Kes("key", "create", "lsp-b", "lsp-a", "-k");
        var result = await Kes("ls", "lsp", "-k");
        Assert.Equal(new CliResult(0, "Key\nlsp-a\nlsp-b\n", string.Empty), result);
    }

    [Fact]
    public async Task Ls_json_is_a_sorted_array_and_null_when_nothing_matches()
    {
        await Kes("key", "create", "lsjson-2", "lsjson-1", "-k");
        Assert.Equal("[\"lsjson-1\",\"lsjson-2\"]\n", (await Kes("ls", "lsjson", "--json", "-k")).Out);
        Assert.Equal("null\n", (await Kes("ls", "nothing-here", "--json", "-k")).Out);
        Assert.Equal(new CliResult(0, string.Empty, string.Empty), await Kes("ls", "nothing-here", "-k"));
    }

    [Fact]
    public async Task Ls_lists_identities_and_policies_and_takes_server_and_key_from_flags()
    {
        var result = await CliRunner.RunAsync(new Dictionary<string, string>(), "ls", "-i", "--json", "-k", "-s", fixture.Endpoint, "-a", fixture.AdminKey.Reveal());
        Assert.Equal(0, result.ExitCode);
        var identities = JsonSerializer.Deserialize<string[]>(result.Out)!;
        Assert.Contains(fixture.AdminKey.Identity.Value, identities);
        Assert.Contains(fixture.Server.Identities.AllowedIdentity.Value, identities);

        var policies = await Kes("ls", "-p", "-k");
        Assert.Equal("Policy\napp\nnothing\n", policies.Out);
    }

    [Fact]
    public async Task Policy_ls_prints_json_then_a_table_headed_Key()
    {
        var result = await Kes("policy", "ls", "--json", "-k");
        Assert.Equal("[\"app\",\"nothing\"]\nKey\napp\nnothing\n", result.Out);
    }

    [Fact]
    public async Task Policy_info_and_show_describe_the_config_policy()
    {
        var info = await Kes("policy", "info", "app", "--json", "-k");
        using (var json = JsonDocument.Parse(info.Out))
        {
            Assert.Equal("app", json.RootElement.GetProperty("name").GetString());
            Assert.Equal(fixture.AdminKey.Identity.Value, json.RootElement.GetProperty("created_by").GetString());
        }

        var text = await Kes("policy", "info", "app", "-k");
        Assert.StartsWith("Name        app\nDate        ", text.Out, StringComparison.Ordinal);
        Assert.EndsWith("Created by  " + fixture.AdminKey.Identity.Value + "\n", text.Out, StringComparison.Ordinal);

        var show = await Kes("policy", "show", "app", "-k");
        using (var json = JsonDocument.Parse(show.Out))
        {
            Assert.Equal(["allow", "deny", "created_at", "created_by"], json.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.True(json.RootElement.GetProperty("allow").TryGetProperty("/v1/key/*", out var rule));
            Assert.Equal(JsonValueKind.Object, rule.ValueKind);
            Assert.True(json.RootElement.GetProperty("deny").TryGetProperty("/v1/key/generate/secret*", out _));
        }

        var terminal = await CliRunner.RunAsync(fixture.ApiKeyEnvironment, terminal: true, password: null, "policy", "show", "app", "-k");
        Assert.Contains("Allow:\n  · /v1/api\n", terminal.Out, StringComparison.Ordinal);
        Assert.Contains("Deny:\n  · /v1/key/decrypt/secret*\n", terminal.Out, StringComparison.Ordinal);

        var missing = await Kes("policy", "info", "nope", "-k");
        Assert.Equal("Error: failed to describe policy \"nope\": policy does not exist\n", missing.Error);
    }

    [Fact]
    public async Task Identity_ls_and_info_show_admin_and_policy_members()
    {
        var list = await Kes("identity", "ls", "-k");
        Assert.StartsWith("Identity\n", list.Out, StringComparison.Ordinal);
        Assert.Contains(fixture.AdminKey.Identity.Value + "\n", list.Out, StringComparison.Ordinal);

        var self = await Kes("identity", "info", "-k");
        Assert.StartsWith("Identity    " + fixture.AdminKey.Identity.Value + "\nCreated At  ", self.Out, StringComparison.Ordinal);
        Assert.Contains("Role        Admin\n", self.Out, StringComparison.Ordinal);

        var member = await Kes("identity", "info", fixture.Server.Identities.AllowedIdentity.Value, "-k");
        Assert.Contains("Policy      app\n", member.Out, StringComparison.Ordinal);
        Assert.Contains("Role        User\n", member.Out, StringComparison.Ordinal);

        var fileUser = await CliRunner.RunAsync(fixture.FileEnvironment, "identity", "info", "-k");
        Assert.Contains("Identity    " + fixture.Server.Identities.AllowedIdentity.Value, fileUser.Out, StringComparison.Ordinal);
        Assert.Contains("Policy      app\nAllow:\n", fileUser.Out, StringComparison.Ordinal);

        var unknown = await Kes("identity", "info", new string('a', 64), "-k");
        Assert.Equal("Error: failed to describe identity: identity does not exist\n", unknown.Error);
    }
}
