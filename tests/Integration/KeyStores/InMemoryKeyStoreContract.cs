using System.Text;
using Kes.Domain.Errors;
using Kes.Domain.Ports;
using Kes.Infrastructure.KeyStores.InMemory;

namespace Kes.IntegrationTests.KeyStores;

public sealed class InMemoryKeyStoreContract : KeyStoreContract
{
    private InMemoryKeyStore Memory => (InMemoryKeyStore)Store;

    [Fact]
    public void The_banner_is_In_Memory() => Assert.Equal("In Memory", Memory.Description);

    [Fact]
    public async Task Status_is_always_1_ms() => Assert.Equal(TimeSpan.FromMilliseconds(1), await Store.StatusAsync(default));

    [Fact]
    public async Task Get_returns_a_copy_the_caller_may_clear()
    {
        await Store.CreateAsync("key", Text("value"), default);

        Array.Clear(await Store.GetAsync("key", default));

        Assert.Equal(Text("value"), await Store.GetAsync("key", default));
    }

    [Fact]
    public async Task Create_keeps_its_own_copy_of_the_value()
    {
        var value = Text("value");
        await Store.CreateAsync("key", value, default);

        Array.Clear(value);

        Assert.Equal(Text("value"), await Store.GetAsync("key", default));
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
    public async Task List_with_a_negative_limit_returns_every_match_without_a_cap()
    {
        var names = Enumerable.Range(0, 1500).Select(i => $"k{i:D4}").ToArray();
        foreach (var name in names.Reverse())
        {
            await Store.CreateAsync(name, Text(name), default);
        }

        await Store.CreateAsync("other", Text("other"), default);

        var page = await Store.ListAsync("k", -1, default);

        Assert.Equal(names, page.Names);
        Assert.Equal("", page.ContinueAt);
    }

    [Fact]
    public async Task List_with_a_zero_limit_returns_nothing_and_continues_at_the_prefix()
    {
        await Store.CreateAsync("my-key", Text("value"), default);

        var page = await Store.ListAsync("my", 0, default);

        Assert.Empty(page.Names);
        Assert.Equal("my", page.ContinueAt);
    }

    [Theory]
    [InlineData("", 2, new[] { "0-key", "1-key" }, "my-key")]
    [InlineData("", 4, new[] { "0-key", "1-key", "my-key", "my-key2" }, "")]
    [InlineData("my", 1, new[] { "my-key" }, "my-key2")]
    [InlineData("my", 2, new[] { "my-key", "my-key2" }, "")]
    [InlineData("0", 1, new[] { "0-key" }, "")]
    public async Task List_with_a_positive_limit_returns_at_most_that_many_and_continues_at_the_next(
        string prefix, int limit, string[] names, string continueAt)
    {
        foreach (var name in new[] { "my-key", "my-key2", "0-key", "1-key" })
        {
            await Store.CreateAsync(name, Text(name), default);
        }

        var page = await Store.ListAsync(prefix, limit, default);

        Assert.Equal(names, page.Names);
        Assert.Equal(continueAt, page.ContinueAt);
    }

    [Fact]
    public async Task A_get_racing_a_delete_sees_the_whole_value_or_KeyNotFound()
    {
        var value = Encoding.ASCII.GetBytes(new string('v', 512));
        for (var round = 0; round < 200; round++)
        {
            await Store.CreateAsync("raced", value, default);
            var get = Task.Run(async () =>
            {
                try
                {
                    return await Store.GetAsync("raced", default);
                }
                catch (KesException e) when (e.Error == KesError.KeyNotFound)
                {
                    return null;
                }
            });
            var delete = Task.Run(() => Store.DeleteAsync("raced", default));

            var seen = await get;
            await delete;

            if (seen is not null)
            {
                Assert.Equal(value, seen);
            }
        }
    }

    protected override Task<IKeyStore> CreateStoreAsync() => Task.FromResult<IKeyStore>(new InMemoryKeyStore());
}
