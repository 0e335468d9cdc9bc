using Kes.Domain.Keys;

namespace Kes.PropertyTests.Keys;

public class SecretMemoryPoolTests
{
    [Fact]
    public void A_rented_block_is_zeroed_even_when_its_last_renter_filled_it()
    {
        var first = SecretMemoryPool.Rent(32);
        first.Use(0, static (bytes, _) => bytes.Fill(0xAB));
        first.Dispose();
        for (var i = 0; i < 64; i++)
        {
            using var again = SecretMemoryPool.Rent(SecretMemoryPool.BlockSize);
            Assert.True(again.Use(0, static (bytes, _) => !bytes.ContainsAnyExcept((byte)0)));
        }
    }

    [Fact]
    public void A_block_has_the_length_asked_for()
    {
        using var small = SecretMemoryPool.Rent(32);
        using var large = SecretMemoryPool.Rent(SecretMemoryPool.BlockSize + 1);
        Assert.Equal(32, small.Use(0, static (bytes, _) => bytes.Length));
        Assert.Equal(SecretMemoryPool.BlockSize + 1, large.Use(0, static (bytes, _) => bytes.Length));
        Assert.Equal(16, small.Slice(16).Use(0, static (bytes, _) => bytes.Length));
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
            renters[i].Use((byte)(i + 1), static (bytes, marker) => bytes.Fill(marker));
        }

        for (var i = 0; i < renters.Length; i++)
        {
            Assert.True(renters[i].Use((byte)(i + 1), static (bytes, marker) => !bytes.ContainsAnyExcept(marker)));
            renters[i].Dispose();
        }
    }

    [Fact]
    public void A_stale_copy_cannot_reach_the_block_after_it_went_back()
    {
        var rented = SecretMemoryPool.Rent(32);
        var stale = rented;
        var slice = rented.Slice(8);
        rented.Dispose();
        using var next = SecretMemoryPool.Rent(32);
        next.Use(0, static (bytes, _) => bytes.Fill(0x77));

        Assert.Throws<ObjectDisposedException>(() => stale.Use(0, static (bytes, _) => bytes.Length));
        Assert.Throws<ObjectDisposedException>(() => slice.Use(0, static (bytes, _) => bytes.Clear()));
        Assert.True(next.Use(0, static (bytes, _) => !bytes.ContainsAnyExcept((byte)0x77)));
    }

    [Fact]
    public void A_block_returned_during_a_read_is_neither_zeroed_nor_handed_out_until_the_read_ends()
    {
        var rented = SecretMemoryPool.Rent(32);
        var copy = rented;
        rented.Use(copy, static (bytes, copy) =>
        {
            bytes.Fill(0xAB);
            copy.Dispose();

            // Every renter now gets another block: this one is still being read.
            var renters = Enumerable.Range(0, 64).Select(_ => SecretMemoryPool.Rent(32)).ToArray();
            foreach (var renter in renters)
            {
                Assert.True(renter.Use(0, static (other, _) => !other.ContainsAnyExcept((byte)0)));
                renter.Use(0, static (other, _) => other.Fill(0xCD));
            }

            Assert.False(bytes.ContainsAnyExcept((byte)0xAB));
            foreach (var renter in renters)
            {
                renter.Dispose();
            }
        });

        Assert.Throws<ObjectDisposedException>(() => rented.Use(0, static (bytes, _) => bytes.Length));
        for (var i = 0; i < 128; i++)
        {
            using var again = SecretMemoryPool.Rent(32);
            Assert.True(again.Use(0, static (bytes, _) => !bytes.ContainsAnyExcept((byte)0)));
        }
    }
}
