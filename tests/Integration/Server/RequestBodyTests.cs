using System.Net;
using System.Text;
using System.Text.Json;

namespace Kes.IntegrationTests.Server;

/// <summary>The body limit of docs/api.md §3 step 4 and Go encoding/json's leniencies (§4.4), on the wire.</summary>
public sealed class RequestBodyTests(SharedServer shared) : IClassFixture<SharedServer>, IAsyncLifetime
{
    private const int MaxBody = 1_000_000;
    private const string Key = "body-key";

    private KesTestServer Server => shared.Server;

    public async Task InitializeAsync() => await KeyCryptoTests.CreateAsync(Server.Admin(), Key);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_single_value_larger_than_the_limit_is_an_invalid_body()
    {
        var body = "{\"plaintext\":\"" + new string('A', 1_100_000) + "\"}";
        await Reply.ErrorAsync(await EncryptAsync(Encoding.ASCII.GetBytes(body)), 400, "invalid request body");
    }

    [Fact]
    public async Task A_value_that_ends_within_the_limit_may_be_followed_by_anything()
    {
        var body = Padded("{\"plaintext\":\"YWJj\"}", MaxBody + 1);
        Assert.Equal(MaxBody + 1, body.Length);
        Assert.Equal("YWJj", await OpenAsync(await EncryptAsync(body)));
    }

    [Fact]
    public async Task A_value_whose_last_byte_is_past_the_limit_is_an_invalid_body()
    {
        var body = Padded("{\"plaintext\":\"YWJj\"", MaxBody);
        body = [.. body, (byte)'}'];
        Assert.Equal(MaxBody + 1, body.Length);
        await Reply.ErrorAsync(await EncryptAsync(body), 400, "invalid request body");
    }

    [Fact]
    public async Task A_value_whose_last_byte_is_the_limit_s_last_byte_is_accepted()
    {
        var body = Padded("{\"plaintext\":\"YWJj\"", MaxBody - 1);
        body = [.. body, (byte)'}'];
        Assert.Equal(MaxBody, body.Length);
        Assert.Equal("YWJj", await OpenAsync(await EncryptAsync(body)));
    }

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task A_chunked_body_with_megabytes_of_trailing_spaces_is_read_up_to_the_limit(string version)
    {
        var body = Padded("{\"plaintext\":\"YWJj\"}", 1_200_000);
        Assert.Equal("YWJj", await OpenAsync(await EncryptAsync(body, chunked: true, Version.Parse(version))));
        var unfinished = Padded("{\"plaintext\":\"YWJj\"", 1_200_000);
        await Reply.ErrorAsync(await EncryptAsync([.. unfinished, (byte)'}'], chunked: true, Version.Parse(version)), 400, "invalid request body");
    }

    [Fact]
    public async Task Routes_without_a_body_limit_ignore_any_body()
    {
        var client = Server.Admin();
        var large = new ByteArrayContent(new byte[2_000_000]);
        await Reply.EmptyAsync(await client.SendAsync("POST", "/v1/key/create/big-ignored", large));
        var describe = await client.SendAsync("GET", "/v1/key/describe/big-ignored", KesHttp.Json("{\"garbage\""));
        Assert.Equal("big-ignored", (await Reply.JsonAsync(describe)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Import_has_the_same_limit()
    {
        var key = Convert.ToBase64String(new byte[32]);
        var body = Padded($"{{\"key\":\"{key}\",\"cipher\":\"AES256\"}}", MaxBody + 10);
        await Reply.EmptyAsync(await Server.Admin().SendAsync("POST", "/v1/key/import/big-import", new ByteArrayContent(body)));
        var late = Padded($"{{\"key\":\"{key}\",\"cipher\":\"AES256\"", MaxBody);
        await Reply.ErrorAsync(await Server.Admin().SendAsync("POST", "/v1/key/import/big-import-2", new ByteArrayContent([.. late, (byte)'}'])), 400, "invalid import key request body");
    }

    [Theory]
    [InlineData("{\"PLAINTEXT\":\"YWJj\"}", "YWJj")]
    [InlineData("{\"PlainText\":\"YWJj\"}", "YWJj")]
    [InlineData("{\"plaintext\":\"YQ==\",\"plaintext\":\"Yg==\"}", "Yg==")]
    [InlineData("{\"plaintext\":\"YQ==\",\"PLAINTEXT\":\"Yw==\"}", "Yw==")]
    [InlineData("{\"plaintext\":\"YWJj\"} garbage", "YWJj")]
    [InlineData("{\"plaintext\":\"YWJj\"}{\"plaintext\":\"eHl6\"}", "YWJj")]
    [InlineData("{\"plaintext\":\"YWJj\"}]]]", "YWJj")]
    [InlineData(" \r\n\t{\"plaintext\":\"YWJj\"}", "YWJj")]
    [InlineData("{\"plaintext\":null}", "")]
    [InlineData("{\"plaintext\":null,\"context\":null}", "")]
    [InlineData("null", "")]
    [InlineData("{}", "")]
    [InlineData("{\"plaintext\":\"YW\\r\\nJj\"}", "YWJj")]
    [InlineData("{\"plaintext\":\"\\nYWJj\\n\"}", "YWJj")]
    [InlineData("{\"plaintext\":\"\\u0059WJj\"}", "YWJj")]
    [InlineData("{\"plaintext\":\"YWJj\",\"unknown\":{\"a\":[1,2.5,{\"b\":null}],\"c\":true}}", "YWJj")]
    [InlineData("{\"version\":\"v1\",\"plaintext\":\"YWJj\"}", "YWJj")]
    [InlineData("{\"plaintext\":[97,98,99]}", "YWJj")]
    [InlineData("{\"plaintext\":[97, null, 99]}", "YQBj")]
    [InlineData("{\"plaintext\":\"YWJk\",\"plaintext\":[97,98,99]}", "YWJj")]
    [InlineData("{\"plaintext\":\"YWJk\",\"plaintext\":\"YWJj\"}", "YWJj")]
    public async Task Go_json_leniencies_are_accepted(string body, string plaintext)
    {
        Assert.Equal(plaintext, await OpenAsync(await EncryptAsync(Encoding.UTF8.GetBytes(body))));
    }

    [Theory]
    [InlineData("{\"plaintext\":\"AA=\"}")]
    [InlineData("{\"plaintext\":\"AA\"}")]
    [InlineData("{\"plaintext\":\"YW Jj\"}")]
    [InlineData("{\"plaintext\":\"-_==\"}")]
    [InlineData("{\"plaintext\":\"YWJj\\t\"}")]
    [InlineData("{\"plaintext\":123}")]
    [InlineData("{\"plaintext\":true}")]
    [InlineData("{\"plaintext\":[256]}")]
    [InlineData("{\"plaintext\":[-1]}")]
    [InlineData("{\"plaintext\":[1.5]}")]
    [InlineData("{\"plaintext\":[\"a\"]}")]
    [InlineData("{\"plaintext\":[[1]]}")]
    [InlineData("{\"plaintext\":\"AA=\",\"plaintext\":\"YWJj\"}")]
    [InlineData("{\"plaintext\":[256],\"plaintext\":\"YWJj\"}")]
    [InlineData("{\"plaintext\":{}}")]
    [InlineData("{\"plaintext\":\"YWJj\",}")]
    [InlineData("{\"plaintext\":\"YWJj\"")]
    [InlineData("{'plaintext':'YWJj'}")]
    [InlineData("[]")]
    [InlineData("\"YWJj\"")]
    [InlineData("42")]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("{\"context\":\"YWJj\",\"plaintext\":\"Y\"}")]
    public async Task Anything_else_is_an_invalid_body(string body)
    {
        await Reply.ErrorAsync(await EncryptAsync(Encoding.UTF8.GetBytes(body)), 400, "invalid request body");
    }

    [Theory]
    [InlineData("{\"plaintext\":\"\\ud800\"}")]
    [InlineData("{\"plaintext\":\"YWJj\\udc00\"}")]
    [InlineData("{\"plaintext\":\"YWJj\",\"context\":\"\\ud800\\u0041\"}")]
    [InlineData("{\"plaintext\":\"\\ud83d\\ude00\"}")]
    public async Task Text_that_is_not_valid_unicode_decodes_as_go_does_into_an_invalid_body(string body)
    {
        await Reply.ErrorAsync(await EncryptAsync(Encoding.UTF8.GetBytes(body)), 400, "invalid request body");
    }

    [Fact]
    public async Task Invalid_utf8_inside_a_string_is_an_invalid_body_not_a_server_error()
    {
        byte[] body = [.. "{\"plaintext\":\"YW"u8, 0xFF, 0xED, 0xA0, 0x80, .. "Jj\"}"u8];
        await Reply.ErrorAsync(await EncryptAsync(body), 400, "invalid request body");
    }

    [Fact]
    public async Task A_field_name_that_is_not_valid_unicode_matches_no_field()
    {
        var body = "{\"\\ud800\":\"x\",\"plaintext\":\"YWJj\"}";
        Assert.Equal("YWJj", await OpenAsync(await EncryptAsync(Encoding.UTF8.GetBytes(body))));
    }

    [Theory]
    [InlineData("\\ud800", "\uFFFD")]
    [InlineData("x\\udc00\\ud800y", "x\uFFFD\uFFFDy")]
    [InlineData("AES\\ud83d\\ude00", "AES\U0001F600")]
    [InlineData("\\u00e9\\n", "\u00e9\\n")]
    public async Task An_import_cipher_that_is_not_valid_unicode_is_named_with_replacement_characters(string cipher, string shown)
    {
        var response = await Server.Admin().SendAsync("POST", "/v1/key/import/bad-cipher", $"{{\"key\":\"{Convert.ToBase64String(new byte[32])}\",\"cipher\":\"{cipher}\"}}");
        await Reply.ErrorAsync(response, 406, $"algorithm '{shown}' is not supported");
    }

    [Fact]
    public async Task An_import_cipher_with_invalid_utf8_gets_one_replacement_character_per_bad_byte()
    {
        byte[] body = [.. Encoding.ASCII.GetBytes($"{{\"key\":\"{Convert.ToBase64String(new byte[32])}\",\"cipher\":\"A"), 0xFF, 0xE2, 0x82, .. "B\"}"u8];
        var response = await Server.Admin().SendAsync("POST", "/v1/key/import/bad-cipher", new ByteArrayContent(body));
        await Reply.ErrorAsync(response, 406, "algorithm 'A\uFFFD\uFFFD\uFFFDB' is not supported");
    }

    [Fact]
    public async Task A_context_with_escapes_is_the_same_context()
    {
        var sealedText = await Reply.JsonAsync(await EncryptAsync("{\"plaintext\":\"YWJj\",\"context\":\"e30=\"}"u8.ToArray()));
        var body = $"{{\"CipherText\":\"{sealedText.GetProperty("ciphertext").GetString()}\",\"context\":\"e3\\u0030=\"}}";
        var opened = await Reply.JsonAsync(await Server.Admin().SendAsync("POST", $"/v1/key/decrypt/{Key}", body));
        Assert.Equal("YWJj", opened.GetProperty("plaintext").GetString());
    }

    private static byte[] Padded(string json, int length)
    {
        var body = new byte[length];
        body.AsSpan().Fill((byte)' ');
        Encoding.ASCII.GetBytes(json).CopyTo(body, 0);
        return body;
    }

    /// <summary>
    /// A body that arrived with its head, in one TLS write, is in Kestrel's pipe in several 4 KiB blocks before the
    /// route reads it, and is taken in one piece. Its length was once read after the blocks went back to the pipe,
    /// and the route saw 16 bytes of it.
    /// </summary>
    [Fact]
    public async Task A_body_that_arrived_with_its_head_is_read_whole()
    {
        var plaintext = Convert.ToBase64String(new byte[9000]);
        var body = Encoding.ASCII.GetBytes("{\"plaintext\":\"" + plaintext + "\"}");
        for (var i = 0; i < 5; i++)
        {
            var response = await RawHttp2.SendAsync(Server, Server.Identities.Admin, "PUT", $"/v1/key/encrypt/{Key}", body, withHead: true);
            Assert.Equal((byte)0x88, response.StatusByte);
            var ciphertext = JsonDocument.Parse(response.Body).RootElement.GetProperty("ciphertext").GetString();
            var opened = await Server.Admin().SendAsync("POST", $"/v1/key/decrypt/{Key}", $"{{\"ciphertext\":\"{ciphertext}\"}}");
            Assert.Equal(plaintext, (await Reply.JsonAsync(opened)).GetProperty("plaintext").GetString());
        }
    }

    [Fact]
    public async Task Generate_without_a_body_or_content_length_is_a_data_key_on_both_protocols()
    {
        var http1 = await RawHttp.SendAsync(Server, Server.Identities.Admin, $"POST /v1/key/generate/{Key} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", http1, StringComparison.Ordinal);
        Assert.Contains("{\"plaintext\":\"", http1, StringComparison.Ordinal);

        var http2 = await RawHttp2.SendAsync(Server, Server.Identities.Admin, "POST", $"/v1/key/generate/{Key}", []);
        Assert.Equal((byte)0x88, http2.StatusByte);
        Assert.StartsWith("{\"plaintext\":\"", Encoding.UTF8.GetString(http2.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_context_given_as_an_array_of_numbers_binds_like_its_base64_form()
    {
        var client = Server.Admin();
        var dataKey = await Reply.JsonAsync(await client.SendAsync("POST", $"/v1/key/generate/{Key}", "{\"context\":[1,2,3]}"));
        var opened = await Reply.JsonAsync(await client.SendAsync("POST", $"/v1/key/decrypt/{Key}", $"{{\"ciphertext\":\"{dataKey.GetProperty("ciphertext").GetString()}\",\"context\":\"AQID\"}}"));
        Assert.Equal(dataKey.GetProperty("plaintext").GetString(), opened.GetProperty("plaintext").GetString());
    }

    private async Task<HttpResponseMessage> EncryptAsync(byte[] body, bool chunked = false, Version? version = null)
    {
        var client = Server.Admin(version);
        var request = client.NewRequest("PUT", $"/v1/key/encrypt/{Key}", chunked ? new StreamContent(new UnseekableStream(body)) : new ByteArrayContent(body));
        if (chunked && request.Version == HttpVersion.Version11)
        {
            request.Headers.TransferEncodingChunked = true;
        }

        var response = await client.SendAsync(request);
        Assert.Equal(request.Version, response.Version);
        if (chunked)
        {
            Assert.Null(request.Content!.Headers.ContentLength);
        }

        return response;
    }

    private async Task<string> OpenAsync(HttpResponseMessage encrypted)
    {
        var json = await Reply.JsonAsync(encrypted);
        var opened = await Server.Admin().SendAsync("POST", $"/v1/key/decrypt/{Key}", $"{{\"ciphertext\":\"{json.GetProperty("ciphertext").GetString()}\"}}");
        return (await Reply.JsonAsync(opened)).GetProperty("plaintext").GetString()!;
    }

    /// <summary>A read-only stream of unknown length, so the client sends it chunked (HTTP/1.1) or without Content-Length (HTTP/2).</summary>
    private sealed class UnseekableStream(byte[] data) : MemoryStream(data, writable: false)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
