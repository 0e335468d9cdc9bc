using Kes.Domain.Keys;

namespace Kes.PropertyTests.Keys;

public class SecretMemoryPoolTests
{
    [Fact]
    public void A_returned_block_is_zeroed_before_anyone_rents_it_again()
    {
        var block = SecretMemoryPool.Rent(32);
        block.Span.Fill(0xAB);
        SecretMemoryPool.Return(block);
        Assert.All(block.IsClosed ? [] : block.Span.ToArray(), b => Assert.Equal(0, b));
        var again = SecretMemoryPool.Rent(32);
        Assert.All(again.Span.ToArray(), b => Assert.Equal(0, b));
        SecretMemoryPool.Return(again);
    }

    [Fact]
    public void Secrets_larger_than_a_block_get_their_own_memory_which_is_freed_on_return()
    {
        var large = SecretMemoryPool.Rent(SecretMemoryPool.BlockSize + 1);
        Assert.Equal(SecretMemoryPool.BlockSize + 1, large.Length);
        SecretMemoryPool.Return(large);
        Assert.True(large.IsClosed);
    }
}
