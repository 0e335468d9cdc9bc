using Kes.Domain.Time;
using System.CommandLine;
using System.Net;
using System.Security.Cryptography;
using Kes.Api.Cli.Common;
using Kes.Credentials.Certificates;
using Kes.Credentials.Keys;
using Kes.Credentials.Pem;

namespace Kes.Api.Cli.Identities;

/// <summary><c>kes identity new</c>: a new Ed25519 API key, and with <c>--key</c>/<c>--cert</c> also its private key (PKCS#8, mode 0600) and a self-signed certificate (mode 0644) for it.</summary>
internal static class IdentityNewCommand
{
    private const UnixFileMode PrivateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PublicMode = PrivateMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static Command Create(CliConsole console)
    {
        var arguments = CliOptions.Arguments("subject");
        var keyFile = new Option<string?>("--key") { Description = "Path to private key" };
        var certFile = new Option<string?>("--cert") { Description = "Path to certificate" };
        var ips = new Option<string[]>("--ip") { Description = "Add <IP> as subject alternative name (SAN)", AllowMultipleArgumentsPerToken = false };
        var dns = new Option<string[]>("--dns") { Description = "Add <DOMAIN> as subject alternative name (SAN)", AllowMultipleArgumentsPerToken = false };
        var expiry = new Option<string>("--expiry") { Description = "Duration until the certificate expires", DefaultValueFactory = static _ => "720h" };
        var encrypt = new Option<bool>("--encrypt") { Description = "Encrypt the private key with a password" };
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite existing files" };
        var command = new Command("new", "Create a new API key, and optionally a private key and certificate for it")
        {
            arguments, keyFile, certFile, ips, dns, expiry, encrypt, force,
        };
        command.SetAction(parse =>
        {
            var args = Usage.AtMost(parse.GetValue(arguments), 1, "identity new");
            var keyPath = parse.GetValue(keyFile) ?? string.Empty;
            var certPath = parse.GetValue(certFile) ?? string.Empty;
            if (keyPath.Length != 0 && certPath.Length == 0)
            {
                throw new CliException("private key file specified but no certificate file. Set the '--cert' flag");
            }

            if (certPath.Length != 0 && keyPath.Length == 0)
            {
                throw new CliException("certificate file specified but no private key file. Set the '--key' flag");
            }

            var writeFiles = keyPath.Length != 0;
            if (!writeFiles)
            {
                foreach (var (option, name) in new (Option, string)[] { (ips, "ip"), (dns, "dns"), (expiry, "expiry"), (encrypt, "encrypt"), (force, "force") })
                {
                    if (parse.GetResult(option) is { Implicit: false })
                    {
                        throw new CliException($"'--{name}' requires a private key and certificate file. Set the '--cert' and '--key' flag");
                    }
                }
            }

            using var apiKey = ApiKey.Generate();
            if (writeFiles)
            {
                var template = Template(apiKey, args.Length == 1 ? args[0] : null, parse.GetValue(ips) ?? [], parse.GetValue(dns) ?? [], parse.GetValue(expiry) ?? "720h");
                WriteKeyPair(console, apiKey, template, keyPath, certPath, parse.GetValue(force), parse.GetValue(encrypt));
            }

            var key = apiKey.Reveal();
            console.Out.Write(
                "\nYour API key:\n\n"
                + $"   {key}\n\n"
                + "This is the only time it is shown. Keep it secret and secure!\n\n"
                + "Your Identity:\n\n"
                + $"   {apiKey.Identity.Value}\n\n"
                + "The identity is not a secret. It can be shared. Any peer\n"
                + "needs this identity in order to verify your API key.\n\n"
                + "The identity can be computed again via:\n\n"
                + $"    kes identity of {key}\n\n");
            return 0;
        });
        return command;
    }

    private static CertificateTemplate Template(ApiKey apiKey, string? subject, string[] ips, string[] dnsNames, string expiry)
    {
        var addresses = new List<IPAddress>(ips.Length);
        foreach (var ip in ips)
        {
            addresses.Add(IPAddress.TryParse(ip, out var address) ? address : throw new CliException($"invalid IP address '{ip}'"));
        }

        if (!GoDuration.TryParse(expiry, out var nanoseconds) || nanoseconds <= 0)
        {
            throw new CliException($"invalid expiry duration '{expiry}'");
        }

        return new CertificateTemplate
        {
            CommonName = subject ?? apiKey.Identity.Value,
            Validity = GoDuration.ToTimeSpan(nanoseconds),
            ClientAuth = true,
            ServerAuth = true,
            DnsNames = dnsNames,
            IPAddresses = addresses,
        };
    }

    private static void WriteKeyPair(CliConsole console, ApiKey apiKey, CertificateTemplate template, string keyPath, string certPath, bool force, bool encrypt)
    {
        if (!force && File.Exists(keyPath))
        {
            throw new CliException("private key already exists. Use --force to overwrite it");
        }

        if (!force && File.Exists(certPath))
        {
            throw new CliException("certificate already exists. Use --force to overwrite it");
        }

        var password = encrypt ? AskPassword(console) : null;
        using var certificate = apiKey.CreateCertificate(template);
        if (password is not null)
        {
            Write(keyPath, LegacyPemEncryption.Encrypt("PRIVATE KEY", certificate.PrivateKeyPkcs8, password), PrivateMode);
        }
        else
        {
            var pem = GC.AllocateArray<byte>(certificate.PrivateKeyPem.Length + 1, pinned: true);
            try
            {
                for (var i = 0; i < certificate.PrivateKeyPem.Length; i++)
                {
                    pem[i] = (byte)certificate.PrivateKeyPem[i];
                }

                pem[^1] = (byte)'\n';
                Write(keyPath, pem, PrivateMode);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(pem);
            }
        }

        Write(certPath, System.Text.Encoding.ASCII.GetBytes(certificate.CertificatePem + "\n"), PublicMode);
    }

    private static string AskPassword(CliConsole console)
    {
        var password = console.ReadPassword("Enter password for private key: ");
        if (string.IsNullOrEmpty(password))
        {
            throw new CliException("password must not be empty");
        }

        if (console.ReadPassword("Confirm password for private key: ") != password)
        {
            throw new CliException("passwords don't match");
        }

        return password;
    }

    private static void Write(string path, byte[] content, UnixFileMode mode)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        try
        {
            using (var file = new FileStream(path, options))
            {
                file.Write(content);
            }

            // The create mode applies only to new files; --force may have replaced an existing one.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, mode);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"failed to write '{path}': {e.Message}", e);
        }
    }
}
