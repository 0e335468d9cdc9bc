using System.Text.Json.Nodes;

namespace Kes.IntegrationTests.Vault.VaultEndpoint;

/// <summary>The fake Vault's K/V engines, version 1 and 2, each mount in its namespace.</summary>
/// <remarks>
/// Statuses and bodies as OpenBao 2.1.1 gave them (docs/COMPATIBILITY.md, Vault / OpenBao wire facts): v1 write
/// 204, read 200 with <c>lease_duration</c> 2764800, missing 404 <c>{"errors":[]}</c>; v2 write 200 with
/// the version metadata, <c>cas</c> mismatch 400 <c>check-and-set parameter did not match the current
/// version</c>, read of <c>?version=1</c> 200 with <c>data.data</c> and <c>data.metadata</c>; LIST (or GET
/// <c>?list=true</c>) 200 with <c>data.keys</c>, sub-folders ending in <c>/</c>, 404 when empty; delete of
/// metadata 204 even when absent. The rest follows Vault's KV v1 and v2 API documents (a write without
/// <c>cas</c> always succeeds; <c>cas: n</c> needs the current version to be n).
/// </remarks>
public sealed class FakeVaultKv(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _mounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<JsonObject>> _entries = new(StringComparer.Ordinal);

    /// <summary>Mounts a K/V engine of <paramref name="version"/> (1 or 2) at <paramref name="mount"/> in namespace <paramref name="ns"/> ("" is the root).</summary>
    public void Mount(string mount, int version, string ns = "")
    {
        lock (_gate)
        {
            _mounts[ns + "\n" + mount] = version;
        }
    }

    /// <summary>The engine version at a mount, or 0 when nothing is mounted there.</summary>
    public int VersionOf(string ns, string mount)
    {
        lock (_gate)
        {
            return _mounts.GetValueOrDefault(ns + "\n" + mount);
        }
    }

    /// <summary>The latest data of an entry (the K/V path below the mount, without <c>data/</c>), or null.</summary>
    public JsonObject? Find(string mount, string path, string ns = "")
    {
        lock (_gate)
        {
            return _entries.TryGetValue(Key(ns, mount, path), out var versions) && versions.Count > 0 ? (JsonObject)versions[^1].DeepClone() : null;
        }
    }

    /// <summary>How many versions an entry has (1 for every v1 entry that exists).</summary>
    public int VersionCount(string mount, string path, string ns = "")
    {
        lock (_gate)
        {
            return _entries.TryGetValue(Key(ns, mount, path), out var versions) ? versions.Count : 0;
        }
    }

    /// <summary>Stores an entry as another writer (upstream KES, an operator) would.</summary>
    public void Put(string mount, string path, JsonObject data, string ns = "")
    {
        lock (_gate)
        {
            var key = Key(ns, mount, path);
            if (!_entries.TryGetValue(key, out var versions))
            {
                _entries[key] = versions = [];
            }

            if (VersionOf(ns, mount) == 1)
            {
                versions.Clear();
            }

            versions.Add(data);
        }
    }

    /// <summary>Answers one request to a K/V mount; <paramref name="rest"/> is the path below the mount.</summary>
    public VaultReply Handle(string method, string ns, string mount, string rest, IReadOnlyDictionary<string, string> query, JsonObject? body)
    {
        var version = VersionOf(ns, mount);
        var list = method == "LIST" || (method == "GET" && query.GetValueOrDefault("list") == "true");
        if (version == 1)
        {
            return list ? List(ns, mount, rest) : method switch
            {
                "GET" => ReadV1(ns, mount, rest),
                "POST" or "PUT" => WriteV1(ns, mount, rest, body),
                "DELETE" => Delete(ns, mount, rest),
                _ => VaultReply.Errors(405, "unsupported operation"),
            };
        }

        var (area, path) = Split(rest);
        return (area, list, method) switch
        {
            ("metadata", true, _) => List(ns, mount, path),
            ("metadata", false, "DELETE") => Delete(ns, mount, path),
            ("data", false, "GET") => ReadV2(ns, mount, path, query),
            ("data", false, "POST" or "PUT") => WriteV2(ns, mount, path, body),
            _ => VaultReply.Errors(405, "unsupported operation"),
        };
    }

    private static string Key(string ns, string mount, string path) => ns + "\n" + mount + "\n" + path.Trim('/');

    private static (string Area, string Path) Split(string rest)
    {
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (rest, string.Empty) : (rest[..slash], rest[(slash + 1)..]);
    }

    private VaultReply ReadV1(string ns, string mount, string path)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(Key(ns, mount, path), out var versions) && versions.Count > 0
                ? VaultReply.Ok(versions[^1].DeepClone(), null, 2764800)
                : VaultReply.NotFound;
        }
    }

    private VaultReply WriteV1(string ns, string mount, string path, JsonObject? body)
    {
        lock (_gate)
        {
            _entries[Key(ns, mount, path)] = [(JsonObject)(body ?? []).DeepClone()];
            return VaultReply.NoContent;
        }
    }

    private VaultReply ReadV2(string ns, string mount, string path, IReadOnlyDictionary<string, string> query)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(Key(ns, mount, path), out var versions) || versions.Count == 0)
            {
                return VaultReply.NotFound;
            }

            var wanted = query.TryGetValue("version", out var v) && int.TryParse(v, out var n) && n > 0 ? n : versions.Count;
            if (wanted > versions.Count)
            {
                return VaultReply.NotFound;
            }

            return VaultReply.Ok(new JsonObject
            {
                ["data"] = versions[wanted - 1].DeepClone(),
                ["metadata"] = Metadata(wanted),
            });
        }
    }

    private VaultReply WriteV2(string ns, string mount, string path, JsonObject? body)
    {
        lock (_gate)
        {
            var key = Key(ns, mount, path);
            var current = _entries.TryGetValue(key, out var versions) ? versions.Count : 0;
            if (body?["options"]?["cas"] is JsonValue cas && cas.GetValue<int>() != current)
            {
                return VaultReply.Errors(400, "check-and-set parameter did not match the current version");
            }

            if (versions is null)
            {
                _entries[key] = versions = [];
            }

            versions.Add((JsonObject)(body?["data"] as JsonObject ?? []).DeepClone());
            return VaultReply.Ok(Metadata(versions.Count));
        }
    }

    private VaultReply Delete(string ns, string mount, string path)
    {
        lock (_gate)
        {
            _entries.Remove(Key(ns, mount, path));
            return VaultReply.NoContent;
        }
    }

    private VaultReply List(string ns, string mount, string folder)
    {
        var prefix = Key(ns, mount, folder);
        prefix = prefix.EndsWith('\n') ? prefix : prefix + "/";
        lock (_gate)
        {
            var keys = _entries.Keys
                .Where(key => key.StartsWith(prefix, StringComparison.Ordinal) && _entries[key].Count > 0)
                .Select(key => key[prefix.Length..])
                .Select(rest => rest.Contains('/', StringComparison.Ordinal) ? rest[..(rest.IndexOf('/', StringComparison.Ordinal) + 1)] : rest)
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToList();
            return keys.Count == 0
                ? VaultReply.NotFound
                : VaultReply.Ok(new JsonObject { ["keys"] = new JsonArray([.. keys.Select(key => (JsonNode)key)]) });
        }
    }

    private JsonObject Metadata(int version) => new()
    {
        ["created_time"] = time.GetUtcNow().ToString("O"),
        ["custom_metadata"] = null,
        ["deletion_time"] = "",
        ["destroyed"] = false,
        ["version"] = version,
    };
}
