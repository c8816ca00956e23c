using System.Runtime.CompilerServices;
using Concord.Core.Memory;

namespace Concord.Engines.Translator;

/// <summary>
/// One vCPU's compiled regions: found by linear address (a table per page, one slot per byte, so the
/// dispatcher's look-up is two loads), watched for writes (the pages they were translated from are
/// marked as code in the memory map, and a per-byte map says which bytes are code), dropped when
/// their bytes are written or their pages change, and bounded in size (the least recently entered
/// regions go first).
/// </summary>
internal sealed unsafe class CodeCache
{
    /// <summary>Words of <see cref="EntryBits"/>: one bit per linear address a real-mode CS:IP reaches (below 1 MiB + 64 KiB).</summary>
    public const int EntryBitsLength = 0x110000 / 64;

    private const int A20PageBit = 1 << (20 - MemoryMap.PageShift);

    private readonly PageEntries?[] _entries = new PageEntries?[MemoryMap.PageCount];
    private readonly List<CompiledRegion>?[] _byCodePage = new List<CompiledRegion>?[MemoryMap.PageCount];
    private readonly ulong[]?[] _codeBytes = new ulong[]?[MemoryMap.PageCount];
    private readonly int[] _writeDrops = new int[MemoryMap.PageCount];

    // Kept for Drop between calls, so that invalidating on a gate's map change allocates nothing.
    private readonly List<CompiledRegion> _dropping = [];
    private readonly HashSet<int> _touchedCodePages = [], _touchedLinearPages = [];

    /// <summary>
    /// Regions of a page dropped this often by writes to their code send the page back to the interpreter
    /// for good (as DOSBox's dynamic core does with heavily written code): compiling it again would only
    /// be thrown away again, at milliseconds a compile.
    /// </summary>
    public const int ChurnLimit = 32;
    private readonly List<CompiledRegion> _regions = [];
    private readonly ulong[] _entryBitsStore = GC.AllocateArray<ulong>(EntryBitsLength, pinned: true);
    private readonly MemoryMap _memory;
    private readonly long _limitBytes;

    public CodeCache(MemoryMap memory, long limitBytes)
    {
        _memory = memory;
        _limitBytes = limitBytes;
        // SAFETY: the array is pinned and held by this cache, which lives as long as the vCPU that reads it.
        EntryBits = (ulong*)Unsafe.AsPointer(ref _entryBitsStore[0]);
    }

    /// <summary>One bit per linear address, set where a region has an entry (what <see cref="Find"/> would return with an entry ≥ 0), for the embedded interpreter.</summary>
    public ulong* EntryBits { get; }

    /// <summary>IL bytes of the regions held now.</summary>
    public long Bytes { get; private set; }

    /// <summary>The most <see cref="Bytes"/> has been.</summary>
    public long PeakBytes { get; private set; }

    public int Count => _regions.Count;

    /// <summary>Regions dropped because their code was written or their pages changed.</summary>
    public long Invalidated { get; private set; }

    /// <summary>Regions dropped to keep the cache within its limit.</summary>
    public long Evicted { get; private set; }

    /// <summary>Whether writes to its code dropped regions of linear page <paramref name="page"/> so often that it stays interpreted (<see cref="ChurnLimit"/>).</summary>
    public bool Churned(int page) => _writeDrops[page] >= ChurnLimit;

    /// <summary>The region whose code holds <paramref name="linear"/>, and the entry there (-1: inside the region, not an entry).</summary>
    public (CompiledRegion? Region, int Entry) Find(uint linear)
    {
        PageEntries? page = _entries[linear >> MemoryMap.PageShift];
        if (page is null) return (null, -1);
        int slot = (int)(linear & MemoryMap.PageMask);
        CompiledRegion? region = page.Region[slot];
        return region is null ? (null, -1) : (region, page.Entry[slot]);
    }

    /// <summary>Whether the bytes the plan was translated from are still in memory as they were.</summary>
    public bool StillMatches(RegionPlan plan)
    {
        foreach (var (start, bytes) in plan.Code)
            for (int i = 0; i < bytes.Length; i++)
                if (_memory.Read8(start + (uint)i) != bytes[i]) return false;
        return true;
    }

    public void Install(CompiledRegion region)
    {
        RegionPlan plan = region.Plan;
        var linearPages = new SortedSet<int>();
        var codePages = new SortedSet<int>();
        var runs = new List<(uint Start, int Length)>();
        foreach (var (start, bytes) in plan.Code)
        {
            uint end = start + (uint)bytes.Length;
            for (uint a = start; a < end; a = (a | MemoryMap.PageMask) + 1)
            {
                int page = (int)(a >> MemoryMap.PageShift);
                linearPages.Add(page);
                codePages.Add(Target(page));
            }
            runs.Add((TargetAddress(start), bytes.Length));
        }
        region.LinearPages = [.. linearPages];
        region.CodePages = [.. codePages];
        region.TargetRuns = [.. runs];
        foreach (int page in region.LinearPages) _memory.MarkCode(page);
        foreach (int page in region.CodePages)
        {
            (_byCodePage[page] ??= []).Add(region);
            MarkBytes(page, region);
        }
        Register(region, null);
        _regions.Add(region);
        Bytes += region.IlBytes;
        PeakBytes = Math.Max(PeakBytes, Bytes);
        if (Bytes > _limitBytes) Evict();
    }

    /// <summary>Puts the region's entries in the page tables where no better one is (an entry beats a plain covered slot), optionally only on one page.</summary>
    private void Register(CompiledRegion region, int? onlyPage)
    {
        RegionPlan plan = region.Plan;
        for (int i = 0; i < plan.Instructions.Length; i++)
        {
            uint linear = plan.Instructions[i].Linear;
            int page = (int)(linear >> MemoryMap.PageShift);
            if (onlyPage is { } only && page != only) continue;
            PageEntries entries = _entries[page] ??= new PageEntries();
            int slot = (int)(linear & MemoryMap.PageMask);
            int entry = plan.EntryNumber[i];
            CompiledRegion? old = entries.Region[slot];
            if (old is not null && old.Valid && (entries.Entry[slot] >= 0 || entry < 0)) continue;
            entries.Region[slot] = region;
            entries.Entry[slot] = (short)entry;
            SetEntryBit(linear, entry >= 0);
        }
    }

    /// <summary>
    /// A guest write reached a page marked as code: drops the regions translated from that byte. Returns whether the
    /// running region was one of them; <paramref name="nearWriter"/> says whether a dropped region is the running one
    /// or covers a page in <paramref name="writerPages"/> (code rewriting code next to itself).
    /// </summary>
    public bool CodeWritten(uint address, CompiledRegion? running, ReadOnlySpan<int> writerPages, out bool nearWriter)
    {
        nearWriter = false;
        uint target = TargetAddress(address & 0xFFFFFF);
        int page = (int)(target >> MemoryMap.PageShift);
        ulong[]? bits = _codeBytes[page];
        int offset = (int)(target & MemoryMap.PageMask);
        if (bits is null || (bits[offset >> 6] & 1UL << offset) == 0) return false;
        bool hitRunning = false;
        List<CompiledRegion> written = _dropping;
        foreach (CompiledRegion region in _byCodePage[page]!)
        {
            if (!region.CoversTarget(target)) continue;
            hitRunning |= region == running;
            foreach (int writerPage in writerPages) nearWriter |= region.LinearPages.Contains(writerPage);
            foreach (int linearPage in region.LinearPages) _writeDrops[linearPage]++;
            written.Add(region);
        }
        Invalidated += Drop(written);
        nearWriter |= hitRunning;
        return hitRunning;
    }

    /// <summary>The map changed: regions translated from the pages it names (or all above 1 MiB, when A20 switched) are dropped.</summary>
    public bool MapChanged(MemoryMapChange change, CompiledRegion? running)
    {
        // No copies or closures: a gate call swaps its window twice per round trip and lands here each time.
        bool hitRunning = false;
        List<CompiledRegion> affected = _dropping;
        foreach (CompiledRegion region in _regions)
        {
            if (!Affected(region, change)) continue;
            hitRunning |= region == running;
            affected.Add(region);
        }
        Invalidated += Drop(affected);
        return hitRunning;
    }

    private static bool Affected(CompiledRegion region, MemoryMapChange change)
    {
        foreach (int p in region.LinearPages)
        {
            if (change.Kind == MemoryMapChangeKind.A20 ? (p & A20PageBit) != 0 : change.Covers(p) || change.Covers(p ^ A20PageBit))
                return true;
        }
        if (change.Kind == MemoryMapChangeKind.A20) return false;
        foreach (int p in region.CodePages)
            if (change.Covers(p)) return true;
        return false;
    }

    /// <summary>Drops every region.</summary>
    public void Clear()
    {
        _dropping.AddRange(_regions);
        Drop(_dropping);
    }

    private void Evict()
    {
        long goal = _limitBytes * 3 / 4, bytes = Bytes;
        List<CompiledRegion> victims = _dropping;
        foreach (CompiledRegion region in _regions.OrderBy(r => r.LastUsed))
        {
            if (bytes <= goal) break;
            victims.Add(region);
            bytes -= region.IlBytes;
        }
        Evicted += Drop(victims);
    }

    /// <summary>
    /// Drops <paramref name="regions"/> (and empties the list): their entries and code-byte marks go, then the regions left
    /// on the pages they were on take their bytes and entries back, once per page. One region at a time, each drop put
    /// back the marks and entries of every other region on its pages: with thousands of regions on a page, as random
    /// code gives, an eviction was quadratic. Returns how many were dropped.
    /// </summary>
    private int Drop(List<CompiledRegion> regions)
    {
        int dropped = 0;
        _touchedCodePages.Clear();
        _touchedLinearPages.Clear();
        foreach (CompiledRegion region in regions)
        {
            if (!region.Valid) continue;
            region.Valid = false;
            dropped++;
            Bytes -= region.IlBytes;
            // Its slots are those of its instructions (Register puts nothing anywhere else).
            foreach (GuestInstruction g in region.Plan.Instructions)
            {
                PageEntries? entries = _entries[g.Linear >> MemoryMap.PageShift];
                int slot = (int)(g.Linear & MemoryMap.PageMask);
                if (entries is null || entries.Region[slot] != region) continue;
                entries.Region[slot] = null;
                SetEntryBit(g.Linear, false);
            }
            foreach (int page in region.CodePages) _touchedCodePages.Add(page);
            foreach (int page in region.LinearPages) _touchedLinearPages.Add(page);
        }
        regions.Clear();
        if (dropped == 0) return 0;
        _regions.RemoveAll(r => !r.Valid);
        foreach (int page in _touchedCodePages)
        {
            List<CompiledRegion> list = _byCodePage[page]!;
            list.RemoveAll(r => !r.Valid);
            _codeBytes[page] = null;
            foreach (CompiledRegion other in list) MarkBytes(page, other);
            if (list.Count == 0)
            {
                _byCodePage[page] = null;
                // Unmark through the page itself, which reaches itself whatever A20 says unless it is above 1 MiB with A20 off
                // (then it stays marked: writes to it just take the slow path).
                if (_memory.A20 || (page & A20PageBit) == 0) _memory.UnmarkCode(page);
            }
        }
        // Other regions over the same code may take the slots back.
        foreach (int page in _touchedLinearPages)
            if (_byCodePage[Target(page)] is { } others)
                foreach (CompiledRegion other in others) Register(other, page);
        return dropped;
    }

    private void MarkBytes(int page, CompiledRegion region)
    {
        ulong[] bits = _codeBytes[page] ??= new ulong[MemoryMap.PageSize / 64];
        uint pageStart = (uint)page << MemoryMap.PageShift;
        foreach (var (start, length) in region.TargetRuns)
            for (uint a = Math.Max(start, pageStart); a < Math.Min(start + (uint)length, pageStart + MemoryMap.PageSize); a++)
            {
                int offset = (int)(a & MemoryMap.PageMask);
                bits[offset >> 6] |= 1UL << offset;
            }
    }

    private void SetEntryBit(uint linear, bool set)
    {
        if (linear >= EntryBitsLength * 64) return;
        ulong bit = 1UL << (int)linear;
        if (set) EntryBits[linear >> 6] |= bit;
        else EntryBits[linear >> 6] &= ~bit;
    }

    private int Target(int page) => _memory.A20 ? page : page & ~A20PageBit;

    private uint TargetAddress(uint address) => _memory.A20 ? address : address & ~(1u << 20);

    private sealed class PageEntries
    {
        public readonly CompiledRegion?[] Region = new CompiledRegion?[MemoryMap.PageSize];
        public readonly short[] Entry = new short[MemoryMap.PageSize];
    }
}
