using Kes.Domain.Keys;

namespace Kes.PropertyTests.Keys;

public class SecretKeyReadTests
{
    private const int Rounds = 20_000;

    [Fact]
    public async Task A_key_disposed_while_another_thread_copies_it_yields_its_bytes_or_ObjectDisposedException_never_cleared_ones()
    {
        var pattern = Enumerable.Repeat((byte)0x5A, SecretKey.Size).ToArray();
        var current = SecretKey.FromBytes(KeyAlgorithm.Aes256, pattern);
        var reference = SecretKey.FromBytes(KeyAlgorithm.Aes256, pattern);
        var done = 0;
        var torn = 0;
        var reader = Task.Run(() =>
        {
            var copy = new byte[SecretKey.Size];
            while (Volatile.Read(ref done) == 0)
            {
                var key = Volatile.Read(ref current);
                try
                {
                    key.CopyTo(copy);
                    if (!copy.AsSpan().SequenceEqual(pattern) || !key.ContentEquals(reference))
                    {
                        Interlocked.Increment(ref torn);
                    }
                }
                catch (ObjectDisposedException)
                {
                    // The key was gone before the read began: that is the one allowed failure.
                }
            }
        });

        for (var i = 0; i < Rounds; i++)
        {
            var old = Interlocked.Exchange(ref current, SecretKey.FromBytes(KeyAlgorithm.Aes256, pattern));
            old.Dispose();
        }

        Volatile.Write(ref done, 1);
        await reader;
        current.Dispose();
        reference.Dispose();
        Assert.Equal(0, torn);
    }

    [Fact]
    public void Reading_a_disposed_key_throws_ObjectDisposedException()
    {
        var key = SecretKey.Generate(KeyAlgorithm.ChaCha20);
        using var other = SecretKey.Generate(KeyAlgorithm.ChaCha20);
        var hmac = HmacKey.Generate();
        key.Dispose();
        hmac.Dispose();
        Assert.Throws<ObjectDisposedException>(() => key.CopyTo(new byte[SecretKey.Size]));
        Assert.Throws<ObjectDisposedException>(() => other.ContentEquals(key));
        Assert.Throws<ObjectDisposedException>(() => hmac.CopyTo(new byte[HmacKey.Size]));
    }
}
