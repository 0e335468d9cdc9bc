using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Kes.Domain.Errors;
using Kes.Domain.Ports;

namespace Kes.IntegrationTests.KeyStores;

/// <summary>What every keystore owes the server (docs/keystores.md §1); each backend runs it through a derived class that supplies the store.</summary>
/// <remarks>
/// Names carry a random prefix per test, so that a backend shared between runs (a cloud account or
/// an emulator) sees no collisions and a listing under that prefix is exact. Values are ASCII text,
/// as real entries are, so that backends that store strings (AWS) can run the same suite. The tests
/// are skippable: a derived class whose backend is not there (no Docker, no cloud account) calls
/// <c>Skip.If</c> in <see cref="InitializeAsync"/> and every test reports as skipped with the reason.
/// </remarks>
public abstract class KeyStoreContract : IAsyncLifetime
{
    private const int Contenders = 16;

    private readonly string _run = "t" + RandomNumberGenerator.GetHexString(12, lowercase: true);
    private IKeyStore? _store;
    private long _creationStarted;

    /// <summary>The ids of the stored key texts upstream accepts, legacy JSON and base64 protobuf.</summary>
    public static TheoryData<string> AcceptedVectorIds => new(KeyVersionVectors.Accepted.Select(vector => vector.Id));

    /// <summary>The store under test, created before each test and disposed after it.</summary>
    protected IKeyStore Store => _store ?? throw new InvalidOperationException("the store is created in InitializeAsync");

    /// <summary>Whether a delete of a missing name fails with KeyNotFound; the contract also allows success (Vault).</summary>
    protected virtual bool DeleteReportsMissingKey => true;

    public virtual async Task InitializeAsync()
    {
        _creationStarted = Stopwatch.GetTimestamp();
        _store = await CreateStoreAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task A_created_value_is_read_back_byte_exact()
    {
        var value = Text("CiQKIFyJglFoYjU=");
        await Store.CreateAsync(Name("key"), value, default);

        Assert.Equal(value, await Store.GetAsync(Name("key"), default));
    }

    [SkippableTheory]
    [MemberData(nameof(AcceptedVectorIds))]
    public async Task Every_stored_key_format_round_trips_byte_exact(string vectorId)
    {
        var value = Text(KeyVersionVectors.Accepted.Single(vector => vector.Id == vectorId).Text);
        await Store.CreateAsync(Name(vectorId), value, default);

        Assert.Equal(value, await Store.GetAsync(Name(vectorId), default));
    }

    [SkippableFact]
    public async Task A_long_value_round_trips_byte_exact()
    {
        var value = Text(Convert.ToBase64String(RandomNumberGenerator.GetBytes(3 * 1024)));
        await Store.CreateAsync(Name("long"), value, default);

        Assert.Equal(value, await Store.GetAsync(Name("long"), default));
    }

    [SkippableFact]
    public async Task Create_of_an_existing_name_fails_with_KeyExists_and_keeps_the_first_value()
    {
        await Store.CreateAsync(Name("key"), Text("first"), default);

        await AssertFailsWith(KesError.KeyExists, () => Store.CreateAsync(Name("key"), Text("second"), default));
        Assert.Equal(Text("first"), await Store.GetAsync(Name("key"), default));
    }

    [SkippableFact]
    public async Task Get_of_a_missing_name_fails_with_KeyNotFound() =>
        await AssertFailsWith(KesError.KeyNotFound, () => Store.GetAsync(Name("missing"), default));

    [SkippableFact]
    public async Task Delete_removes_the_entry_and_frees_the_name()
    {
        await Store.CreateAsync(Name("key"), Text("first"), default);

        await Store.DeleteAsync(Name("key"), default);

        await AssertFailsWith(KesError.KeyNotFound, () => Store.GetAsync(Name("key"), default));
        await Store.CreateAsync(Name("key"), Text("second"), default);
        Assert.Equal(Text("second"), await Store.GetAsync(Name("key"), default));
    }

    [SkippableFact]
    public async Task Delete_of_a_missing_name_fails_with_KeyNotFound_unless_the_backend_declares_otherwise()
    {
        if (DeleteReportsMissingKey)
        {
            await AssertFailsWith(KesError.KeyNotFound, () => Store.DeleteAsync(Name("missing"), default));
        }
        else
        {
            await Store.DeleteAsync(Name("missing"), default);
        }
    }

    [SkippableFact]
    public async Task List_returns_exactly_the_names_with_the_prefix_sorted()
    {
        foreach (var suffix in new[] { "c2", "b", "c1", "a", "c" })
        {
            await Store.CreateAsync(Name(suffix), Text(suffix), default);
        }

        var all = await Store.ListAsync(_run, -1, default);
        var c = await Store.ListAsync(Name("c"), -1, default);

        Assert.Equal([Name("a"), Name("b"), Name("c"), Name("c1"), Name("c2")], all.Names);
        Assert.Equal("", all.ContinueAt);
        Assert.Equal([Name("c"), Name("c1"), Name("c2")], c.Names);
        Assert.Equal("", c.ContinueAt);
    }

    [SkippableFact]
    public async Task List_with_a_prefix_nothing_has_is_empty()
    {
        await Store.CreateAsync(Name("key"), Text("value"), default);

        var page = await Store.ListAsync(Name("other"), -1, default);

        Assert.Empty(page.Names);
        Assert.Equal("", page.ContinueAt);
    }

    [SkippableFact]
    public async Task List_with_an_empty_prefix_includes_every_created_name()
    {
        await Store.CreateAsync(Name("x"), Text("x"), default);
        await Store.CreateAsync(Name("y"), Text("y"), default);

        var page = await Store.ListAsync("", -1, default);

        Assert.Contains(Name("x"), page.Names);
        Assert.Contains(Name("y"), page.Names);
    }

    [SkippableFact]
    public async Task A_deleted_name_is_no_longer_listed()
    {
        await Store.CreateAsync(Name("kept"), Text("kept"), default);
        await Store.CreateAsync(Name("gone"), Text("gone"), default);

        await Store.DeleteAsync(Name("gone"), default);

        Assert.Equal([Name("kept")], (await Store.ListAsync(_run, -1, default)).Names);
    }

    [SkippableFact]
    public async Task Concurrent_creates_of_one_name_let_exactly_one_win_and_the_rest_fail_with_KeyExists()
    {
        var name = Name("contended");
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = Enumerable.Range(0, Contenders).Select(i => Task.Run(async () =>
        {
            await start.Task;
            try
            {
                await Store.CreateAsync(name, Text("value-" + i), default);
                return i;
            }
            catch (KesException e) when (e.Error == KesError.KeyExists)
            {
                return -1;
            }
        })).ToArray();

        start.SetResult();
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, result => result >= 0);
        Assert.Equal(Contenders - 1, results.Count(result => result < 0));
        Assert.Equal(Text("value-" + winner), await Store.GetAsync(name, default));
    }

    [SkippableFact]
    public async Task Concurrent_creates_of_different_names_all_succeed()
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var creates = Enumerable.Range(0, Contenders).Select(i => Task.Run(async () =>
        {
            await start.Task;
            await Store.CreateAsync(Name($"k{i:D2}"), Text("value-" + i), default);
        })).ToArray();

        start.SetResult();
        await Task.WhenAll(creates);

        var names = (await Store.ListAsync(_run, -1, default)).Names;
        Assert.Equal(Enumerable.Range(0, Contenders).Select(i => Name($"k{i:D2}")), names);
        for (var i = 0; i < Contenders; i++)
        {
            Assert.Equal(Text("value-" + i), await Store.GetAsync(Name($"k{i:D2}"), default));
        }
    }

    [SkippableFact]
    public async Task Status_returns_a_latency()
    {
        var latency = await Store.StatusAsync(default);
        var storeAge = Stopwatch.GetElapsedTime(_creationStarted);

        // A store may answer from a health check it made earlier (docs/COMPATIBILITY.md D12), but never one older than
        // itself; one that does no I/O reports the 1 ms floor of the status route (docs/api.md §7.3).
        Assert.InRange(latency, TimeSpan.Zero, storeAge + TimeSpan.FromMilliseconds(1));
    }

    [SkippableFact]
    public async Task A_cancelled_create_stores_nothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.CreateAsync(Name("key"), Text("value"), cancelled.Token));
        await AssertFailsWith(KesError.KeyNotFound, () => Store.GetAsync(Name("key"), default));
    }

    [SkippableFact]
    public async Task Dispose_can_be_repeated_and_a_disposed_store_refuses_work()
    {
        var store = await CreateStoreAsync();

        await store.DisposeAsync();
        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.GetAsync(Name("key"), default));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.CreateAsync(Name("key"), Text("value"), default));
    }

    /// <summary>A new store on this test's backend. Called before each test, and again by tests that need a second instance on the same data.</summary>
    protected abstract Task<IKeyStore> CreateStoreAsync();

    /// <summary>A name unique to this test run.</summary>
    protected string Name(string suffix) => _run + "-" + suffix;

    /// <summary>The ASCII bytes of <paramref name="text"/>.</summary>
    protected static byte[] Text(string text) => Encoding.ASCII.GetBytes(text);

    /// <summary>Asserts that <paramref name="action"/> fails with exactly <paramref name="error"/>.</summary>
    protected static async Task AssertFailsWith(KesError error, Func<Task> action)
    {
        var exception = await Assert.ThrowsAsync<KesException>(action);
        Assert.Equal(error, exception.Error);
    }
}
