using System.Text;

namespace Kes.Bench.Fuzz;

/// <summary>A seeded source of KES requests, valid and malformed: the same seed gives the same sequence.</summary>
/// <remarks>
/// About a third of the requests are well-formed calls of a route, so that keys exist and the
/// handlers behind validation run; the rest bend one thing at a time: the method, the name, the
/// path, a header, the body's shape, the caller, the protocol.
/// </remarks>
public sealed class RequestGenerator(int seed)
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "FUZZ"];

    // Valid names repeat, so creates, generates and deletes meet each other.
    private static readonly string[] GoodNames = ["fuzz-a", "fuzz-b", "fuzz-c", "my-key", "app-1", "fuzz_1", "F-2"];

    private static readonly string[] BadNames =
    [
        "", ".", "..", "a.b", "%00", "a%00b", "%2F", "a%2Fb", "%FF", "%C3%28", "*", "fuzz*", "%2A", "%20",
        "%E2%80%A8", "%F0%9F%98%80", "-", "a%5Cb", "%25", "?", "a?b=c", "#frag", new string('k', 80), new string('x', 1100),
    ];

    private static readonly string[] ContentTypes =
    [
        "text/plain", "application/json; charset=utf-16", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "??", "application/json;;",
    ];

    private readonly Random _random = new(seed);

    /// <summary>The next request.</summary>
    public FuzzRequest Next()
    {
        var route = FuzzRoute.All[_random.Next(FuzzRoute.All.Count)];
        var raw = Chance(0.12);
        var method = Chance(0.8) ? (route.Method == "PUT" && Chance(0.5) ? "POST" : route.Method) : Pick(Methods);
        var target = Target(route);
        var body = route.Body.Length > 0 || Chance(0.1) ? Body(route) : null;
        var headers = new List<KeyValuePair<string, string>>();
        if (body is not null)
        {
            if (Chance(0.75))
            {
                headers.Add(new("Content-Type", "application/json"));
            }
            else if (Chance(0.6))
            {
                headers.Add(new("Content-Type", Pick(ContentTypes)));
            }
        }

        AddOddHeaders(headers);
        var caller = _random.Next(10) switch
        {
            < 5 => Caller.Admin,
            < 8 => Caller.Member,
            _ => Caller.Stranger,
        };

        if (raw)
        {
            (method, target) = RawForms(method, target);
            if (route.Streams)
            {
                // A stream never ends; the raw sender reads its headers only, which it cannot tell from a slow answer.
                target = "/v1/status";
            }
        }

        return new FuzzRequest(method, target, headers, body, caller, Http2: !raw && Chance(0.5), raw);
    }

    private string Target(FuzzRoute route)
    {
        var path = route.Path;
        if (route.TakesName)
        {
            path += Chance(0.7) ? Pick(GoodNames) : Pick(BadNames);
        }

        return _random.Next(20) switch
        {
            0 => "/" + path,
            1 => path + "/",
            2 => path + "?x=1&x=%ZZ",
            3 => path.ToUpperInvariant(),
            4 => path.Replace("/v1/", "/v2/", StringComparison.Ordinal),
            5 => path + "/extra/segments",
            6 => "/v1/" + Hex(_random.Next(1, 40)),
            _ => path,
        };
    }

    private (string Method, string Target) RawForms(string method, string target) => _random.Next(13) switch
    {
        0 => (method, "https://127.0.0.1" + target),
        1 => ("OPTIONS", "*"),
        2 => (method, target + "/./../."),
        3 => (method, target.Replace("/", "//", StringComparison.Ordinal)),
        4 => (method, target + "%"),
        5 => (method, "/v1/key/describe/a b"),
        6 => (method, "/v1/" + new string('a', 9000)),
        7 => (method.ToLowerInvariant(), target),
        8 => (method, target.Replace("/", "//", StringComparison.Ordinal) + "?q=" + Pick(["\u0001", "\t", "\u001f", "\u007f"])),
        _ => (method, target),
    };

    private void AddOddHeaders(List<KeyValuePair<string, string>> headers)
    {
        if (Chance(0.08))
        {
            headers.Add(new("Content-Encoding", Chance(0.5) ? "gzip" : "br, identity"));
        }

        if (Chance(0.05))
        {
            headers.Add(new("X-Fuzz-Long", new string('h', _random.Next(1000, 9000))));
        }

        if (Chance(0.03))
        {
            for (var i = 0; i < 60; i++)
            {
                headers.Add(new("X-Fuzz-" + i, Hex(8)));
            }
        }

        if (Chance(0.05))
        {
            headers.Add(new("Accept", Pick(["*/*", "text/html", "application/json;q=0", ""])));
        }

        if (Chance(0.03))
        {
            headers.Add(new("Expect", "100-continue"));
        }
    }

    private byte[] Body(FuzzRoute route)
    {
        var valid = Valid(route);
        return _random.Next(24) switch
        {
            < 9 => Encoding.UTF8.GetBytes(valid),
            9 => [],
            10 => Encoding.UTF8.GetBytes(WrongTypes(route)),
            11 => Encoding.UTF8.GetBytes(Pick(["{\"context\":1e999999}", "{\"plaintext\":123456789012345678901234567890}", "[1e400]", "{\"ciphertext\":-0.0e-99999}", "18446744073709551616"])),
            12 => Nested(_random.Next(2) == 0 ? 64 : 100_000),
            13 => InvalidUtf8(valid),
            14 => Encoding.UTF8.GetBytes(valid)[..Math.Max(0, _random.Next(valid.Length))],
            15 => Bytes(_random.Next(1, 600)),
            16 => Encoding.UTF8.GetBytes(Pick(["null", "\"x\"", "[]", "{}", "true", "{} {}", "{\"a\":1}x", "\uFEFF{}", "{\"plaintext\":\"AA==\",\"plaintext\":5}"])),
            17 => Encoding.UTF8.GetBytes("{\"" + Pick(["context", "plaintext", "ciphertext", "message", "key"]) + "\":[1,2,3,256,-1]}"),
            18 when Chance(0.1) => Encoding.UTF8.GetBytes("{\"plaintext\":\"" + new string('A', (1 << 20) + 4) + "\"}"),
            _ => Encoding.UTF8.GetBytes(valid),
        };
    }

    private string Valid(FuzzRoute route)
    {
        var bulk = route.Body.Length > 0 && route.Body[0].StartsWith('[');
        var fields = new List<string>();
        foreach (var field in route.Body)
        {
            var (name, kind) = Split(field.TrimStart('['));
            if (name == "context" && Chance(0.4))
            {
                continue;
            }

            fields.Add($"\"{name}\":{Value(kind)}");
        }

        var item = "{" + string.Join(',', fields) + "}";
        return bulk ? "[" + string.Join(',', Enumerable.Repeat(item, _random.Next(0, 4))) + "]" : item;
    }

    private string WrongTypes(FuzzRoute route)
    {
        var fields = route.Body.Length == 0 ? ["context:bytes"] : route.Body;
        var wrong = new[] { "5", "true", "null", "{}", "[]", "\"not base64!\"", "\"AAA\"", "-1", "\"\\ud800\"" };
        return "{" + string.Join(',', fields.Select(f => $"\"{Split(f.TrimStart('[')).Name}\":{Pick(wrong)}")) + "}";
    }

    private string Value(string kind) => kind switch
    {
        "key" => Base64(Chance(0.8) ? 32 : _random.Next(0, 64)),
        "cipher" => Pick(["\"AES256\"", "\"ChaCha20\"", "\"AES-256-GCM\"", "\"\"", "\"RSA\""]),
        "ciphertext" => Base64(Chance(0.7) ? 76 : _random.Next(0, 200)),
        _ => Base64(_random.Next(0, 128)),
    };

    private string Base64(int length) => "\"" + Convert.ToBase64String(Bytes(length)) + "\"";

    private byte[] Nested(int depth)
    {
        var open = Chance(0.5) ? "[" : "{\"a\":";
        var close = open == "[" ? "]" : "}";
        var text = new StringBuilder((depth * (open.Length + 1)) + 1);
        text.Insert(0, open, depth).Append('1').Append(close[0], depth);
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    private byte[] InvalidUtf8(string valid)
    {
        var bytes = Encoding.UTF8.GetBytes(valid).ToList();
        var quote = bytes.IndexOf((byte)'"');
        byte[] bad = Pick<byte[]>([[0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xC0, 0xAF]]);
        bytes.InsertRange(quote < 0 ? 0 : quote + 1, bad);
        return [.. bytes];
    }

    private byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    private string Hex(int length) => Convert.ToHexStringLower(Bytes((length + 1) / 2))[..length];

    private bool Chance(double p) => _random.NextDouble() < p;

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];

    private static (string Name, string Kind) Split(string field)
    {
        var colon = field.IndexOf(':', StringComparison.Ordinal);
        return (field[..colon], field[(colon + 1)..]);
    }
}
