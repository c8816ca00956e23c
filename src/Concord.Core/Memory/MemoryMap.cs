using System.Runtime.InteropServices;

namespace Concord.Core.Memory;

/// <summary>
/// One VM's physical address space: 16 MiB in 4 KiB pages, each page pointing at RAM, read-only
/// ROM, pages lent by another VM, or nothing (reads FFh, writes dropped). Engines read the two
/// page tables directly: a read is a table load and a byte load; a write to a page without a write
/// pointer (ROM, unmapped) takes the slow path and is dropped and counted.
/// </summary>
/// <remarks>
/// The A20 gate is part of the map, not of the CPU: with A20 off, every address with bit 20 set
/// reaches the page with bit 20 clear, so FFFF:0010 wraps to 0000:0000 as on a PC.
/// </remarks>
public sealed unsafe class MemoryMap : IDisposable
{
    public const int PageShift = 12;
    public const int PageSize = 1 << PageShift;
    public const int PageMask = PageSize - 1;
    public const int AddressBits = 24;
    public const int PageCount = (1 << AddressBits) >> PageShift;

    private readonly Page[] _logical = new Page[PageCount];
    private readonly MemoryBlock _tables;
    private readonly MemoryBlock _openBus;
    private byte** _read;
    private byte** _write;
    private bool _a20 = true;

    public MemoryMap()
    {
        _tables = new MemoryBlock(2 * PageCount * sizeof(nint));
        _openBus = new MemoryBlock(PageSize);
        _openBus.Span.Fill(0xFF);
        _read = (byte**)_tables.Pointer;
        _write = _read + PageCount;
        for (int p = 0; p < PageCount; p++) Refresh(p);
    }

    /// <summary>Per page: a pointer to its first byte, never null (unmapped pages read the open bus).</summary>
    public byte** ReadPages => _read;

    /// <summary>Per page: a pointer to its first byte, or null when writes go to <see cref="WriteSlow"/>.</summary>
    public byte** WritePages => _write;

    /// <summary>Writes that reached ROM or unmapped memory and were dropped.</summary>
    public long DroppedWrites { get; private set; }

    /// <summary>Whether address line 20 is enabled. Off makes the 1 MiB wrap of the 8086.</summary>
    public bool A20
    {
        get => _a20;
        set
        {
            if (_a20 == value) return;
            _a20 = value;
            for (int p = 0; p < PageCount; p++)
                if ((p & A20PageBit) != 0) Refresh(p);
        }
    }

    private const int A20PageBit = 1 << (20 - PageShift);

    /// <summary>Maps <paramref name="length"/> bytes of <paramref name="block"/> from <paramref name="blockOffset"/> at <paramref name="address"/>.</summary>
    public void MapRam(uint address, MemoryBlock block, int blockOffset, int length) =>
        Map(address, block, blockOffset, length, writable: true);

    /// <summary>Maps read-only memory: guest writes are dropped.</summary>
    public void MapRom(uint address, MemoryBlock block, int blockOffset, int length) =>
        Map(address, block, blockOffset, length, writable: false);

    public void Unmap(uint address, int length)
    {
        CheckRange(address, length);
        for (int p = (int)(address >> PageShift); p < (address + length) >> PageShift; p++)
        {
            _logical[p] = default;
            RefreshAliases(p);
        }
    }

    /// <summary>The mapping of one page, to save before lending it and to restore after.</summary>
    public Page GetPage(int index) => _logical[index];

    public void SetPage(int index, Page page)
    {
        _logical[index] = page;
        RefreshAliases(index);
    }

    private void Map(uint address, MemoryBlock block, int blockOffset, int length, bool writable)
    {
        CheckRange(address, length);
        if (blockOffset < 0 || blockOffset % PageSize != 0 || blockOffset + (long)length > block.Size)
            throw new ArgumentOutOfRangeException(nameof(blockOffset), blockOffset,
                $"the mapped part must be whole pages inside the {block.Size}-byte block");
        for (int i = 0; i < length / PageSize; i++)
        {
            int p = (int)(address >> PageShift) + i;
            _logical[p] = new Page(block, blockOffset + i * PageSize, writable);
            RefreshAliases(p);
        }
    }

    private static void CheckRange(uint address, int length)
    {
        if (address % PageSize != 0 || length <= 0 || length % PageSize != 0 || address + (long)length > 1L << AddressBits)
            throw new ArgumentOutOfRangeException(nameof(address), address,
                $"a mapping is whole 4 KiB pages below 16 MiB (address {address:X}h, length {length:X}h)");
    }

    private void RefreshAliases(int logicalPage)
    {
        Refresh(logicalPage);
        Refresh(logicalPage ^ A20PageBit); // the page that reaches this one while A20 is off
    }

    private void Refresh(int p)
    {
        ref readonly Page page = ref _logical[_a20 ? p : p & ~A20PageBit];
        if (page.Block is null)
        {
            _read[p] = _openBus.Pointer;
            _write[p] = null;
            return;
        }
        // SAFETY: the offset was checked against the block's size when the page was mapped.
        byte* first = page.Block.Pointer + page.Offset;
        _read[p] = first;
        _write[p] = page.Writable ? first : null;
    }

    /// <summary>The slow path of a guest write to a page without a write pointer: dropped and counted.</summary>
    public void WriteSlow(uint address, byte value) => DroppedWrites++;

    public byte Read8(uint address)
    {
        address &= (1u << AddressBits) - 1;
        return _read[address >> PageShift][address & PageMask];
    }

    /// <summary>A write as the guest makes it: ROM and unmapped pages drop it.</summary>
    public void Write8(uint address, byte value)
    {
        address &= (1u << AddressBits) - 1;
        byte* page = _write[address >> PageShift];
        if (page == null) WriteSlow(address, value);
        else page[address & PageMask] = value;
    }

    /// <summary>Writes through read-only pages too: how firmware gets into ROM.</summary>
    public void Load(uint address, ReadOnlySpan<byte> bytes)
    {
        for (int i = 0; i < bytes.Length; i++)
        {
            uint a = (address + (uint)i) & ((1u << AddressBits) - 1);
            ref readonly Page page = ref _logical[_a20 ? a >> PageShift : (a >> PageShift) & ~A20PageBit];
            if (page.Block is null) throw new InvalidOperationException($"nothing is mapped at {a:X6}h to load into");
            page.Block.Pointer[page.Offset + (a & PageMask)] = bytes[i];
        }
    }

    public void Read(uint address, Span<byte> destination)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = Read8(address + (uint)i);
    }

    public void Dispose()
    {
        _read = null;
        _write = null;
        _tables.Dispose();
        _openBus.Dispose();
    }

    /// <summary>Where one page of the address space leads.</summary>
    [StructLayout(LayoutKind.Auto)]
    public readonly record struct Page(MemoryBlock? Block, int Offset, bool Writable);
}
