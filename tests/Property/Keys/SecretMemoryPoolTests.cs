using Kes.Domain.Keys;

namespace Kes.PropertyTests.Keys;

public class SecretMemoryPoolTests
{
    [Fact]
    public void A_rented_block_is_zeroed_even_when_its_last_renter_filled_it()
    {
        var first = SecretMemoryPool.Rent(32);
        first.Span.Fill(0xAB);
        first.Dispose();
        for (var i = 0; i < 64; i++)
        {
            using var again = SecretMemoryPool.Rent(SecretMemoryPool.BlockSize);
            Assert.All(again.Span.ToArray(), b => Assert.Equal(0, b));
        }
    }

    [Fact]
    public void A_block_has_the_length_asked_for()
    {
        using var small = SecretMemoryPool.Rent(32);
        using var large = SecretMemoryPool.Rent(SecretMemoryPool.BlockSize + 1);
        Assert.Equal(32, small.Span.Length);
        Assert.Equal(SecretMemoryPool.BlockSize + 1, large.Span.Length);
    }

    [Fact]
    public void Disposing_a_second_copy_does_not_hand_the_block_to_two_renters()
    {
        var rented = SecretMemoryPool.Rent(32);
        var copy = rented;
        rented.Dispose();
        copy.Dispose();

        var renters = Enumerable.Range(0, 8).Select(_ => SecretMemoryPool.Rent(32)).ToArray();
        for (var i = 0; i < renters.Length; i++)
        {
            renters[i].Span.Fill((byte)(i + 1));
        }

        for (var i = 0; i < renters.Length; i++)
        {
            Assert.All(renters[i].Span.ToArray(), b => Assert.Equal(i + 1, b));
            renters[i].Dispose();
        }
    }

    [Fact]
    public void A_stale_copy_cannot_read_the_block_after_it_went_back()
    {
        var rented = SecretMemoryPool.Rent(32);
        var stale = rented;
        rented.Dispose();
        using var next = SecretMemoryPool.Rent(32);
        Assert.Throws<ObjectDisposedException>(() => stale.Span.Length);
    }
}
