using System.Text;
using System.Text.Json;
using Kes.Infrastructure.KeyStores.InMemory;

namespace Kes.IntegrationTests.Server;

/// <summary>Generate, encrypt, decrypt (all three ciphertext formats), hmac and bulk decrypt (docs/api.md §7.11–7.14, docs/COMPATIBILITY.md D10).</summary>
public sealed class KeyCryptoTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private KesTestServer Server => shared.Server;

    public static TheoryData<string> DecryptVectors => VectorIds(shouldFail: false);

    public static TheoryData<string> ForgedVectors => VectorIds(shouldFail: true);

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task Generate_with_an_empty_post_body_returns_a_32_byte_key_and_its_76_byte_ciphertext(string version)
    {
        var client = Server.Admin(Version.Parse(version));
        await CreateAsync(client, "gen-empty");
        var response = await client.SendAsync("POST", "/v1/key/generate/gen-empty");
        var json = await Reply.JsonAsync(response);
        Assert.Equal(["plaintext", "ciphertext"], Reply.FieldOrder(json));
        var plaintext = json.GetProperty("plaintext").GetBytesFromBase64();
        Assert.Equal(32, plaintext.Length);
        Assert.Equal(76, json.GetProperty("ciphertext").GetBytesFromBase64().Length);
        var opened = await DecryptAsync(client, "gen-empty", json.GetProperty("ciphertext").GetString()!, null);
        Assert.Equal(plaintext, opened);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"context\":null}")]
    [InlineData("{\"context\":\"\"}")]
    [InlineData("{\"version\":\"v7\"}")]
    [InlineData("{\"Context\":\"e30=\",\"unknown\":[1,2,{}]}")]
    public async Task Generate_accepts_every_optional_body_shape(string body)
    {
        var client = Server.Admin();
        await CreateAsync(client, "gen-shapes");
        var json = await Reply.JsonAsync(await client.SendAsync("PUT", "/v1/key/generate/gen-shapes", body));
        Assert.False(json.TryGetProperty("version", out _));
        var context = body.Contains("e30=", StringComparison.Ordinal) ? "e30=" : null;
        Assert.Equal(json.GetProperty("plaintext").GetBytesFromBase64(), await DecryptAsync(client, "gen-shapes", json.GetProperty("ciphertext").GetString()!, context));
    }

    [Fact]
    public async Task Generate_with_an_empty_chunked_body_decodes_it_and_fails_as_upstream_does()
    {
        var client = Server.Admin();
        await CreateAsync(client, "gen-chunked");
        var request = client.NewRequest("POST", "/v1/key/generate/gen-chunked", new StreamContent(new MemoryStream([])));
        request.Headers.TransferEncodingChunked = true;
        await Reply.ErrorAsync(await client.SendAsync(request), 400, "invalid request body");
    }

    [Fact]
    public async Task Content_type_accept_and_kes_enclave_headers_are_ignored()
    {
        var client = Server.Admin();
        await CreateAsync(client, "headers");
        var request = client.NewRequest("POST", "/v1/key/generate/headers", new StringContent("{}", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        request.Headers.Add("Kes-Enclave", "tenant-1");
        request.Headers.Add("Accept", "text/html");
        var json = await Reply.JsonAsync(await client.SendAsync(request));
        Assert.Equal(32, json.GetProperty("plaintext").GetBytesFromBase64().Length);
    }

    [Theory]
    [InlineData("   ")]
    [InlineData("{\"context\":\"AA=\"}")]
    [InlineData("{\"context\":5}")]
    [InlineData("[1]")]
    [InlineData("{")]
    public async Task Generate_rejects_a_body_it_cannot_decode(string body)
    {
        var client = Server.Admin();
        await CreateAsync(client, "gen-bad");
        await Reply.ErrorAsync(await client.SendAsync("POST", "/v1/key/generate/gen-bad", body), 400, "invalid request body");
    }

    [Fact]
    public async Task Generate_checks_the_name_before_the_body_and_the_key_after_it()
    {
        var client = Server.Admin();
        await Reply.ErrorAsync(await client.SendAsync("POST", "/v1/key/generate/x.y", "{"), 400, "key name 'x.y' is empty, too long or contains invalid characters");
        await Reply.ErrorAsync(await client.SendAsync("POST", "/v1/key/generate/gen-missing", "{"), 400, "invalid request body");
        await Reply.ErrorAsync(await client.SendAsync("POST", "/v1/key/generate/gen-missing", "{}"), 404, "key does not exist");
    }

    [Fact]
    public async Task Encrypting_an_empty_object_seals_the_empty_plaintext()
    {
        var client = Server.Admin();
        await CreateAsync(client, "enc-empty");
        var json = await Reply.JsonAsync(await client.SendAsync("PUT", "/v1/key/encrypt/enc-empty", "{}"));
        var ciphertext = json.GetProperty("ciphertext").GetString()!;
        Assert.Equal(44, Convert.FromBase64String(ciphertext).Length);
        var decrypted = await client.SendAsync("POST", "/v1/key/decrypt/enc-empty", $"{{\"ciphertext\":\"{ciphertext}\"}}");
        Assert.Equal("{\"plaintext\":\"\"}\n", await Reply.JsonTextAsync(decrypted));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(65_536)]
    [InlineData(700_000)]
    public async Task Encrypt_adds_44_bytes_and_decrypt_with_the_same_context_restores_the_plaintext(int size)
    {
        var client = Server.Admin();
        await CreateAsync(client, "enc-sizes");
        var plaintext = new byte[size];
        Random.Shared.NextBytes(plaintext);
        var body = $"{{\"plaintext\":\"{Convert.ToBase64String(plaintext)}\",\"context\":\"Y3R4\"}}";
        var json = await Reply.JsonAsync(await client.SendAsync("POST", "/v1/key/encrypt/enc-sizes", body));
        var ciphertext = json.GetProperty("ciphertext").GetString()!;
        Assert.Equal(size + 44, Convert.FromBase64String(ciphertext).Length);
        Assert.Equal(plaintext, await DecryptAsync(client, "enc-sizes", ciphertext, "Y3R4"));
    }

    [Fact]
    public async Task Base64_in_replies_is_standard_padded_with_plus_and_slash_unescaped()
    {
        var client = Server.Admin();
        await CreateAsync(client, "enc-alphabet");
        var json = await Reply.JsonAsync(await client.SendAsync("POST", "/v1/key/encrypt/enc-alphabet", "{\"plaintext\":\"+/+/++//\"}"));
        var decrypted = await client.SendAsync("POST", "/v1/key/decrypt/enc-alphabet", $"{{\"ciphertext\":\"{json.GetProperty("ciphertext").GetString()}\"}}");
        Assert.Equal("{\"plaintext\":\"+/+/++//\"}\n", await Reply.JsonTextAsync(decrypted));
        var single = await client.SendAsync("POST", "/v1/key/encrypt/enc-alphabet", "{\"plaintext\":\"+w==\"}");
        var sealedSingle = (await Reply.JsonAsync(single)).GetProperty("ciphertext").GetString();
        var openedSingle = await client.SendAsync("POST", "/v1/key/decrypt/enc-alphabet", $"{{\"ciphertext\":\"{sealedSingle}\"}}");
        Assert.Equal("{\"plaintext\":\"+w==\"}\n", await Reply.JsonTextAsync(openedSingle));
    }

    [Fact]
    public async Task Encrypt_with_an_empty_body_is_400_and_logs_the_decoder_error()
    {
        var client = Server.Admin();
        await CreateAsync(client, "enc-nobody");
        await Reply.ErrorAsync(await client.SendAsync("PUT", "/v1/key/encrypt/enc-nobody", string.Empty), 400, "invalid request body");
        Assert.Contains("level=ERROR msg=EOF req.method=PUT req.path=/v1/key/encrypt/enc-nobody", Server.Stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decrypt_of_garbage_on_a_missing_key_is_404_and_on_an_existing_key_400()
    {
        var client = Server.Admin();
        await CreateAsync(client, "dec-garbage");
        await Reply.ErrorAsync(await client.SendAsync("PUT", "/v1/key/decrypt/dec-nothing", "{\"ciphertext\":\"Z2FyYmFnZQ==\"}"), 404, "key does not exist");
        foreach (var ciphertext in new[] { "Z2FyYmFnZQ==", string.Empty, Convert.ToBase64String(new byte[44]), Convert.ToBase64String(new byte[500]) })
        {
            var response = await client.SendAsync("PUT", "/v1/key/decrypt/dec-garbage", $"{{\"ciphertext\":\"{ciphertext}\"}}");
            await Reply.ErrorAsync(response, 400, "decryption failed: ciphertext is not authentic");
        }

        await Reply.ErrorAsync(await client.SendAsync("PUT", "/v1/key/decrypt/dec-garbage", "{\"ciphertext\":\"!!\"}"), 400, "invalid request body");
    }

    [Theory]
    [MemberData(nameof(DecryptVectors))]
    public async Task Decrypt_opens_every_ciphertext_format_of_the_vectors(string id)
    {
        var vector = Vector(id);
        var client = Server.Admin();
        var name = "vec-" + id;
        await ImportAsync(client, name, vector);
        var body = DecryptBody(vector);
        var json = await Reply.JsonAsync(await client.SendAsync("POST", "/v1/key/decrypt/" + name, body));
        Assert.Equal(vector.GetProperty("plaintext_b64").GetString(), json.GetProperty("plaintext").GetString());
    }

    [Theory]
    [MemberData(nameof(ForgedVectors))]
    public async Task Decrypt_rejects_every_forged_vector_as_not_authentic(string id)
    {
        var vector = Vector(id);
        var client = Server.Admin();
        var name = "vec-" + id;
        await ImportAsync(client, name, vector);
        var response = await client.SendAsync("POST", "/v1/key/decrypt/" + name, DecryptBody(vector));
        await Reply.ErrorAsync(response, 400, "decryption failed: ciphertext is not authentic");
    }

    [Fact]
    public async Task Hmac_is_deterministic_per_key_and_differs_between_keys_and_messages()
    {
        var client = Server.Admin();
        await CreateAsync(client, "mac-1");
        await CreateAsync(client, "mac-2");
        var first = await HmacAsync(client, "mac-1", "{\"message\":\"cm9vdCBhY2Nlc3Mga2V5\"}");
        Assert.Equal(32, Convert.FromBase64String(first).Length);
        Assert.Equal(first, await HmacAsync(client, "mac-1", "{\"message\":\"cm9vdCBhY2Nlc3Mga2V5\"}"));
        Assert.NotEqual(first, await HmacAsync(client, "mac-1", "{\"message\":\"cm9vdCBzZWNyZXQga2V5\"}"));
        Assert.NotEqual(first, await HmacAsync(client, "mac-2", "{\"message\":\"cm9vdCBhY2Nlc3Mga2V5\"}"));
        Assert.Equal(await HmacAsync(client, "mac-1", "{}"), await HmacAsync(client, "mac-1", "{\"message\":null}"));
    }

    [Fact]
    public async Task Hmac_of_a_stored_vector_key_matches_the_vector_and_the_reply_bytes()
    {
        var store = new InMemoryKeyStore();
        var stored = KeyVersionVectors.Accepted.Single(v => v.Id == "parse-05");
        await store.CreateAsync("mac-vector", Encoding.UTF8.GetBytes(stored.Text), default);
        await using var server = await KesTestServer.StartAsync(store: store);
        var hmac = Vectors().GetProperty("hmac_vectors")[0];
        var request = new HttpRequestMessage(HttpMethod.Put, "/v1/key/hmac/mac-vector")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes($"{{\"message\":\"{hmac.GetProperty("message_b64").GetString()}\"}}")),
        };
        var text = await Reply.JsonTextAsync(await server.Admin().SendAsync(request));
        Assert.Equal($"{{\"hmac\":\"{hmac.GetProperty("hmac_b64").GetString()}\"}}\n", text);
    }

    [Fact]
    public async Task Hmac_on_a_key_in_the_legacy_json_format_answers_409()
    {
        var store = new InMemoryKeyStore();
        var legacy = KeyVersionVectors.Accepted.First(v => v.Encoding == "json_text");
        await store.CreateAsync("legacy", Encoding.UTF8.GetBytes(legacy.Text), default);
        await using var server = await KesTestServer.StartAsync(store: store);
        var client = server.Admin();
        await Reply.ErrorAsync(await client.SendAsync("PUT", "/v1/key/hmac/legacy", "{\"message\":\"YQ==\"}"), 409, "key does not support HMAC");
        var json = await Reply.JsonAsync(await client.SendAsync("PUT", "/v1/key/encrypt/legacy", "{\"plaintext\":\"YQ==\"}"));
        Assert.Equal("YQ==", Convert.ToBase64String(await DecryptAsync(client, "legacy", json.GetProperty("ciphertext").GetString()!, null)));
    }

    [Fact]
    public async Task Hmac_rejects_an_invalid_name_body_or_missing_key()
    {
        var client = Server.Admin();
        await CreateAsync(client, "mac-errors");
        await Reply.ErrorAsync(await client.SendAsync("PUT", "/v1/key/hmac/a*", "{}"), 400, "key name 'a*' is empty, too long or contains invalid characters");
        await Reply.ErrorAsync(await client.SendAsync("PUT", "/v1/key/hmac/mac-errors", string.Empty), 400, "invalid request body");
        await Reply.ErrorAsync(await client.SendAsync("PUT", "/v1/key/hmac/mac-errors", "{\"message\":\"AA=\"}"), 400, "invalid request body");
        await Reply.ErrorAsync(await client.SendAsync("PUT", "/v1/key/hmac/mac-absent", "{}"), 404, "key does not exist");
    }

    [Fact]
    public async Task Bulk_decrypt_opens_every_item_in_order()
    {
        var client = Server.Admin();
        await CreateAsync(client, "bulk");
        var items = new List<string>();
        var expected = new StringBuilder("[");
        for (var i = 0; i < 3; i++)
        {
            var plaintext = Convert.ToBase64String(Encoding.UTF8.GetBytes($"item {i}"));
            var context = Convert.ToBase64String(Encoding.UTF8.GetBytes($"ctx {i}"));
            var json = await Reply.JsonAsync(await client.SendAsync("POST", "/v1/key/encrypt/bulk", $"{{\"plaintext\":\"{plaintext}\",\"context\":\"{context}\"}}"));
            items.Add($"{{\"ciphertext\":\"{json.GetProperty("ciphertext").GetString()}\",\"context\":\"{context}\"}}");
            expected.Append(i == 0 ? string.Empty : ",").Append($"{{\"plaintext\":\"{plaintext}\"}}");
        }

        expected.Append("]\n");
        var body = "[" + string.Join(',', items) + "]";
        Assert.Equal(expected.ToString(), await Reply.JsonTextAsync(await client.SendAsync("POST", "/v1/key/bulk/decrypt/bulk", body)));
        Assert.Equal(expected.ToString(), await Reply.JsonTextAsync(await client.SendAsync("PUT", "/v1/key/bulk/decrypt/bulk", body)));
        Assert.Equal("[]\n", await Reply.JsonTextAsync(await client.SendAsync("POST", "/v1/key/bulk/decrypt/bulk", "[]")));

        var forged = "[" + items[0] + ",{\"ciphertext\":\"" + Convert.ToBase64String(new byte[60]) + "\"}]";
        await Reply.ErrorAsync(await client.SendAsync("POST", "/v1/key/bulk/decrypt/bulk", forged), 400, "decryption failed: ciphertext is not authentic");
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("[1]")]
    [InlineData("[{\"ciphertext\":\"AA=\"}]")]
    [InlineData("[{\"ciphertext\":7}]")]
    public async Task Bulk_decrypt_rejects_a_body_that_is_not_an_array_of_items(string body)
    {
        var client = Server.Admin();
        await CreateAsync(client, "bulk-bad");
        await Reply.ErrorAsync(await client.SendAsync("POST", "/v1/key/bulk/decrypt/bulk-bad", body), 400, "invalid request body");
    }

    [Theory]
    [InlineData("bulk-log-1", "", "msg=EOF")]
    [InlineData("bulk-log-2", "[", "msg=\"unexpected EOF\"")]
    [InlineData("bulk-log-3", "[}", "msg=\"invalid character at offset 1 in request body\"")]
    [InlineData("bulk-log-4", "[{\"ciphertext\":7}]", "msg=\"json: cannot unmarshal number into Go struct field .ciphertext of type []uint8\"")]
    [InlineData("bulk-log-5", "[{\"context\":true}]", "msg=\"json: cannot unmarshal bool into Go struct field .context of type []uint8\"")]
    public async Task Bulk_decrypt_logs_a_bad_body_in_the_words_of_the_other_routes(string key, string body, string logged)
    {
        var client = Server.Admin();
        await CreateAsync(client, key);
        await Reply.ErrorAsync(await client.SendAsync("POST", $"/v1/key/bulk/decrypt/{key}", body), 400, "invalid request body");
        Assert.Contains($"level=ERROR {logged} req.method=POST req.path=/v1/key/bulk/decrypt/{key} ", Server.Stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bulk_decrypt_reads_the_first_value_only_and_null_as_Go_does()
    {
        var client = Server.Admin();
        await CreateAsync(client, "bulk-go");
        Assert.Equal("[]\n", await Reply.JsonTextAsync(await client.SendAsync("POST", "/v1/key/bulk/decrypt/bulk-go", "null")));
        Assert.Equal("[]\n", await Reply.JsonTextAsync(await client.SendAsync("POST", "/v1/key/bulk/decrypt/bulk-go", "[] trailing")));
        var deep = "[{\"x\":" + new string('[', 100) + new string(']', 100) + "}]";
        await Reply.ErrorAsync(await client.SendAsync("POST", "/v1/key/bulk/decrypt/bulk-go", deep), 400, "decryption failed: ciphertext is not authentic");
        await Reply.ErrorAsync(await client.SendAsync("POST", "/v1/key/bulk/decrypt/bulk-go", "[null]"), 400, "decryption failed: ciphertext is not authentic");
        await Reply.ErrorAsync(await client.SendAsync("POST", "/v1/key/bulk/decrypt/bulk-go", "[7]"), 400, "invalid request body");
        Assert.Contains("level=ERROR msg=\"json: cannot unmarshal number into Go value of type request\" req.method=POST req.path=/v1/key/bulk/decrypt/bulk-go ", Server.Stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_number_in_a_byte_array_is_quoted_in_the_record_up_to_64_characters()
    {
        var client = Server.Admin();
        await CreateAsync(client, "enc-number");
        var number = new string('9', 100_000);
        await Reply.ErrorAsync(await client.SendAsync("POST", "/v1/key/encrypt/enc-number", $"{{\"plaintext\":[{number}]}}"), 400, "invalid request body");
        var record = Server.Stderr.ToString().Split('\n').Single(line => line.Contains(" req.path=/v1/key/encrypt/enc-number ", StringComparison.Ordinal));
        Assert.Contains($"msg=\"json: cannot unmarshal number {number[..64]}… into Go struct field .plaintext of type uint8\"", record, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AA=")]
    [InlineData("A*AA")]
    [InlineData("AAAAA")]
    public async Task Bulk_decrypt_refuses_bad_base64_as_decrypt_does(string ciphertext)
    {
        var client = Server.Admin();
        await CreateAsync(client, "bulk-b64");
        var single = await client.SendAsync("POST", "/v1/key/decrypt/bulk-b64", $"{{\"ciphertext\":\"{ciphertext}\"}}");
        await Reply.ErrorAsync(single, 400, "invalid request body");
        var bulk = await client.SendAsync("POST", "/v1/key/bulk/decrypt/bulk-b64", $"[{{\"ciphertext\":\"{ciphertext}\"}}]");
        await Reply.ErrorAsync(bulk, 400, "invalid request body");

        var records = Server.Stderr.ToString().Split('\n');
        string Logged(string path) => records.Last(line => line.Contains($" req.path={path} ", StringComparison.Ordinal)).Split(" req.method=")[0].Split(" level=ERROR ")[1];
        Assert.StartsWith("msg=\"illegal base64 data at input byte ", Logged("/v1/key/decrypt/bulk-b64"), StringComparison.Ordinal);
        Assert.Equal(Logged("/v1/key/decrypt/bulk-b64"), Logged("/v1/key/bulk/decrypt/bulk-b64"));
    }

    [Fact]
    public async Task Bulk_decrypt_takes_at_most_1000_items()
    {
        var client = Server.Admin();
        await CreateAsync(client, "bulk-many");
        var json = await Reply.JsonAsync(await client.SendAsync("POST", "/v1/key/encrypt/bulk-many", "{}"));
        var item = $"{{\"ciphertext\":\"{json.GetProperty("ciphertext").GetString()}\"}}";
        var thousand = "[" + string.Join(',', Enumerable.Repeat(item, 1000)) + "]";
        using var opened = JsonDocument.Parse(await Reply.JsonTextAsync(await client.SendAsync("POST", "/v1/key/bulk/decrypt/bulk-many", thousand)));
        Assert.Equal(1000, opened.RootElement.GetArrayLength());
        var tooMany = "[" + string.Join(',', Enumerable.Repeat(item, 1001)) + "]";
        await Reply.ErrorAsync(await client.SendAsync("POST", "/v1/key/bulk/decrypt/bulk-many", tooMany), 400, "invalid request body");
        await Reply.ErrorAsync(await client.SendAsync("POST", "/v1/key/bulk/decrypt/bulk-absent", "[]"), 404, "key does not exist");
    }

    internal static async Task CreateAsync(HttpClient client, string name)
    {
        var response = await client.PostAsync("/v1/key/create/" + name, null);
        if ((int)response.StatusCode != 400)
        {
            await Reply.EmptyAsync(response);
        }
    }

    private static async Task<byte[]> DecryptAsync(HttpClient client, string name, string ciphertext, string? context)
    {
        var body = context is null ? $"{{\"ciphertext\":\"{ciphertext}\"}}" : $"{{\"ciphertext\":\"{ciphertext}\",\"context\":\"{context}\"}}";
        var json = await Reply.JsonAsync(await client.SendAsync("POST", "/v1/key/decrypt/" + name, body));
        return json.GetProperty("plaintext").GetBytesFromBase64();
    }

    private static async Task<string> HmacAsync(HttpClient client, string name, string body)
    {
        var request = client.NewRequest("PUT", "/v1/key/hmac/" + name, KesHttp.Json(body));
        request.Content!.Headers.ContentType = null;
        var json = await Reply.JsonAsync(await client.SendAsync(request));
        Assert.Equal(["hmac"], Reply.FieldOrder(json));
        return json.GetProperty("hmac").GetString()!;
    }

    private static async Task ImportAsync(HttpClient client, string name, JsonElement vector)
    {
        var body = $"{{\"key\":\"{vector.GetProperty("key_b64").GetString()}\",\"cipher\":\"{vector.GetProperty("key_type").GetString()}\"}}";
        await Reply.EmptyAsync(await client.SendAsync("POST", "/v1/key/import/" + name, body));
    }

    private static string DecryptBody(JsonElement vector)
    {
        var ciphertext = vector.GetProperty("ciphertext").GetString()!;
        if (vector.GetProperty("ciphertext_encoding").GetString() == "json_text")
        {
            ciphertext = Convert.ToBase64String(Encoding.UTF8.GetBytes(ciphertext));
        }

        var context = vector.GetProperty("associated_data_b64").GetString();
        return string.IsNullOrEmpty(context)
            ? $"{{\"ciphertext\":\"{ciphertext}\"}}"
            : $"{{\"ciphertext\":\"{ciphertext}\",\"context\":\"{context}\"}}";
    }

    private static JsonElement Vectors()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(KeyVersionVectors.VectorsDirectory(), "kes-crypto-vectors.json")));
        return document.RootElement.Clone();
    }

    private static JsonElement Vector(string id)
    {
        foreach (var vector in Vectors().GetProperty("vectors").EnumerateArray())
        {
            if (vector.GetProperty("id").GetString() == id)
            {
                return vector;
            }
        }

        throw new ArgumentException("no vector " + id, nameof(id));
    }

    private static TheoryData<string> VectorIds(bool shouldFail)
    {
        var ids = new TheoryData<string>();
        foreach (var vector in Vectors().GetProperty("vectors").EnumerateArray())
        {
            if (vector.GetProperty("operation").GetString() == "decrypt" && vector.GetProperty("should_fail").GetBoolean() == shouldFail)
            {
                ids.Add(vector.GetProperty("id").GetString()!);
            }
        }

        return ids;
    }
}
