using System.Text;
using Kes.Api.Cli.Migrate;
using Kes.Domain.Ports;
using Kes.Infrastructure.KeyStores;
using Kes.Infrastructure.KeyStores.InMemory;

namespace Kes.IntegrationTests.Cli;

public sealed class KeyMigrationTests
{
    [Fact]
    public async Task An_interrupted_migration_rerun_with_merge_loses_nothing()
    {
        await using var source = await Filled(500);
        await using var target = new InMemoryKeyStore();
        var crashing = new FailingStore(target, createsBeforeFailure: 200);
        var interrupted = new KeyMigration(source, crashing, GlobPattern.Parse("*"), ExistingKeys.Fail);
        await Assert.ThrowsAsync<MigrationException>(() => interrupted.RunAsync(CancellationToken.None));
        var copied = (await target.ListAsync(string.Empty, -1, CancellationToken.None)).Names.Count;
        Assert.Equal(200, copied);

        var rerun = new KeyMigration(source, target, GlobPattern.Parse("*"), ExistingKeys.Skip);
        Assert.Equal(500 - copied, await rerun.RunAsync(CancellationToken.None));
        foreach (var name in (await source.ListAsync(string.Empty, -1, CancellationToken.None)).Names)
        {
            Assert.Equal(await source.GetAsync(name, CancellationToken.None), await target.GetAsync(name, CancellationToken.None));
        }
    }

    [Fact]
    public async Task Listing_reaches_every_name_when_the_store_cuts_its_pages()
    {
        await using var inner = await Filled(300, i => $"{"abcxyzABC_-0"[i % 12]}{i % 7}-{i}");
        var capped = new CappedStore(inner, pageSize: 50);
        var names = await KeyStoreNames.ListAllAsync(capped, CancellationToken.None);
        var expected = (await inner.ListAsync(string.Empty, -1, CancellationToken.None)).Names;
        Assert.Equal(expected.OrderBy(n => n, StringComparer.Ordinal), names.OrderBy(n => n, StringComparer.Ordinal));
        Assert.True(capped.Calls > 1);
    }

    [Theory]
    [InlineData("*", "anything", true)]
    [InlineData("key-?", "key-1", true)]
    [InlineData("key-?", "key-12", false)]
    [InlineData("key-[0-4]*", "key-3x", true)]
    [InlineData("key-[0-4]*", "key-5x", false)]
    [InlineData("key-[^0-4]*", "key-5x", true)]
    [InlineData(@"a\*", "a*", true)]
    [InlineData(@"a\*", "ab", false)]
    [InlineData("minio-*", "minio-", true)]
    public void Glob_patterns_follow_go_path_match(string pattern, string name, bool matches) =>
        Assert.Equal(matches, GlobPattern.Parse(pattern).IsMatch(name));

    [Theory]
    [InlineData("[")]
    [InlineData("[a-")]
    [InlineData(@"a\")]
    [InlineData("[z-a]")]
    public void Malformed_glob_patterns_are_rejected(string pattern) =>
        Assert.Equal(GlobPattern.BadPattern, Assert.Throws<FormatException>(() => GlobPattern.Parse(pattern)).Message);

    private static async Task<InMemoryKeyStore> Filled(int count, Func<int, string>? name = null)
    {
        var store = new InMemoryKeyStore();
        for (var i = 0; i < count; i++)
        {
            await store.CreateAsync(name?.Invoke(i) ?? $"k{i:D4}", Encoding.ASCII.GetBytes($"v{i}"), CancellationToken.None);
        }

        return store;
    }

    /// <summary>Stands for a target that goes away mid-migration: creates fail after a number of successes.</summary>
    private sealed class FailingStore(IKeyStore inner, int createsBeforeFailure) : IKeyStore
    {
        private int _creates;

        public Task CreateAsync(string name, ReadOnlyMemory<byte> value, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _creates) > createsBeforeFailure
                ? Task.FromException(new IOException("connection reset"))
                : inner.CreateAsync(name, value, cancellationToken);

        public Task<byte[]> GetAsync(string name, CancellationToken cancellationToken) => inner.GetAsync(name, cancellationToken);

        public Task DeleteAsync(string name, CancellationToken cancellationToken) => inner.DeleteAsync(name, cancellationToken);

        public Task<KeyListPage> ListAsync(string prefix, int limit, CancellationToken cancellationToken) => inner.ListAsync(prefix, limit, cancellationToken);

        public Task<TimeSpan> StatusAsync(CancellationToken cancellationToken) => inner.StatusAsync(cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>A store that ignores the requested limit and cuts every page at a fixed size, as a remote backend may.</summary>
    private sealed class CappedStore(IKeyStore inner, int pageSize) : IKeyStore
    {
        public int Calls { get; private set; }

        public async Task<KeyListPage> ListAsync(string prefix, int limit, CancellationToken cancellationToken)
        {
            Calls++;
            var all = await inner.ListAsync(string.Empty, -1, cancellationToken);
            return KeyListPaging.Page(all.Names, prefix, pageSize);
        }

        public Task CreateAsync(string name, ReadOnlyMemory<byte> value, CancellationToken cancellationToken) => inner.CreateAsync(name, value, cancellationToken);

        public Task<byte[]> GetAsync(string name, CancellationToken cancellationToken) => inner.GetAsync(name, cancellationToken);

        public Task DeleteAsync(string name, CancellationToken cancellationToken) => inner.DeleteAsync(name, cancellationToken);

        public Task<TimeSpan> StatusAsync(CancellationToken cancellationToken) => inner.StatusAsync(cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
