using System.Runtime.Versioning;
using System.Security.Cryptography;
using Kes.Domain.Errors;
using Kes.Domain.Ports;
using Kes.Infrastructure.KeyStores.FileSystem;

namespace Kes.IntegrationTests.KeyStores;

[UnsupportedOSPlatform("windows")]
public sealed class FileSystemKeyStoreContract : KeyStoreContract
{
    private const string InvalidName = "fs: key name contains invalid character";
    private const UnixFileMode Mode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Mode0700 = Mode0600 | UnixFileMode.UserExecute;

    // The store directory sits one level below a per-test folder, so escapes out of it are visible.
    private readonly string _sandbox = Path.Combine(Path.GetTempPath(), "kes-fs-" + RandomNumberGenerator.GetHexString(16, lowercase: true));

    private string KeyDirectory => Path.Combine(_sandbox, "keys");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_sandbox, recursive: true);
    }

    [Fact]
    public void The_banner_is_Filesystem_and_the_configured_path() =>
        Assert.Equal("Filesystem: " + KeyDirectory, ((FileSystemKeyStore)Store).Description);

    [Fact]
    public void The_directory_and_its_missing_parents_are_created_0700()
    {
        Assert.Equal(Mode0700, File.GetUnixFileMode(_sandbox));
        Assert.Equal(Mode0700, File.GetUnixFileMode(KeyDirectory));
    }

    [Fact]
    public async Task A_key_file_is_0600_and_holds_exactly_the_value_without_a_newline()
    {
        var value = Text(KeyVersionVectors.Accepted.First(vector => vector.Encoding == "base64_protobuf").Text);

        await Store.CreateAsync("my-key", value, default);

        var file = Path.Combine(KeyDirectory, "my-key");
        Assert.Equal(Mode0600, File.GetUnixFileMode(file));
        Assert.Equal(value, await File.ReadAllBytesAsync(file));
    }

    [Fact]
    public async Task A_key_file_written_by_upstream_is_read_back()
    {
        var text = KeyVersionVectors.Accepted.First(vector => vector.Encoding == "base64_protobuf").Text;
        await File.WriteAllTextAsync(Path.Combine(KeyDirectory, "my-key"), text);

        Assert.Equal(Text(text), await Store.GetAsync("my-key", default));
        Assert.Equal(["my-key"], (await Store.ListAsync("", -1, default)).Names);
    }

    [Fact]
    public async Task Empty_and_binary_values_round_trip()
    {
        var binary = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        await Store.CreateAsync("empty", ReadOnlyMemory<byte>.Empty, default);
        await Store.CreateAsync("binary", binary, default);

        Assert.Empty(await Store.GetAsync("empty", default));
        Assert.Equal(binary, await Store.GetAsync("binary", default));
    }

    [Fact]
    public async Task A_new_store_on_the_same_directory_keeps_every_key()
    {
        var names = Enumerable.Range(0, 5).Select(i => $"key-{i}").ToArray();
        foreach (var name in names)
        {
            await Store.CreateAsync(name, Text("value of " + name), default);
        }

        await Store.DisposeAsync();
        await using var restarted = await CreateStoreAsync();

        Assert.Equal(names, (await restarted.ListAsync("", -1, default)).Names);
        foreach (var name in names)
        {
            Assert.Equal(Text("value of " + name), await restarted.GetAsync(name, default));
        }
    }

    [Fact]
    public async Task A_create_leaves_only_the_key_file_behind_even_when_the_key_exists()
    {
        await Store.CreateAsync("my-key", Text("first"), default);
        await AssertFailsWith(KesError.KeyExists, () => Store.CreateAsync("my-key", Text("second"), default));

        Assert.Equal(["my-key"], Directory.GetFileSystemEntries(KeyDirectory).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_create_that_died_before_publishing_leaves_no_key()
    {
        // What a crash between the fsync of the temporary file and link(2) leaves behind.
        await File.WriteAllTextAsync(Path.Combine(KeyDirectory, TempName()), "CiQKIFyJglFoYjU=");

        await AssertFailsWith(KesError.KeyNotFound, () => Store.GetAsync("my-key", default));
        Assert.Empty((await Store.ListAsync("", -1, default)).Names);
        await Store.CreateAsync("my-key", Text("value"), default);
        Assert.Equal(Text("value"), await Store.GetAsync("my-key", default));
    }

    [Fact]
    public async Task Temporary_files_are_never_listed_and_stale_ones_are_removed_at_startup()
    {
        var stale = Path.Combine(KeyDirectory, TempName());
        var fresh = Path.Combine(KeyDirectory, TempName());
        await File.WriteAllTextAsync(stale, "stale");
        await File.WriteAllTextAsync(fresh, "fresh");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-1));
        await Store.CreateAsync("my-key", Text("value"), default);

        Assert.Equal(["my-key"], (await Store.ListAsync("", -1, default)).Names);
        await using var restarted = await CreateStoreAsync();

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(fresh));
        Assert.Equal(["my-key"], (await restarted.ListAsync("", -1, default)).Names);
    }

    [Fact]
    public async Task Regular_files_are_listed_dot_files_included_but_not_directories_links_or_fifos()
    {
        await File.WriteAllTextAsync(Path.Combine(KeyDirectory, ".DS_Store"), "finder");
        await File.WriteAllTextAsync(Path.Combine(KeyDirectory, ".tmp-not-ours"), "foreign");
        Directory.CreateDirectory(Path.Combine(KeyDirectory, "sub"));
        await MakeFifoAsync(Path.Combine(KeyDirectory, "fifo"));
        await Store.CreateAsync("my-key", Text("value"), default);
        File.CreateSymbolicLink(Path.Combine(KeyDirectory, "link"), Path.Combine(KeyDirectory, "my-key"));

        Assert.Equal([".DS_Store", ".tmp-not-ours", "my-key"], (await Store.ListAsync("", -1, default)).Names);
    }

    [Fact]
    public async Task A_fifo_of_a_key_name_is_refused_at_once_instead_of_waiting_for_a_writer()
    {
        var fifo = Path.Combine(KeyDirectory, "fifo");
        await MakeFifoAsync(fifo);

        // The guard only turns a hang into a failure; a refusal takes microseconds.
        var exception = await Assert.ThrowsAsync<IOException>(() => Store.GetAsync("fifo", default).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal($"open {fifo}: not a regular file", exception.Message);
    }

    [Fact]
    public async Task A_symbolic_link_of_a_key_name_is_not_followed()
    {
        var outside = Path.Combine(_sandbox, "outside");
        await File.WriteAllTextAsync(outside, KeyVersionVectors.Accepted.First(vector => vector.Encoding == "base64_protobuf").Text);
        var link = Path.Combine(KeyDirectory, "link");
        File.CreateSymbolicLink(link, outside);

        var exception = await Assert.ThrowsAsync<IOException>(() => Store.GetAsync("link", default));

        Assert.Equal($"open {link}: not a regular file", exception.Message);
    }

    [Fact]
    public async Task I_O_failures_are_worded_as_Go_path_errors()
    {
        await Store.CreateAsync("my-key", Text("value"), default);
        Directory.Delete(KeyDirectory, recursive: true);
        await File.WriteAllTextAsync(KeyDirectory, "a file where the folder was");

        var get = await Assert.ThrowsAsync<IOException>(() => Store.GetAsync("my-key", default));
        var delete = await Assert.ThrowsAsync<IOException>(() => Store.DeleteAsync("my-key", default));
        var status = await Assert.ThrowsAsync<KeyStoreUnreachableException>(() => Store.StatusAsync(default));
        File.Delete(KeyDirectory);
        var create = await Assert.ThrowsAsync<IOException>(() => Store.CreateAsync("other", Text("value"), default));
        var list = await Assert.ThrowsAsync<IOException>(() => Store.ListAsync("", -1, default));

        Assert.Equal($"open {KeyDirectory}/my-key: not a directory", get.Message);
        Assert.Equal($"remove {KeyDirectory}/my-key: not a directory", delete.Message);
        Assert.Matches($"^open {KeyDirectory}/\\.tmp-[0-9a-f]{{32}}: no such file or directory$", create.Message);
        Assert.Equal($"open {KeyDirectory}: no such file or directory", list.Message);
        Assert.Equal($"kes: keystore unreachable: fs: '{KeyDirectory}' is not a directory", status.Message);
    }

    [Fact]
    public async Task Listing_more_than_1024_keys_pages_at_1024()
    {
        var names = Enumerable.Range(0, 1030).Select(i => $"k{i:D4}").ToArray();
        foreach (var name in names)
        {
            await File.WriteAllTextAsync(Path.Combine(KeyDirectory, name), name);
        }

        var page = await Store.ListAsync("", -1, default);

        Assert.Equal(names[..1024], page.Names);
        Assert.Equal(names[1024], page.ContinueAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("my.key")]
    [InlineData("../escaped")]
    [InlineData("sub/key")]
    [InlineData("/tmp/escaped")]
    [InlineData("sub\\key")]
    [InlineData("nul\0key")]
    public async Task A_name_that_is_not_a_plain_path_segment_is_rejected_and_touches_nothing(string name)
    {
        var create = await Assert.ThrowsAsync<ArgumentException>(() => Store.CreateAsync(name, Text("value"), default));
        var get = await Assert.ThrowsAsync<ArgumentException>(() => Store.GetAsync(name, default));
        var delete = await Assert.ThrowsAsync<ArgumentException>(() => Store.DeleteAsync(name, default));

        Assert.All([create, get, delete], exception => Assert.Equal(InvalidName, exception.Message));
        Assert.Equal([KeyDirectory], Directory.GetFileSystemEntries(_sandbox));
        Assert.Empty(Directory.GetFileSystemEntries(KeyDirectory));
    }

    [Fact]
    public async Task A_name_with_a_lone_surrogate_is_rejected_because_it_would_alias_a_U_FFFD_name()
    {
        // Built here: xunit's theory data serialization would replace the lone surrogate.
        var name = "lone" + '\uD800' + "surrogate";

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => Store.CreateAsync(name, Text("value"), default));

        Assert.Equal(InvalidName, exception.Message);
        Assert.Empty(Directory.GetFileSystemEntries(KeyDirectory));
    }

    [Fact]
    public async Task A_file_larger_than_1_MiB_is_not_read()
    {
        await File.WriteAllBytesAsync(Path.Combine(KeyDirectory, "huge"), new byte[FileSystemKeyStore.MaxValueSize + 1]);

        var exception = await Assert.ThrowsAsync<IOException>(() => Store.GetAsync("huge", default));
        Assert.Equal("fs: key 'huge' is larger than 1 MiB", exception.Message);
    }

    [Fact]
    public async Task A_file_of_exactly_1_MiB_is_read()
    {
        var value = new byte[FileSystemKeyStore.MaxValueSize];
        value[^1] = 0x42;
        await File.WriteAllBytesAsync(Path.Combine(KeyDirectory, "big"), value);

        Assert.Equal(value, await Store.GetAsync("big", default));
    }

    [Fact]
    public async Task A_path_that_is_a_file_is_rejected_as_not_a_directory()
    {
        var file = Path.Combine(_sandbox, "file");
        await File.WriteAllTextAsync(file, "not a directory");

        var exception = Assert.Throws<IOException>(() => new FileSystemKeyStore(file));
        Assert.Equal($"fs: '{file}' is not a directory", exception.Message);
    }

    [Fact]
    public async Task Status_of_a_removed_directory_is_unreachable()
    {
        Directory.Delete(KeyDirectory, recursive: true);

        var exception = await Assert.ThrowsAsync<KeyStoreUnreachableException>(() => Store.StatusAsync(default));
        Assert.StartsWith("kes: keystore unreachable: ", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_directory_entry_of_a_key_name_is_not_read_as_a_key()
    {
        Directory.CreateDirectory(Path.Combine(KeyDirectory, "sub"));

        var exception = await Assert.ThrowsAsync<IOException>(() => Store.GetAsync("sub", default));
        Assert.Equal($"open {Path.Combine(KeyDirectory, "sub")}: not a regular file", exception.Message);
        await AssertFailsWith(KesError.KeyExists, () => Store.CreateAsync("sub", Text("value"), default));
    }

    protected override Task<IKeyStore> CreateStoreAsync() => Task.FromResult<IKeyStore>(new FileSystemKeyStore(KeyDirectory));

    private static async Task MakeFifoAsync(string path)
    {
        using var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]);
        await mkfifo.WaitForExitAsync();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    private static string TempName() => ".tmp-" + RandomNumberGenerator.GetHexString(32, lowercase: true);
}
