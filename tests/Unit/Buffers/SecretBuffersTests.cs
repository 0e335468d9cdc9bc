using Kes.Api.Http.Buffers;

namespace Kes.UnitTests.Buffers;

/// <summary>Secret-bearing arrays are zeroed whatever their size when they are given back; large ones are reused until a memory release.</summary>
[Collection(ProcessWideMemory.Name)]
public sealed class SecretBuffersTests
{
    [Theory]
    [InlineData(64)]
    [InlineData(SecretBuffers.MaxPooled)]
    [InlineData(SecretBuffers.MaxPooled * 4)]
    [InlineData(SecretBuffers.MaxKept)]
    [InlineData(SecretBuffers.MaxKept + 1)]
    public void A_returned_array_is_zeroed_where_it_was_used(int size)
    {
        var buffer = SecretBuffers.Rent(size);
        buffer.AsSpan().Fill(0x77);
        SecretBuffers.Return(buffer, size);

        Assert.All(buffer.AsSpan(0, size).ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void A_large_array_is_kept_zeroed_for_the_next_large_body_until_a_release()
    {
        SecretBuffers.DropKept();
        var first = SecretBuffers.Rent(1_000_000);
        Assert.Equal(1 << 20, first.Length);
        first.AsSpan().Fill(0x77);
        SecretBuffers.Return(first, first.Length);
        Assert.Equal(1, SecretBuffers.KeptCount);

        var again = SecretBuffers.Rent(600_000);
        Assert.Same(first, again);
        Assert.All(again, b => Assert.Equal(0, b));
        Assert.Equal(0, SecretBuffers.KeptCount);

        SecretBuffers.Return(again, 0);
        MemoryRelease.Run();
        Assert.Equal(0, SecretBuffers.KeptCount);
        Assert.NotSame(first, SecretBuffers.Rent(600_000));
    }

    [Fact]
    public void Arrays_above_the_kept_size_or_of_another_length_go_to_the_collector()
    {
        SecretBuffers.DropKept();
        SecretBuffers.Return(SecretBuffers.Rent(SecretBuffers.MaxKept + 1), 0);
        SecretBuffers.Return(new byte[(SecretBuffers.MaxPooled * 2) + 1], 0);
        Assert.Equal(0, SecretBuffers.KeptCount);
    }
}
