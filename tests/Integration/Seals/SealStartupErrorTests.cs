using Kes.IntegrationTests.Server;

namespace Kes.IntegrationTests.Seals;

/// <summary>Every way the seal can fail to open stops the server at startup with a message that names the cause (docs/config.md §4.10).</summary>
public sealed class SealStartupErrorTests : IDisposable
{
    private readonly ConfigFolder _folder = ConfigFolder.Create();

    [SkippableFact]
    public async Task A_missing_module_file_is_named()
    {
        using var hsm = await SoftHsm.CreateAsync(rootKey: false);
        var module = Path.Combine(_folder.Path, "missing.so");
        await AssertRefusedAsync(hsm, SoftHsm.SealSection(module: module), $"seal: PKCS#11 module '{module}' does not exist");
    }

    [SkippableFact]
    public async Task A_file_that_is_no_pkcs11_library_is_refused()
    {
        using var hsm = await SoftHsm.CreateAsync(rootKey: false);
        var module = _folder.WriteFile("not-a-library.so", "just text");
        await AssertRefusedAsync(hsm, SoftHsm.SealSection(module: module), $"seal: '{module}' is not a PKCS#11 module: it cannot be loaded as a shared library");
    }

    [SkippableFact]
    public async Task A_token_label_that_no_token_has_is_refused()
    {
        using var hsm = await SoftHsm.CreateAsync();
        await AssertRefusedAsync(hsm, SoftHsm.SealSection(token: "other"), "seal: no PKCS#11 token is labelled 'other'");
    }

    [SkippableFact]
    public async Task A_token_label_that_two_tokens_have_is_refused()
    {
        using var hsm = await SoftHsm.CreateAsync();
        await hsm.InitTokenAsync(SoftHsm.Token);
        await AssertRefusedAsync(hsm, SoftHsm.SealSection(), "seal: 2 PKCS#11 tokens are labelled 'kes': the label must name one token");
    }

    [SkippableFact]
    public async Task A_wrong_pin_is_refused_once_and_never_logged()
    {
        using var hsm = await SoftHsm.CreateAsync();
        var environment = hsm.Environment;
        environment["KES_HSM_PIN"] = "987654";
        var stderr = await AssertRefusedAsync(hsm, SoftHsm.SealSection(), "seal: the PIN for PKCS#11 token 'kes' is wrong (CKR_PIN_INCORRECT); not retried", environment);
        Assert.DoesNotContain("987654", stderr, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_missing_root_key_is_refused()
    {
        using var hsm = await SoftHsm.CreateAsync(rootKey: false);
        await AssertRefusedAsync(hsm, SoftHsm.SealSection(), "seal: no AES key labelled 'kes-root' in PKCS#11 token 'kes'");
    }

    [SkippableFact]
    public async Task An_extractable_root_key_is_refused()
    {
        using var hsm = await SoftHsm.CreateAsync(rootKey: false);
        await hsm.GenerateKeyWithPkcs11ToolAsync(SoftHsm.RootKey, 32, "--sensitive", "--extractable");
        await AssertRefusedAsync(hsm, SoftHsm.SealSection(), "seal: the root key 'kes-root' is extractable (CKA_EXTRACTABLE=true)");
    }

    [SkippableFact]
    public async Task A_root_key_that_is_not_sensitive_is_refused()
    {
        using var hsm = await SoftHsm.CreateAsync(rootKey: false);
        await hsm.GenerateKeyWithPkcs11ToolAsync(SoftHsm.RootKey, 32);
        await AssertRefusedAsync(hsm, SoftHsm.SealSection(), "seal: the root key 'kes-root' is not sensitive (CKA_SENSITIVE=false)");
    }

    [SkippableFact]
    public async Task A_root_key_shorter_than_256_bits_is_refused()
    {
        using var hsm = await SoftHsm.CreateAsync(rootKey: false);
        await hsm.GenerateKeyWithPkcs11ToolAsync(SoftHsm.RootKey, 16, "--sensitive");
        await AssertRefusedAsync(hsm, SoftHsm.SealSection(), "seal: the root key 'kes-root' is a 128-bit AES key; the seal needs AES-256");
    }

    [Fact]
    public async Task A_seal_section_without_a_module_is_a_config_error()
    {
        var config = _folder.Write($"admin:\n  identity: disabled\n{_folder.TlsSection}keystore:\n  fs:\n    path: {_folder.KeysFolder}\nseal:\n  pkcs11:\n    token: kes\n    key: kes-root\n");
        await using var kes = KesProcess.Start(["server", "--config", config]);
        Assert.Equal(1, await kes.WaitForExitAsync());
        Assert.Contains("kesconf: invalid seal config: no pkcs11 module specified", kes.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private async Task<string> AssertRefusedAsync(SoftHsm hsm, string seal, string expected, Dictionary<string, string>? environment = null)
    {
        var config = _folder.Write($"address: 127.0.0.1:0\nadmin:\n  identity: disabled\n{_folder.TlsSection}keystore:\n  fs:\n    path: {_folder.KeysFolder}\n{seal}");
        await using var kes = KesProcess.Start(["server", "--config", config], environment ?? hsm.Environment);
        Assert.Equal(1, await kes.WaitForExitAsync());
        Assert.Contains(expected, kes.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("up and running", kes.Stdout, StringComparison.Ordinal);
        return kes.Stderr;
    }
}
