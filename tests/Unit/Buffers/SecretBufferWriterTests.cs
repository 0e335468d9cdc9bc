using System.Runtime.InteropServices;
using Kes.Api.Http.Buffers;

namespace Kes.UnitTests.Buffers;

/// <summary>A reply buffer leaves no copy of what it held: not in the arrays it outgrew, not in the one it resets.</summary>
[Collection(ProcessWideMemory.Name)]
public sealed class SecretBufferWriterTests
{
    [Fact]
    public void Every_array_it_outgrows_is_zeroed_and_the_written_bytes_survive_the_growth()
    {
        var writer = new SecretBufferWriter(512);
        var outgrown = new List<(byte[] Array, int Written)>();
        var expected = new byte[300_000];
        Random.Shared.NextBytes(expected);
        for (var offset = 0; offset < expected.Length; offset += 1000)
        {
            var before = ArrayOf(writer);
            var span = writer.GetSpan(1000);
            if (!ReferenceEquals(before, ArrayOf(writer)))
            {
                outgrown.Add((before, offset));
            }

            expected.AsSpan(offset, 1000).CopyTo(span);
            writer.Advance(1000);
        }

        Assert.True(writer.WrittenSpan.SequenceEqual(expected));
        Assert.True(outgrown.Count >= 9, $"grew {outgrown.Count} times");
        Assert.All(outgrown, o => Assert.True(o.Array.AsSpan(0, o.Written).IndexOfAnyExcept((byte)0) < 0, $"an outgrown array of {o.Array.Length} bytes still holds what was written"));
    }

    [Fact]
    public void Reset_zeroes_the_grown_array_and_goes_back_to_the_first_size()
    {
        SecretBuffers.DropKept();
        var writer = new SecretBufferWriter(512);
        var first = writer.Capacity;
        writer.GetSpan(200_000).Fill(0x5a);
        writer.Advance(200_000);
        var grown = ArrayOf(writer);
        Assert.True(grown.Length >= 200_000);

        writer.Reset();

        Assert.Equal(0, writer.WrittenCount);
        Assert.Equal(first, writer.Capacity);
        Assert.True(grown.AsSpan(0, 200_000).IndexOfAnyExcept((byte)0) < 0);
        Assert.Equal(1, SecretBuffers.KeptCount);
    }

    [Fact]
    public void Reset_of_a_small_reply_zeroes_it_in_place()
    {
        var writer = new SecretBufferWriter(512);
        var array = ArrayOf(writer);
        writer.GetSpan(100).Fill(0x5a);
        writer.Advance(100);
        writer.Reset();
        Assert.Same(array, ArrayOf(writer));
        Assert.True(array.AsSpan(0, 100).IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    public void Advancing_past_what_was_asked_for_is_refused()
    {
        var writer = new SecretBufferWriter(16);
        var room = writer.GetSpan().Length;
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(room + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(-1));
    }

    private static byte[] ArrayOf(SecretBufferWriter writer) =>
        MemoryMarshal.TryGetArray<byte>(writer.GetMemory(), out var segment) ? segment.Array! : throw new InvalidOperationException("not an array");
}
