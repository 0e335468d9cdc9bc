using Kes.Domain.Keys;

namespace Kes.Infrastructure.KeyStores.InMemory;

/// <summary>One stored value in native memory that is zeroed on dispose, even while a reader still copies it out.</summary>
/// <remarks>
/// A reader takes a reference on the block before copying, so a delete that races with it frees the
/// block only after the copy; a reader that comes after the delete sees the entry as gone.
/// </remarks>
internal sealed unsafe class StoredValue : IDisposable
{
    private readonly SecretMemory _memory;
    private readonly int _length;

    public StoredValue(ReadOnlySpan<byte> value)
    {
        // SecretMemory has no empty blocks; an empty value keeps one unused byte.
        _memory = SecretMemory.Allocate(Math.Max(value.Length, 1));
        value.CopyTo(_memory.Span);
        _length = value.Length;
    }

    public bool TryCopy(out byte[] value)
    {
        var added = false;
        try
        {
            _memory.DangerousAddRef(ref added);
        }
        catch (ObjectDisposedException)
        {
            value = [];
            return false;
        }

        try
        {
            value = new ReadOnlySpan<byte>(_memory.Address, _length).ToArray();
            return true;
        }
        finally
        {
            _memory.DangerousRelease();
        }
    }

    public void Dispose() => _memory.Dispose();
}
