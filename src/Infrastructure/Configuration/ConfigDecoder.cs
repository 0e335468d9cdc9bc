using YamlDotNet.RepresentationModel;

namespace Kes.Infrastructure.Configuration;

/// <summary>Decodes the document into a <see cref="RawConfig"/> along upstream's schema; unknown keys are ignored at every level.</summary>
/// <remarks>The Go type names are the ones yaml.v3 prints in type errors; struct types are abbreviated.</remarks>
internal sealed class ConfigDecoder(Func<string, string?> getEnv)
{
    private const string Struct = "struct";
    private const string IdentityType = "kes.Identity";
    private const string IdentityListType = "[]kesconf.env[github.com/minio/kms-go/kes.Identity]";

    private readonly YamlValueReader _reader = new(getEnv);

    public RawConfig Decode(YamlNode root)
    {
        var raw = new RawConfig();
        foreach (var (key, value) in _reader.Entries(root, "kesconf.ymlFile"))
        {
            switch (key)
            {
                case "address":
                    raw.Address = Env(value) ?? raw.Address;
                    break;
                case "admin":
                    foreach (var (field, node) in _reader.Entries(value, Struct))
                    {
                        if (field == "identity")
                        {
                            raw.Admin = _reader.String(node, env: true, IdentityType) ?? raw.Admin;
                        }
                    }

                    break;
                case "tls":
                    DecodeTls(value, raw);
                    break;
                case "policy":
                    DecodePolicies(value, raw);
                    break;
                case "cache":
                    DecodeCache(value, raw);
                    break;
                case "api":
                    DecodeApi(value, raw);
                    break;
                case "log":
                    foreach (var (field, node) in _reader.Entries(value, Struct))
                    {
                        switch (field)
                        {
                            case "error":
                                raw.LogError = Env(node) ?? raw.LogError;
                                break;
                            case "audit":
                                raw.LogAudit = Env(node) ?? raw.LogAudit;
                                break;
                        }
                    }

                    break;
                case "keys":
                    raw.Keys = DecodeKeys(value);
                    break;
                case "keystore":
                    new KeyStoreDecoder(_reader).Decode(value, raw.KeyStores);
                    break;
                case "seal":
                    DecodeSeal(value, raw);
                    break;
                case "version":
                    break;
                default:
                    raw.UnknownKeys.Add(key);
                    break;
            }
        }

        _reader.ThrowIfTypeErrors();
        return raw;
    }

    private string? Env(YamlNode node) => _reader.String(node, env: true);

    private void DecodeTls(YamlNode tls, RawConfig raw)
    {
        foreach (var (field, node) in _reader.Entries(tls, Struct))
        {
            switch (field)
            {
                case "key":
                    raw.TlsKey = Env(node) ?? raw.TlsKey;
                    break;
                case "cert":
                    raw.TlsCert = Env(node) ?? raw.TlsCert;
                    break;
                case "ca":
                    raw.TlsCa = Env(node) ?? raw.TlsCa;
                    break;
                case "password":
                    raw.TlsPassword = Env(node) ?? raw.TlsPassword;
                    break;
                case "auth":
                    if (_reader.String(node, env: true, out var variable) is { } auth)
                    {
                        raw.TlsAuth = auth;
                        raw.TlsAuthVariable = variable;
                    }

                    break;
                case "proxy":
                    DecodeProxy(node, raw);
                    break;
            }
        }
    }

    private void DecodeProxy(YamlNode proxy, RawConfig raw)
    {
        foreach (var (field, node) in _reader.Entries(proxy, Struct))
        {
            switch (field)
            {
                case "identities":
                    raw.ProxyIdentities = _reader.Strings(node, env: true, IdentityListType, IdentityType);
                    break;
                case "header":
                    foreach (var (headerField, headerNode) in _reader.Entries(node, Struct))
                    {
                        if (headerField == "cert")
                        {
                            raw.ProxyCertHeader = Env(headerNode) ?? raw.ProxyCertHeader;
                        }
                    }

                    break;
            }
        }
    }

    private void DecodePolicies(YamlNode policies, RawConfig raw)
    {
        foreach (var (name, node) in _reader.Entries(policies, "map[string]struct"))
        {
            List<string> allow = [];
            List<string> deny = [];
            List<string> identities = [];
            foreach (var (field, value) in _reader.Entries(node, Struct))
            {
                switch (field)
                {
                    case "allow":
                        allow = _reader.Strings(value, env: false, "[]string", "string");
                        break;
                    case "deny":
                        deny = _reader.Strings(value, env: false, "[]string", "string");
                        break;
                    case "identities":
                        identities = _reader.Strings(value, env: true, IdentityListType, IdentityType);
                        break;
                }
            }

            raw.Policies[name] = new PolicyConfig(allow.AsReadOnly(), deny.AsReadOnly(), identities.AsReadOnly());
        }
    }

    private void DecodeCache(YamlNode cache, RawConfig raw)
    {
        foreach (var (section, expiry) in _reader.Entries(cache, Struct))
        {
            if (section != "expiry")
            {
                continue;
            }

            foreach (var (field, node) in _reader.Entries(expiry, Struct))
            {
                switch (field)
                {
                    case "any":
                        raw.CacheAny = _reader.Duration(node) ?? raw.CacheAny;
                        break;
                    case "unused":
                        raw.CacheUnused = _reader.Duration(node) ?? raw.CacheUnused;
                        break;
                    case "offline":
                        raw.CacheOffline = _reader.Duration(node) ?? raw.CacheOffline;
                        break;
                    case "revalidate":
                        raw.CacheRevalidate = _reader.Duration(node) ?? raw.CacheRevalidate;
                        break;
                }
            }
        }
    }

    // The api mapping is inline: its keys are the route paths themselves.
    private void DecodeApi(YamlNode api, RawConfig raw)
    {
        foreach (var (path, node) in _reader.Entries(api, Struct))
        {
            var skipAuth = false;
            long timeout = 0;
            foreach (var (field, value) in _reader.Entries(node, Struct))
            {
                switch (field)
                {
                    case "skip_auth":
                        skipAuth = _reader.Bool(value) ?? skipAuth;
                        break;
                    case "timeout":
                        timeout = _reader.Duration(value) ?? timeout;
                        break;
                }
            }

            raw.Api[path] = (skipAuth, timeout);
        }
    }

    // Our extension (docs/config.md §4.10); present as soon as the section has a value.
    private void DecodeSeal(YamlNode seal, RawConfig raw)
    {
        if (!YamlValueReader.IsPresent(seal))
        {
            return;
        }

        raw.Seal = new RawSeal();
        foreach (var (field, node) in _reader.Entries(seal, Struct))
        {
            switch (field)
            {
                case "allow_unsealed":
                    raw.Seal.AllowUnsealed = _reader.Bool(node) ?? raw.Seal.AllowUnsealed;
                    break;
                case "pkcs11":
                    raw.Seal.Pkcs11 = YamlValueReader.IsPresent(node);
                    foreach (var (name, value) in _reader.Entries(node, Struct))
                    {
                        switch (name)
                        {
                            case "module":
                                raw.Seal.Module = Env(value) ?? raw.Seal.Module;
                                break;
                            case "token":
                                raw.Seal.Token = Env(value) ?? raw.Seal.Token;
                                break;
                            case "pin":
                                raw.Seal.Pin = Env(value) ?? raw.Seal.Pin;
                                break;
                            case "key":
                                raw.Seal.Key = Env(value) ?? raw.Seal.Key;
                                break;
                        }
                    }

                    break;
            }
        }
    }

    private List<string> DecodeKeys(YamlNode keys)
    {
        var names = new List<string>();
        foreach (var item in _reader.Items(keys, "[]struct { Name kesconf.env[string] }"))
        {
            if (!YamlValueReader.IsPresent(item))
            {
                continue;
            }

            var name = string.Empty;
            foreach (var (field, value) in _reader.Entries(item, Struct))
            {
                if (field == "name")
                {
                    name = Env(value) ?? name;
                }
            }

            names.Add(name);
        }

        return names;
    }
}
