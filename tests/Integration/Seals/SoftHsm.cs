using System.Diagnostics;
using Kes.IntegrationTests.Server;

namespace Kes.IntegrationTests.Seals;

/// <summary>A fresh SoftHSM2 token store in a temporary folder, with its own <c>softhsm2.conf</c>: the <c>kes</c> child processes get it through <c>SOFTHSM2_CONF</c>, which the library reads only at process start.</summary>
public sealed class SoftHsm : IDisposable
{
    /// <summary>Debian's SoftHSM2 module (.ci/install-hsm-tools installs it).</summary>
    public const string Module = "/usr/lib/softhsm/libsofthsm2.so";

    /// <summary>The user PIN of every token made here.</summary>
    public const string Pin = "1234";

    /// <summary>The label of the token the server uses.</summary>
    public const string Token = "kes";

    /// <summary>The label of the root key.</summary>
    public const string RootKey = "kes-root";

    private SoftHsm(string folder) => Folder = folder;

    /// <summary>The folder: the config file, the token store and, while pulled away, the token.</summary>
    public string Folder { get; }

    /// <summary>The token store named by the config.</summary>
    public string TokenStore => Path.Combine(Folder, "tokens");

    /// <summary>The config file.</summary>
    public string ConfigFile => Path.Combine(Folder, "softhsm2.conf");

    /// <summary>The environment a <c>kes</c> process needs to reach the token: the config and the PIN.</summary>
    public Dictionary<string, string> Environment => new() { ["SOFTHSM2_CONF"] = ConfigFile, ["KES_HSM_PIN"] = Pin };

    /// <summary>The <c>seal:</c> section that uses this token's root key, the PIN read from <c>KES_HSM_PIN</c>.</summary>
    public static string SealSection(bool allowUnsealed = false, string key = RootKey, string token = Token, string module = Module) =>
        $"seal:\n  allow_unsealed: {(allowUnsealed ? "true" : "false")}\n  pkcs11:\n    module: {module}\n    token: {token}\n    pin: ${{KES_HSM_PIN}}\n    key: {key}\n";

    /// <summary>Skips the calling test where SoftHSM2 is not installed.</summary>
    public static void SkipIfMissing() =>
        Skip.IfNot(File.Exists(Module) && File.Exists("/usr/bin/softhsm2-util"), "SoftHSM2 is not installed: run .ci/install-hsm-tools");

    /// <summary>A new token store with one token labelled <see cref="Token"/> and, unless told otherwise, the root key made by <c>kes hsm init-root-key</c>.</summary>
    public static async Task<SoftHsm> CreateAsync(bool rootKey = true)
    {
        SkipIfMissing();
        var hsm = new SoftHsm(Directory.CreateTempSubdirectory("kes-softhsm-").FullName);
        Directory.CreateDirectory(hsm.TokenStore);
        await File.WriteAllTextAsync(hsm.ConfigFile, $"directories.tokendir = {hsm.TokenStore}\nobjectstore.backend = file\nlog.level = ERROR\n");
        await hsm.InitTokenAsync(Token);
        if (rootKey)
        {
            var (code, output) = await hsm.KesAsync("hsm", "init-root-key", "--module", Module, "--token", Token, "--key", RootKey);
            Assert.True(code == 0, output);
        }

        return hsm;
    }

    /// <summary>Adds a token labelled <paramref name="label"/> (a second <see cref="Token"/> makes the label ambiguous).</summary>
    public async Task InitTokenAsync(string label)
    {
        var (code, output) = await RunAsync("softhsm2-util", "--init-token", "--free", "--label", label, "--pin", Pin, "--so-pin", "5678");
        Assert.True(code == 0, output);
    }

    /// <summary>Makes an AES key with OpenSC's <c>pkcs11-tool</c> and the given attribute flags, for keys <c>kes</c> itself would never make.</summary>
    public async Task GenerateKeyWithPkcs11ToolAsync(string label, int bytes, params string[] flags)
    {
        Skip.IfNot(File.Exists("/usr/bin/pkcs11-tool"), "OpenSC's pkcs11-tool is not installed: run .ci/install-hsm-tools");
        var (code, output) = await RunAsync("pkcs11-tool", ["--module", Module, "--token-label", Token, "--login", "--pin", Pin, "--keygen", "--key-type", $"AES:{bytes}", "--label", label, .. flags]);
        Assert.True(code == 0, output);
    }

    /// <summary>Runs the <c>kes</c> command line with this token's environment; returns its exit code and output.</summary>
    public async Task<(int Code, string Output)> KesAsync(params string[] arguments)
    {
        await using var kes = KesProcess.Start(arguments, Environment);
        var code = await kes.WaitForExitAsync();
        return (code, kes.Stdout + kes.Stderr);
    }

    /// <summary>Takes the token's files out of the store, as if the HSM went away: the store is then empty.</summary>
    public void PullAway()
    {
        foreach (var token in Directory.GetDirectories(TokenStore))
        {
            Directory.Move(token, Path.Combine(Folder, "away-" + Path.GetFileName(token)));
        }
    }

    /// <summary>Puts the token's files back.</summary>
    public void Return()
    {
        foreach (var token in Directory.GetDirectories(Folder, "away-*"))
        {
            Directory.Move(token, Path.Combine(TokenStore, Path.GetFileName(token)["away-".Length..]));
        }
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private async Task<(int Code, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["SOFTHSM2_CONF"] = ConfigFile;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
