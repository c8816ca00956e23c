using System.Runtime.InteropServices;

namespace Concord.Core.Memory;

/// <summary>
/// A block of native memory, whole 4 KiB pages, zeroed, never moved by the GC. Backs guest RAM and
/// ROM so that engines can reach it through plain pointers.
/// </summary>
public sealed unsafe class MemoryBlock : IDisposable
{
    public const int PageSize = 4096;

    private byte* _base;

    public MemoryBlock(int size)
    {
        if (size <= 0 || size % PageSize != 0)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"a memory block is a positive multiple of {PageSize} bytes");
        Size = size;
        // SAFETY: the block is owned by this object and freed once in Dispose; size is positive.
        _base = (byte*)NativeMemory.AlignedAlloc((nuint)size, PageSize);
        NativeMemory.Clear(_base, (nuint)size);
    }

    public int Size { get; }

    /// <summary>The first byte. Valid until <see cref="Dispose"/>.</summary>
    public byte* Pointer
    {
        get
        {
            ObjectDisposedException.ThrowIf(_base == null, this);
            return _base;
        }
    }

    public Span<byte> Span => new(Pointer, Size);

    public void Dispose()
    {
        if (_base == null) return;
        NativeMemory.AlignedFree(_base);
        _base = null;
        GC.SuppressFinalize(this);
    }

    ~MemoryBlock() => Dispose();
}
