using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace Concord.Core.Memory;

/// <summary>
/// One VM's physical address space in 4 KiB pages, each page pointing at RAM, read-only ROM, pages
/// lent by another VM, or nothing (reads FFh, writes dropped). A map covers 16 MiB (24 address
/// lines: the 8086 and the 80286) or 4 GiB (32 lines: the 80386). Engines read the page tables
/// directly: a read is a table load and a byte load; a write to a page without a write pointer
/// (ROM, unmapped) takes the slow path and is dropped and counted.
/// </summary>
/// <remarks>
/// <para>The first 16 MiB are one flat table per direction (<see cref="ReadPages"/>,
/// <see cref="WritePages"/>), the same in every map. A 32-bit map reaches the rest through a
/// second level (<see cref="ReadChunks"/>, <see cref="WriteChunks"/>): 256 tables of 16 MiB each,
/// made when something is first mapped in them; the others share one table of the open bus. So a
/// 24-bit map costs what it always did, and a 32-bit one only what it maps (a PC's RAM and its ROM
/// alias just below 4 GiB).</para>
/// <para>The A20 gate is part of the map, not of the CPU: with A20 off, every address with bit 20
/// set reaches the page with bit 20 clear, so FFFF:0010 wraps to 0000:0000 as on a PC.</para>
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

    /// <summary>The address lines of a map made without saying (the 8086's and the 286's PC).</summary>
    public const int AddressBits = 24;

    /// <summary>Pages in the flat tables: the first 16 MiB.</summary>
    public const int PageCount = (1 << AddressBits) >> PageShift;

    /// <summary>Bits of an address above the flat tables: which 16 MiB chunk it is in.</summary>
    public const int ChunkShift = AddressBits;
    public const int ChunkCount = 256;
    private const int ChunkPageShift = ChunkShift - PageShift;

    private readonly Chunk?[] _chunks = new Chunk[ChunkCount];
    private readonly MemoryBlock _openBus;
    private readonly MemoryBlock _chunkTables;     // ChunkCount read pointers, then ChunkCount write pointers
    private readonly MemoryBlock? _unmappedTables; // 32-bit maps: the shared tables of chunks with nothing mapped
    private readonly uint _addressMask;
    private byte** _read;
    private byte** _write;
    private byte*** _readChunks;
    private byte*** _writeChunks;
    private bool _a20 = true;

    /// <param name="addressBits">24 (16 MiB, the default) or 32 (4 GiB, for an 80386).</param>
    public MemoryMap(int addressBits = AddressBits)
    {
        if (addressBits is not (AddressBits or 32))
            throw new ArgumentOutOfRangeException(nameof(addressBits), addressBits, "a memory map has 24 or 32 address lines");
        Bits = addressBits;
        _addressMask = addressBits == 32 ? uint.MaxValue : (1u << addressBits) - 1;
        _openBus = new MemoryBlock(PageSize);
        _openBus.Span.Fill(0xFF);
        _chunkTables = new MemoryBlock(Math.Max(PageSize, 2 * ChunkCount * sizeof(nint)));
        _readChunks = (byte***)_chunkTables.Pointer;
        _writeChunks = _readChunks + ChunkCount;
        Chunk c0 = ChunkAt(0);
        _read = _readChunks[0];
        _write = _writeChunks[0];
        // A 24-bit map never looks past chunk 0 (addresses are masked); a 32-bit one reads the
        // open bus in every chunk until something is mapped there.
        _unmappedTables = addressBits == AddressBits ? null : NewTables();
        MemoryBlock shared = _unmappedTables ?? c0.Tables;
        for (int c = 1; c < ChunkCount; c++)
        {
            _readChunks[c] = (byte**)shared.Pointer;
            _writeChunks[c] = (byte**)shared.Pointer + PageCount;
        }
    }

    /// <summary>The address lines: 24 or 32.</summary>
    public int Bits { get; }

    /// <summary>Pages in the whole address space (4096 for 24 bits, 1 Mi for 32).</summary>
    public int TotalPages => (int)(((ulong)_addressMask + 1) >> PageShift);

    /// <summary>Per page of the first 16 MiB: a pointer to its first byte, never null (unmapped pages read the open bus).</summary>
    public byte** ReadPages => _read;

    /// <summary>Per page of the first 16 MiB: a pointer to its first byte, or null when writes go to <see cref="WriteSlow"/>.</summary>
    public byte** WritePages => _write;

    /// <summary>Per 16 MiB chunk (address bits 24-31): its table of read pages (chunk 0 is <see cref="ReadPages"/>).</summary>
    public byte*** ReadChunks => _readChunks;

    /// <summary>Per 16 MiB chunk: its table of write pages (chunk 0 is <see cref="WritePages"/>).</summary>
    public byte*** WriteChunks => _writeChunks;

    /// <summary>
    /// Counts changes of the map (a page mapped, unmapped or lent, the A20 gate switched), so that
    /// an engine holding host pointers of pages (a TLB) knows when to drop them.
    /// </summary>
    public long Generation { get; private set; }

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
        CheckPage(page);
        int target = Target(page);
        ref bool code = ref ChunkOf(target).Code[target & (PageCount - 1)];
        if (code) return;
        code = true;
        RefreshAliases(target);
    }

    /// <summary>Ends <see cref="MarkCode"/>: writes to the page go straight to memory again.</summary>
    public void UnmarkCode(int page)
    {
        CheckPage(page);
        int target = Target(page);
        if (_chunks[target >> ChunkPageShift] is not { } chunk || !chunk.Code[target & (PageCount - 1)]) return;
        chunk.Code[target & (PageCount - 1)] = false;
        RefreshAliases(target);
    }

    /// <summary>Whether the page that <paramref name="page"/> reaches is marked as holding code.</summary>
    public bool IsCode(int page)
    {
        CheckPage(page);
        int target = Target(page);
        return _chunks[target >> ChunkPageShift] is { } chunk && chunk.Code[target & (PageCount - 1)];
    }

    /// <summary>How many guest writes reached the page (after A20) while it was marked as holding code: a generation an engine compares.</summary>
    public long CodeWrites(int page)
    {
        CheckPage(page);
        int target = Target(page);
        return _chunks[target >> ChunkPageShift] is { } chunk ? chunk.CodeWrites[target & (PageCount - 1)] : 0;
    }

    /// <summary>
    /// Tells listeners that pages of this map were written through another VM's map, which lent them
    /// (a gate's callee wrote the caller's window): an engine drops what it compiled from them.
    /// </summary>
    public void WrittenElsewhere(int firstPage, int pageCount)
    {
        if (pageCount != 0) Changed?.Invoke(new MemoryMapChange(MemoryMapChangeKind.WrittenElsewhere, firstPage, pageCount));
    }

    private int Target(int page) => _a20 ? page : page & ~A20PageBit;

    /// <summary>Whether address line 20 is enabled. Off makes the 1 MiB wrap of the 8086.</summary>
    public bool A20
    {
        get => _a20;
        set
        {
            if (_a20 == value) return;
            _a20 = value;
            Generation++;
            for (int c = 0; c < ChunkCount; c++)
            {
                if (_chunks[c] is null) continue;
                for (int p = 0; p < PageCount; p++)
                    if ((p & A20PageBit) != 0) Refresh((c << ChunkPageShift) | p);
            }
            Changed?.Invoke(new MemoryMapChange(MemoryMapChangeKind.A20, 0, TotalPages));
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
        int first = (int)(address >> PageShift);
        for (int p = first; p < first + (length >> PageShift); p++)
        {
            Logical(p) = default;
            RefreshAliases(p);
        }
        Changed?.Invoke(new MemoryMapChange(MemoryMapChangeKind.Unmapped, first, length >> PageShift));
    }

    /// <summary>The mapping of one page, to save before lending it and to restore after.</summary>
    public Page GetPage(int index)
    {
        CheckPage(index);
        return _chunks[index >> ChunkPageShift] is { } chunk ? chunk.Logical[index & (PageCount - 1)] : default;
    }

    public void SetPage(int index, Page page) => SetPages(index, new ReadOnlySpan<Page>(in page));

    /// <summary>The mappings of <paramref name="into"/>.Length pages from <paramref name="first"/>, to save before lending them.</summary>
    public void GetPages(int first, Span<Page> into)
    {
        if (!CheckPages(first, into.Length)) return;
        for (int i = 0; i < into.Length; i++)
            into[i] = _chunks[(first + i) >> ChunkPageShift] is { } chunk ? chunk.Logical[(first + i) & (PageCount - 1)] : default;
    }

    /// <summary>
    /// Puts <paramref name="pages"/> in place from page <paramref name="first"/> (a gate lends a window or
    /// gives it back) as one change: listeners hear of the whole range once, not page by page.
    /// </summary>
    public void SetPages(int first, ReadOnlySpan<Page> pages)
    {
        if (!CheckPages(first, pages.Length)) return;
        for (int i = 0; i < pages.Length; i++)
        {
            Logical(first + i) = pages[i];
            RefreshAliases(first + i);
        }
        Changed?.Invoke(new MemoryMapChange(MemoryMapChangeKind.Swapped, first, pages.Length));
    }

    /// <summary>Whether there is a page in the range (none: nothing to do); throws when it leaves the map.</summary>
    private bool CheckPages(int first, int count)
    {
        if (count == 0) return false;
        CheckPage(first);
        CheckPage(first + count - 1);
        return true;
    }

    private void CheckPage(int index)
    {
        if ((uint)index >= (uint)TotalPages) ThrowNoSuchPage(index); // the throw out of line, so this inlines
    }

    [DoesNotReturn]
    private void ThrowNoSuchPage(int index) =>
        throw new ArgumentOutOfRangeException(nameof(index), index, $"a page of this map is 0 to {TotalPages - 1}");

    /// <summary>The logical page <paramref name="index"/>, its chunk made if it was not yet.</summary>
    private ref Page Logical(int index) => ref ChunkOf(index).Logical[index & (PageCount - 1)];

    private Chunk ChunkOf(int index) => ChunkAt(index >> ChunkPageShift);

    /// <summary>Chunk <paramref name="c"/>, made (its tables filled) on first use.</summary>
    private Chunk ChunkAt(int c) => _chunks[c] ?? NewChunk(c);

    private Chunk NewChunk(int c)
    {
        var chunk = new Chunk(NewTables());
        _chunks[c] = chunk;
        _readChunks[c] = (byte**)chunk.Tables.Pointer;
        _writeChunks[c] = (byte**)chunk.Tables.Pointer + PageCount;
        for (int p = 0; p < PageCount; p++) Refresh((c << ChunkPageShift) | p);
        return chunk;
    }

    /// <summary>A read and a write table with every page on the open bus.</summary>
    private MemoryBlock NewTables()
    {
        var tables = new MemoryBlock(2 * PageCount * sizeof(nint));
        byte** read = (byte**)tables.Pointer;
        for (int p = 0; p < PageCount; p++) read[p] = _openBus.Pointer; // write pointers stay null
        return tables;
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
            Logical(p) = new Page(block, blockOffset + i * PageSize, writable);
            RefreshAliases(p);
        }
        Changed?.Invoke(new MemoryMapChange(MemoryMapChangeKind.Mapped, (int)(address >> PageShift), length >> PageShift));
    }

    private void CheckRange(uint address, int length)
    {
        if (address % PageSize != 0 || length <= 0 || length % PageSize != 0 || address + (long)length > (long)_addressMask + 1)
            throw new ArgumentOutOfRangeException(nameof(address), address,
                $"a mapping is whole 4 KiB pages below {((long)_addressMask + 1) >> 20} MiB (address {address:X}h, length {length:X}h)");
    }

    private void RefreshAliases(int logicalPage)
    {
        Generation++;
        Refresh(logicalPage);
        if (!_a20) Refresh(logicalPage ^ A20PageBit); // the page that reaches this one while A20 is off (on, it reaches itself)
    }

    private void Refresh(int p)
    {
        if (_chunks[p >> ChunkPageShift] is not { } chunk) return; // nothing mapped there: the shared open-bus tables
        int target = Target(p);
        int i = p & (PageCount - 1);
        ref readonly Page page = ref chunk.Logical[target & (PageCount - 1)];
        byte** read = (byte**)chunk.Tables.Pointer;
        byte** write = read + PageCount;
        if (page.Block is null)
        {
            read[i] = _openBus.Pointer;
            write[i] = null;
            return;
        }
        // SAFETY: the offset was checked against the block's size when the page was mapped.
        byte* first = page.Block.Pointer + page.Offset;
        read[i] = first;
        write[i] = page.Writable && !chunk.Code[target & (PageCount - 1)] ? first : null;
    }

    /// <summary>
    /// The slow path of a guest write to a page without a write pointer: to a page marked as holding
    /// code, the byte is written, counted and reported (<see cref="CodeWritten"/>); to ROM or
    /// unmapped memory, it is dropped and counted.
    /// </summary>
    public void WriteSlow(uint address, byte value)
    {
        address &= _addressMask;
        int target = Target((int)(address >> PageShift));
        if (_chunks[target >> ChunkPageShift] is not { } chunk)
        {
            DroppedWrites++;
            return;
        }
        int i = target & (PageCount - 1);
        ref readonly Page page = ref chunk.Logical[i];
        if (page.Block is null || !page.Writable)
        {
            DroppedWrites++;
            return;
        }
        // SAFETY: as in Refresh; the offset inside the page is below PageSize.
        page.Block.Pointer[page.Offset + (address & PageMask)] = value;
        chunk.CodeWrites[i]++;
        CodeWritten?.Invoke(address);
    }

    public byte Read8(uint address)
    {
        address &= _addressMask;
        return _readChunks[address >> ChunkShift][(address >> PageShift) & (PageCount - 1)][address & PageMask];
    }

    /// <summary>A write as the guest makes it: ROM and unmapped pages drop it.</summary>
    public void Write8(uint address, byte value)
    {
        address &= _addressMask;
        byte* page = _writeChunks[address >> ChunkShift][(address >> PageShift) & (PageCount - 1)];
        if (page == null) WriteSlow(address, value);
        else page[address & PageMask] = value;
    }

    /// <summary>Writes through read-only pages too: how firmware gets into ROM.</summary>
    public void Load(uint address, ReadOnlySpan<byte> bytes)
    {
        for (int i = 0; i < bytes.Length; i++)
        {
            uint a = (address + (uint)i) & _addressMask;
            Page page = GetPage(Target((int)(a >> PageShift)));
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
        _readChunks = null;
        _writeChunks = null;
        foreach (Chunk? chunk in _chunks) chunk?.Tables.Dispose();
        _unmappedTables?.Dispose();
        _chunkTables.Dispose();
        _openBus.Dispose();
    }

    /// <summary>Where one page of the address space leads.</summary>
    [StructLayout(LayoutKind.Auto)]
    public readonly record struct Page(MemoryBlock? Block, int Offset, bool Writable);

    /// <summary>16 MiB of the address space: its pages, their code marks and the host tables.</summary>
    private sealed class Chunk(MemoryBlock tables)
    {
        public MemoryBlock Tables { get; } = tables;
        public Page[] Logical { get; } = new Page[PageCount];
        public bool[] Code { get; } = new bool[PageCount];          // by the page a write reaches (after A20)
        public long[] CodeWrites { get; } = new long[PageCount];
    }
}
