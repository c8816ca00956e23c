using System.Runtime.InteropServices;

namespace Concord.Core.Memory;

/// <summary>
/// One VM's physical address space: 16 MiB in 4 KiB pages, each page pointing at RAM, read-only
/// ROM, pages lent by another VM, or nothing (reads FFh, writes dropped). Engines read the two
/// page tables directly: a read is a table load and a byte load; a write to a page without a write
/// pointer (ROM, unmapped) takes the slow path and is dropped and counted.
/// </summary>
/// <remarks>
/// <para>The A20 gate is part of the map, not of the CPU: with A20 off, every address with bit 20 set
/// reaches the page with bit 20 clear, so FFFF:0010 wraps to 0000:0000 as on a PC.</para>
/// <para><b>For translating engines.</b> <see cref="Changed"/> tells listeners when pages are mapped,
/// unmapped or swapped, when A20 switches, and when a gate's callee wrote pages through its own map
/// (<see cref="WrittenElsewhere"/>). An engine marks the pages it compiled code from
/// (<see cref="MarkCode"/>): their write pointer is then null, so every write to them takes the slow
/// path, which writes the byte, counts it in the page's <see cref="CodeWrites"/> and raises
/// <see cref="CodeWritten"/>. With no page marked, writes cost what they always did.</para>
/// </remarks>
public sealed unsafe class MemoryMap : IDisposable
{
    public const int PageShift = 12;
    public const int PageSize = 1 << PageShift;
    public const int PageMask = PageSize - 1;
    public const int AddressBits = 24;
    public const int PageCount = (1 << AddressBits) >> PageShift;

    private readonly Page[] _logical = new Page[PageCount];
    private readonly bool[] _code = new bool[PageCount];          // by the page a write reaches (after A20)
    private readonly long[] _codeWrites = new long[PageCount];
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

    /// <summary>Pages were mapped, unmapped or swapped, A20 switched, or pages were written elsewhere.</summary>
    public event Action<MemoryMapChange>? Changed;

    /// <summary>A guest (CPU or DMA) wrote this physical address, in a page marked as holding code.</summary>
    public event Action<uint>? CodeWritten;

    /// <summary>
    /// Marks the page that <paramref name="page"/> reaches (A20 applied) as holding compiled code:
    /// writes to it, through any address that reaches it, now take the slow path and are reported.
    /// </summary>
    public void MarkCode(int page)
    {
        int target = Target(page);
        if (_code[target]) return;
        _code[target] = true;
        RefreshAliases(target);
    }

    /// <summary>Ends <see cref="MarkCode"/>: writes to the page go straight to memory again.</summary>
    public void UnmarkCode(int page)
    {
        int target = Target(page);
        if (!_code[target]) return;
        _code[target] = false;
        RefreshAliases(target);
    }

    /// <summary>Whether the page that <paramref name="page"/> reaches is marked as holding code.</summary>
    public bool IsCode(int page) => _code[Target(page)];

    /// <summary>How many guest writes reached the page (after A20) while it was marked as holding code: a generation an engine compares.</summary>
    public long CodeWrites(int page) => _codeWrites[Target(page)];

    /// <summary>
    /// Tells listeners that pages of this map were written through another VM's map, which lent them
    /// (a gate's callee wrote the caller's window): an engine drops what it compiled from them.
    /// </summary>
    public void WrittenElsewhere(int firstPage, int pageCount) =>
        Changed?.Invoke(new MemoryMapChange(MemoryMapChangeKind.WrittenElsewhere, firstPage, pageCount));

    private int Target(int page) => _a20 ? page : page & ~A20PageBit;

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
            Changed?.Invoke(new MemoryMapChange(MemoryMapChangeKind.A20, 0, PageCount));
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
        Changed?.Invoke(new MemoryMapChange(MemoryMapChangeKind.Unmapped, (int)(address >> PageShift), length >> PageShift));
    }

    /// <summary>The mapping of one page, to save before lending it and to restore after.</summary>
    public Page GetPage(int index) => _logical[index];

    public void SetPage(int index, Page page)
    {
        _logical[index] = page;
        RefreshAliases(index);
        Changed?.Invoke(new MemoryMapChange(MemoryMapChangeKind.Swapped, index, 1));
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
        Changed?.Invoke(new MemoryMapChange(MemoryMapChangeKind.Mapped, (int)(address >> PageShift), length >> PageShift));
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
        int target = Target(p);
        ref readonly Page page = ref _logical[target];
        if (page.Block is null)
        {
            _read[p] = _openBus.Pointer;
            _write[p] = null;
            return;
        }
        // SAFETY: the offset was checked against the block's size when the page was mapped.
        byte* first = page.Block.Pointer + page.Offset;
        _read[p] = first;
        _write[p] = page.Writable && !_code[target] ? first : null;
    }

    /// <summary>
    /// The slow path of a guest write to a page without a write pointer: to a page marked as holding
    /// code, the byte is written, counted and reported (<see cref="CodeWritten"/>); to ROM or
    /// unmapped memory, it is dropped and counted.
    /// </summary>
    public void WriteSlow(uint address, byte value)
    {
        address &= (1u << AddressBits) - 1;
        int target = Target((int)(address >> PageShift));
        ref readonly Page page = ref _logical[target];
        if (page.Block is null || !page.Writable)
        {
            DroppedWrites++;
            return;
        }
        // SAFETY: as in Refresh; the offset inside the page is below PageSize.
        page.Block.Pointer[page.Offset + (address & PageMask)] = value;
        _codeWrites[target]++;
        CodeWritten?.Invoke(address);
    }

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
