using Kes.Api.Http.Buffers;

namespace Kes.UnitTests.Buffers;

/// <summary>Secret-bearing arrays are zeroed whatever their size when they are given back.</summary>
public sealed class SecretBuffersTests
{
    [Theory]
    [InlineData(64)]
    [InlineData(SecretBuffers.MaxPooled)]
    [InlineData(SecretBuffers.MaxPooled * 4)]
    public void A_returned_array_is_zeroed_where_it_was_used(int size)
    {
        var buffer = SecretBuffers.Rent(size);
        buffer.AsSpan().Fill(0x77);
        SecretBuffers.Return(buffer, size);

        Assert.All(buffer.AsSpan(0, size).ToArray(), b => Assert.Equal(0, b));
    }
}
