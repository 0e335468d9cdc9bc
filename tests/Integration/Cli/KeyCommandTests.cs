using System.Text.Json;
using Kes.IntegrationTests.Client;

namespace Kes.IntegrationTests.Cli;

public sealed class KeyCommandTests(ApiKeyServer fixture) : IClassFixture<ApiKeyServer>
{
    private Task<CliResult> Kes(params string[] args) => CliRunner.RunAsync(fixture.ApiKeyEnvironment, args);

    [Fact]
    public async Task Create_prints_nothing_and_a_second_create_fails_with_the_upstream_text()
    {
        var created = await Kes("key", "create", "create-a", "create-b", "-k");
        Assert.Equal(new CliResult(0, string.Empty, string.Empty), created);

        var again = await Kes("key", "create", "create-a", "-k");
        Assert.Equal(1, again.ExitCode);
        Assert.Equal("Error: failed to create key \"create-a\": key already exists\n", again.Error);
        Assert.Empty(again.Out);
    }

    [Fact]
    public async Task Create_stops_at_the_first_error()
    {
        Assert.Equal(0, (await Kes("key", "create", "stop-b", "-k")).ExitCode);
        var result = await Kes("key", "create", "stop-a", "stop-b", "stop-c", "-k");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(1, (await Kes("key", "info", "stop-c", "-k")).ExitCode);
        Assert.Equal(0, (await Kes("key", "info", "stop-a", "-k")).ExitCode);
    }

    [Fact]
    public async Task Info_json_omits_the_algorithm_for_AES256_and_names_the_creator()
    {
        await Kes("key", "create", "info-key", "-k");
        var result = await Kes("key", "info", "info-key", "--json", "-k");
        Assert.Equal(0, result.ExitCode);
        Assert.EndsWith("}\n", result.Out, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal("info-key", json.RootElement.GetProperty("name").GetString());
        Assert.False(json.RootElement.TryGetProperty("algorithm", out _));
        Assert.Equal(fixture.AdminKey.Identity.Value, json.RootElement.GetProperty("created_by").GetString());
        var created = json.RootElement.GetProperty("created_at").GetDateTimeOffset();
        Assert.InRange(created, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task Info_text_has_four_padded_lines_and_no_final_newline()
    {
        await Kes("key", "create", "text-key", "-k");
        var result = await Kes("key", "info", "text-key", "-k");
        Assert.Equal(0, result.ExitCode);
        var lines = result.Out.Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Equal("Name        text-key", lines[0]);
        Assert.Equal("Algorithm   AES256", lines[1]);
        Assert.Matches(@"^Date        \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", lines[2]);
        Assert.Equal("Owner       " + fixture.AdminKey.Identity.Value, lines[3]);
    }

    [Fact]
    public async Task Ls_json_prints_the_array_and_then_the_table()
    {
        await Kes("key", "create", "lsj-1", "lsj-2", "-k");
        var result = await Kes("key", "ls", "lsj*", "--json", "-k");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("[\"lsj-1\",\"lsj-2\"]\nKey\nlsj-1\nlsj-2\n", result.Out);
    }

    [Fact]
    public async Task Ls_strips_a_trailing_star_and_prints_a_plain_header_off_a_terminal()
    {
        await Kes("key", "create", "lss-x", "-k");
        var result = await Kes("key", "ls", "lss*", "-k");
        Assert.Equal("Key\nlss-x\n", result.Out);
    }

    [Fact]
    public async Task Encrypt_and_decrypt_print_compact_json_without_newline()
    {
        await Kes("key", "create", "crypt", "-k");
        var encrypted = await Kes("key", "encrypt", "crypt", "hello world", "-k");
        Assert.Equal(0, encrypted.ExitCode);
        Assert.Matches("^\\{\"ciphertext\":\"[A-Za-z0-9+/=]+\"\\}$", encrypted.Out);
        var ciphertext = JsonDocument.Parse(encrypted.Out).RootElement.GetProperty("ciphertext").GetString()!;
        Assert.Equal(11 + 44, Convert.FromBase64String(ciphertext).Length);

        var decrypted = await Kes("key", "decrypt", "crypt", ciphertext, "-k");
        Assert.Equal(new CliResult(0, "{\"plaintext\":\"aGVsbG8gd29ybGQ=\"}", string.Empty), decrypted);

        var wrongContext = await Kes("key", "decrypt", "crypt", ciphertext, "Y3R4", "-k");
        Assert.Equal(1, wrongContext.ExitCode);
        Assert.Equal("Error: failed to decrypt ciphertext: decryption failed: ciphertext is not authentic\n", wrongContext.Error);
    }

    [Fact]
    public async Task Encrypt_on_a_terminal_prints_a_labelled_line()
    {
        await Kes("key", "create", "tty", "-k");
        var result = await CliRunner.RunAsync(fixture.ApiKeyEnvironment, terminal: true, password: null, "key", "encrypt", "tty", "x", "-k");
        Assert.Matches("^\nciphertext: [A-Za-z0-9+/=]+\n$", result.Out);
    }

    [Fact]
    public async Task Dek_plaintext_is_32_bytes_and_its_ciphertext_decrypts_to_it_under_the_same_context()
    {
        await Kes("key", "create", "dek", "-k");
        var context = Convert.ToBase64String("{\"bucket\":\"b\"}"u8);
        var result = await Kes("key", "dek", "dek", context, "-k");
        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("\n", result.Out, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(result.Out);
        var plaintext = json.RootElement.GetProperty("plaintext").GetString()!;
        var ciphertext = json.RootElement.GetProperty("ciphertext").GetString()!;
        Assert.Equal(32, Convert.FromBase64String(plaintext).Length);
        Assert.Equal(76, Convert.FromBase64String(ciphertext).Length);
        Assert.Equal(["plaintext", "ciphertext"], json.RootElement.EnumerateObject().Select(p => p.Name));

        var opened = await Kes("key", "decrypt", "dek", ciphertext, context, "-k");
        Assert.Equal($"{{\"plaintext\":\"{plaintext}\"}}", opened.Out);
    }

    [Fact]
    public async Task Dek_on_a_terminal_prints_aligned_labels()
    {
        await Kes("key", "create", "dek-tty", "-k");
        var result = await CliRunner.RunAsync(fixture.ApiKeyEnvironment, terminal: true, password: null, "key", "dek", "dek-tty", "-k");
        Assert.Matches("^\nplaintext:  [A-Za-z0-9+/=]{44}\nciphertext: [A-Za-z0-9+/=]{104}\n$", result.Out);
    }

    [Fact]
    public async Task Import_stores_the_given_key_as_AES256()
    {
        var key = Convert.ToBase64String(new byte[32]);
        Assert.Equal(new CliResult(0, string.Empty, string.Empty), await Kes("key", "import", "imported", key, "-k"));
        Assert.Contains("Algorithm   AES256", (await Kes("key", "info", "imported", "-k")).Out, StringComparison.Ordinal);

        var again = await Kes("key", "import", "imported", key, "-k");
        Assert.Equal("Error: failed to import \"imported\": key already exists\n", again.Error);
    }

    [Theory]
    [InlineData(new[] { "key", "import" }, "no key name specified. See 'kes key import --help'")]
    [InlineData(new[] { "key", "import", "x" }, "no crypto key specified. See 'kes key import --help'")]
    [InlineData(new[] { "key", "import", "x", "abc!" }, "invalid key: illegal base64 data at input byte 3. See 'kes key import --help'")]
    [InlineData(new[] { "key", "import", "x", "AAAA", "y" }, "too many arguments. See 'kes key import --help'")]
    [InlineData(new[] { "key", "create" }, "no key name specified. See 'kes key create --help'")]
    [InlineData(new[] { "key", "info" }, "no key name specified. See 'kes key info --help'")]
    [InlineData(new[] { "key", "info", "a", "b" }, "too many arguments. See 'kes key info --help'")]
    [InlineData(new[] { "key", "rm" }, "no key name specified. See 'kes key rm --help'")]
    [InlineData(new[] { "key", "encrypt", "a" }, "no message specified. See 'kes key encrypt --help'")]
    [InlineData(new[] { "key", "decrypt", "a" }, "no ciphertext specified. See 'kes key decrypt --help'")]
    [InlineData(new[] { "key", "decrypt", "a", "@@" }, "invalid ciphertext: illegal base64 data at input byte 0. See 'kes key decrypt --help'")]
    [InlineData(new[] { "key", "decrypt", "a", "AAAA", "A" }, "invalid context: illegal base64 data at input byte 0. See 'kes key decrypt --help'")]
    [InlineData(new[] { "key", "dek" }, "no key name specified. See 'kes key dek --help'")]
    public async Task Argument_errors_use_the_upstream_texts(string[] args, string message)
    {
        var result = await Kes([.. args, "-k"]);
        Assert.Equal(new CliResult(1, string.Empty, $"Error: {message}\n"), result);
    }

    [Fact]
    public async Task Rm_deletes_and_a_missing_key_is_reported()
    {
        await Kes("key", "create", "doomed", "-k");
        Assert.Equal(new CliResult(0, string.Empty, string.Empty), await Kes("key", "rm", "doomed", "-k"));
        var info = await Kes("key", "info", "doomed", "-k");
        Assert.Equal("Error: failed to describe keys: key does not exist\n", info.Error);
        var again = await Kes("key", "rm", "doomed", "-k");
        Assert.Equal("Error: failed to remove key \"doomed\": key does not exist\n", again.Error);
    }

    [Fact]
    public async Task Certificate_and_key_files_work_and_the_policy_applies()
    {
        var files = fixture.FileEnvironment;
        Assert.Equal(0, (await CliRunner.RunAsync(files, "key", "create", "secret-file", "-k")).ExitCode);
        var denied = await CliRunner.RunAsync(files, "key", "dek", "secret-file", "-k");
        Assert.Equal("Error: failed to generate data encryption key: not authorized: insufficient permissions\n", denied.Error);
        var info = await CliRunner.RunAsync(files, "key", "info", "secret-file", "--json", "-k");
        Assert.Equal(fixture.Server.Identities.AllowedIdentity.Value, JsonDocument.Parse(info.Out).RootElement.GetProperty("created_by").GetString());
    }
}
