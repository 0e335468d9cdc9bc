using System.CommandLine;
using System.Net;

namespace Kes.Api.Cli.Server;

/// <summary><c>kes server</c> (docs/cli.md §4.1): from a config file, in dev mode, or, with neither, on the embedded default.</summary>
public static class ServerCommand
{
    /// <summary>The command with its flags, including the deprecated ones that upstream still accepts.</summary>
    public static Command Create()
    {
        var addr = new Option<string?>("--addr") { Description = "The address of the server (default 0.0.0.0:7373)" };
        var config = new Option<string?>("--config") { Description = "Path to the server configuration file" };
        var dev = new Option<bool>("--dev") { Description = "Start the KES server in development mode: in-memory keys, a fresh API key as admin" };
        var data = new Option<string?>("--data") { Description = "Folder of the embedded default (no --config, no --dev): keys, certificate, admin API key", DefaultValueFactory = _ => "kes-data" };
        var fips = new Option<bool>("--fips") { Description = "FIPS mode: AES256 keys only; ChaCha20 keys can neither be imported nor used" };
        var mlock = new Option<bool>("--mlock") { Description = "Lock all process memory (mlockall); fails without CAP_IPC_LOCK" };
        var key = new Option<string?>("--key") { Hidden = true };
        var cert = new Option<string?>("--cert") { Hidden = true };
        var auth = new Option<string?>("--auth") { Hidden = true };
        var command = new Command("server", "Start a KES server") { addr, config, dev, data, fips, mlock, key, cert, auth };
        command.SetAction((parse, cancellationToken) =>
        {
            var stderr = Console.Error;
            Deprecated(stderr, parse.GetValue(key), "--key", "Specify the private key in the config file");
            Deprecated(stderr, parse.GetValue(cert), "--cert", "Specify the certificate in the config file");
            Deprecated(stderr, parse.GetValue(auth), "--auth", "Specify the client certificate verification in the config file");
            var options = new ServerOptions(
                parse.GetValue(addr),
                parse.GetValue(config),
                parse.GetValue(dev),
                parse.GetValue(data) ?? "kes-data",
                parse.GetValue(mlock),
                parse.GetValue(fips));
            return ServerRunner.RunAsync(options, Console.Out, stderr, cancellationToken);
        });
        return command;
    }

    private static void Deprecated(TextWriter stderr, string? value, string flag, string advice)
    {
        if (value is not null)
        {
            stderr.WriteLine($"WARNING: '{flag}' flag is deprecated and no longer honored. {advice}");
        }
    }
}

/// <summary>The parsed <c>kes server</c> flags.</summary>
public sealed record ServerOptions(string? Address, string? ConfigFile, bool Dev, string DataFolder, bool MemoryLock, bool Fips = false)
{
    /// <summary>The listen address: <c>--addr</c>, else the given default.</summary>
    public IPEndPoint ListenAddress(string fallback) => Infrastructure.Configuration.ListenAddress.Parse(Address ?? fallback);
}
