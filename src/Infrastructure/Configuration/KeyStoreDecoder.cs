using YamlDotNet.RepresentationModel;

namespace Kes.Infrastructure.Configuration;

/// <summary>The <c>keystore</c> section: each backend becomes its config record when present.</summary>
internal sealed class KeyStoreDecoder(YamlValueReader reader)
{
    private const string Struct = "struct";
    private const string EnvStringListType = "[]kesconf.env[string]";

    public void Decode(YamlNode keystore, SortedDictionary<KeyStoreCheckOrder, KeyStoreConfig> present)
    {
        foreach (var (backend, node) in reader.Entries(keystore, Struct))
        {
            switch (backend)
            {
                case "fs":
                    Set(present, KeyStoreCheckOrder.Fs, node, Fs);
                    break;
                case "vault":
                    Set(present, KeyStoreCheckOrder.Vault, node, Vault);
                    break;
                case "fortanix":
                    SetInner(present, KeyStoreCheckOrder.Fortanix, node, "sdkms", Fortanix);
                    break;
                case "gemalto":
                    SetInner(present, KeyStoreCheckOrder.Gemalto, node, "keysecure", Gemalto);
                    break;
                case "gcp":
                    SetInner(present, KeyStoreCheckOrder.Gcp, node, "secretmanager", Gcp);
                    break;
                case "aws":
                    SetInner(present, KeyStoreCheckOrder.Aws, node, "secretsmanager", Aws);
                    break;
                case "azure":
                    SetInner(present, KeyStoreCheckOrder.Azure, node, "keyvault", Azure);
                    break;
                case "entrust":
                    SetInner(present, KeyStoreCheckOrder.Entrust, node, "keycontrol", Entrust);
                    break;
                case "kes":
                    // Parsed like upstream (so its type errors and ${VAR}s count), but no backend implements it.
                    Kes(node);
                    break;
            }
        }
    }

    private static void Set(SortedDictionary<KeyStoreCheckOrder, KeyStoreConfig> present, KeyStoreCheckOrder order, YamlNode node, Func<YamlNode, KeyStoreConfig> decode)
    {
        if (YamlValueReader.IsPresent(node))
        {
            present[order] = decode(node);
        }
        else
        {
            present.Remove(order);
        }
    }

    // Backends such as aws.secretsmanager are present only when the inner block is set too.
    private void SetInner(SortedDictionary<KeyStoreCheckOrder, KeyStoreConfig> present, KeyStoreCheckOrder order, YamlNode node, string inner, Func<YamlNode, KeyStoreConfig> decode)
    {
        present.Remove(order);
        foreach (var (field, value) in reader.Entries(node, Struct))
        {
            if (field == inner)
            {
                Set(present, order, value, decode);
            }
        }
    }

    private string? Env(YamlNode node) => reader.String(node, env: true);

    private FsKeyStoreConfig Fs(YamlNode node) => new(Strings(node, "path")[0]);

    private VaultKeyStoreConfig Vault(YamlNode node)
    {
        string endpoint = string.Empty, engine = string.Empty, version = string.Empty, ns = string.Empty, prefix = string.Empty;
        string tlsKey = string.Empty, tlsCert = string.Empty, tlsCa = string.Empty;
        long ping = 0;
        VaultAppRoleConfig? appRole = null;
        VaultKubernetesConfig? kubernetes = null;
        VaultTransitConfig? transit = null;
        foreach (var (field, value) in reader.Entries(node, Struct))
        {
            switch (field)
            {
                case "endpoint":
                    endpoint = Env(value) ?? endpoint;
                    break;
                case "engine":
                    engine = Env(value) ?? engine;
                    break;
                case "version":
                    version = Env(value) ?? version;
                    break;
                case "namespace":
                    ns = Env(value) ?? ns;
                    break;
                case "prefix":
                    prefix = Env(value) ?? prefix;
                    break;
                case "transit":
                    transit = YamlValueReader.IsPresent(value) ? Transit(value) : null;
                    break;
                case "approle":
                    appRole = YamlValueReader.IsPresent(value) ? AppRole(value) : null;
                    break;
                case "kubernetes":
                    kubernetes = YamlValueReader.IsPresent(value) ? Kubernetes(value) : null;
                    break;
                case "tls":
                    foreach (var (tlsField, tlsValue) in reader.Entries(value, Struct))
                    {
                        switch (tlsField)
                        {
                            case "key":
                                tlsKey = Env(tlsValue) ?? tlsKey;
                                break;
                            case "cert":
                                tlsCert = Env(tlsValue) ?? tlsCert;
                                break;
                            case "ca":
                                tlsCa = Env(tlsValue) ?? tlsCa;
                                break;
                        }
                    }

                    break;
                case "status":
                    foreach (var (statusField, statusValue) in reader.Entries(value, Struct))
                    {
                        if (statusField == "ping")
                        {
                            ping = reader.Duration(statusValue) ?? ping;
                        }
                    }

                    break;
            }
        }

        return new VaultKeyStoreConfig(
            endpoint, engine, version, ns, prefix, appRole, kubernetes, transit, tlsKey, tlsCert, tlsCa, GoDuration.ToTimeSpan(ping));
    }

    private VaultTransitConfig Transit(YamlNode node)
    {
        var values = Strings(node, "engine", "key");
        return new VaultTransitConfig(values[0], values[1]);
    }

    private VaultAppRoleConfig AppRole(YamlNode node)
    {
        var values = Strings(node, "engine", "namespace", "id", "secret");
        return new VaultAppRoleConfig(values[0], values[1], values[2], values[3]);
    }

    private VaultKubernetesConfig Kubernetes(YamlNode node)
    {
        var values = Strings(node, "engine", "namespace", "role", "jwt");
        return new VaultKubernetesConfig(values[0], values[1], values[2], values[3]);
    }

    private FortanixSdkmsConfig Fortanix(YamlNode node)
    {
        string endpoint = string.Empty, groupId = string.Empty, apiKey = string.Empty, ca = string.Empty;
        foreach (var (field, value) in reader.Entries(node, Struct))
        {
            switch (field)
            {
                case "endpoint":
                    endpoint = Env(value) ?? endpoint;
                    break;
                case "group_id":
                    groupId = Env(value) ?? groupId;
                    break;
                case "credentials":
                    apiKey = Field(value, "key") ?? apiKey;
                    break;
                case "tls":
                    ca = Field(value, "ca") ?? ca;
                    break;
            }
        }

        return new FortanixSdkmsConfig(endpoint, groupId, apiKey, ca);
    }

    private GemaltoKeySecureConfig Gemalto(YamlNode node)
    {
        string endpoint = string.Empty, token = string.Empty, domain = string.Empty, ca = string.Empty;
        foreach (var (field, value) in reader.Entries(node, Struct))
        {
            switch (field)
            {
                case "endpoint":
                    endpoint = Env(value) ?? endpoint;
                    break;
                case "credentials":
                    foreach (var (credential, credentialValue) in reader.Entries(value, Struct))
                    {
                        switch (credential)
                        {
                            case "token":
                                token = Env(credentialValue) ?? token;
                                break;
                            case "domain":
                                domain = Env(credentialValue) ?? domain;
                                break;
                        }
                    }

                    break;
                case "tls":
                    ca = Field(value, "ca") ?? ca;
                    break;
            }
        }

        return new GemaltoKeySecureConfig(endpoint, token, domain, ca);
    }

    private GcpSecretManagerConfig Gcp(YamlNode node)
    {
        string projectId = string.Empty, endpoint = string.Empty;
        string clientEmail = string.Empty, clientId = string.Empty, keyId = string.Empty, key = string.Empty;
        List<string> scopes = [];
        foreach (var (field, value) in reader.Entries(node, Struct))
        {
            switch (field)
            {
                case "project_id":
                    projectId = Env(value) ?? projectId;
                    break;
                case "endpoint":
                    endpoint = Env(value) ?? endpoint;
                    break;
                case "scopes":
                    scopes = reader.Strings(value, env: true, EnvStringListType, "string");
                    break;
                case "credentials":
                    foreach (var (credential, credentialValue) in reader.Entries(value, Struct))
                    {
                        switch (credential)
                        {
                            case "client_email":
                                clientEmail = Env(credentialValue) ?? clientEmail;
                                break;
                            case "client_id":
                                clientId = Env(credentialValue) ?? clientId;
                                break;
                            case "private_key_id":
                                keyId = Env(credentialValue) ?? keyId;
                                break;
                            case "private_key":
                                key = Env(credentialValue) ?? key;
                                break;
                        }
                    }

                    break;
            }
        }

        return new GcpSecretManagerConfig(projectId, endpoint, scopes.AsReadOnly(), clientEmail, clientId, keyId, key);
    }

    private AwsSecretsManagerConfig Aws(YamlNode node)
    {
        string endpoint = string.Empty, region = string.Empty, kmsKey = string.Empty;
        string accessKey = string.Empty, secretKey = string.Empty, token = string.Empty;
        foreach (var (field, value) in reader.Entries(node, Struct))
        {
            switch (field)
            {
                case "endpoint":
                    endpoint = Env(value) ?? endpoint;
                    break;
                case "region":
                    region = Env(value) ?? region;
                    break;
                case "kmskey":
                    kmsKey = Env(value) ?? kmsKey;
                    break;
                case "credentials":
                    foreach (var (credential, credentialValue) in reader.Entries(value, Struct))
                    {
                        switch (credential)
                        {
                            case "accesskey":
                                accessKey = Env(credentialValue) ?? accessKey;
                                break;
                            case "secretkey":
                                secretKey = Env(credentialValue) ?? secretKey;
                                break;
                            case "token":
                                token = Env(credentialValue) ?? token;
                                break;
                        }
                    }

                    break;
            }
        }

        return new AwsSecretsManagerConfig(endpoint, region, kmsKey, accessKey, secretKey, token);
    }

    private AzureKeyVaultConfig Azure(YamlNode node)
    {
        var endpoint = string.Empty;
        AzureClientCredentials? credentials = null;
        AzureManagedIdentity? managedIdentity = null;
        foreach (var (field, value) in reader.Entries(node, Struct))
        {
            switch (field)
            {
                case "endpoint":
                    endpoint = Env(value) ?? endpoint;
                    break;
                case "credentials":
                    credentials = YamlValueReader.IsPresent(value) ? AzureCredentials(value) : null;
                    break;
                case "managed_identity":
                    managedIdentity = YamlValueReader.IsPresent(value) ? new AzureManagedIdentity(Field(value, "client_id") ?? string.Empty) : null;
                    break;
            }
        }

        return new AzureKeyVaultConfig(endpoint, credentials, managedIdentity);
    }

    private AzureClientCredentials AzureCredentials(YamlNode node)
    {
        var values = Strings(node, "tenant_id", "client_id", "client_secret");
        return new AzureClientCredentials(values[0], values[1], values[2]);
    }

    private EntrustKeyControlConfig Entrust(YamlNode node)
    {
        string endpoint = string.Empty, vaultId = string.Empty, boxId = string.Empty;
        string username = string.Empty, password = string.Empty, ca = string.Empty;
        foreach (var (field, value) in reader.Entries(node, Struct))
        {
            switch (field)
            {
                case "endpoint":
                    endpoint = Env(value) ?? endpoint;
                    break;
                case "vault_id":
                    vaultId = Env(value) ?? vaultId;
                    break;
                case "box_id":
                    boxId = Env(value) ?? boxId;
                    break;
                case "credentials":
                    foreach (var (credential, credentialValue) in reader.Entries(value, Struct))
                    {
                        switch (credential)
                        {
                            case "username":
                                username = Env(credentialValue) ?? username;
                                break;
                            case "password":
                                password = Env(credentialValue) ?? password;
                                break;
                        }
                    }

                    break;
                case "tls":
                    ca = Field(value, "ca") ?? ca;
                    break;
            }
        }

        return new EntrustKeyControlConfig(endpoint, vaultId, boxId, username, password, ca);
    }

    private void Kes(YamlNode node)
    {
        foreach (var (field, value) in reader.Entries(node, Struct))
        {
            switch (field)
            {
                case "endpoint":
                    reader.Strings(value, env: true, EnvStringListType, "string");
                    break;
                case "enclave":
                    Env(value);
                    break;
                case "tls":
                    foreach (var (tlsField, tlsValue) in reader.Entries(value, Struct))
                    {
                        if (tlsField is "cert" or "key" or "ca")
                        {
                            Env(tlsValue);
                        }
                    }

                    break;
            }
        }
    }

    // A struct whose fields are all strings: their values in the order of names, ${VAR} expanded;
    // empty when absent, and the last one wins when a field repeats.
    private string[] Strings(YamlNode node, params string[] names)
    {
        var values = new string[names.Length];
        Array.Fill(values, string.Empty);
        foreach (var (field, value) in reader.Entries(node, Struct))
        {
            var index = Array.IndexOf(names, field);
            if (index >= 0)
            {
                values[index] = Env(value) ?? values[index];
            }
        }

        return values;
    }

    // A one-field struct such as tls: { ca: ... } or credentials: { key: ... }.
    private string? Field(YamlNode node, string name)
    {
        string? result = null;
        foreach (var (field, value) in reader.Entries(node, Struct))
        {
            if (field == name)
            {
                result = Env(value) ?? result;
            }
        }

        return result;
    }
}
