using System.Runtime.CompilerServices;
using Concord.Core.Cpu;
using Concord.Core.Memory;

namespace Concord.Engines.Interpreter.I386;

/// <summary>
/// Memory as the 386 sees it: segment checks (limits, expand-down, read/write rights) give a
/// linear address; paging (when CR0.PG is set) turns it into a physical one through the page
/// directory and tables, setting their accessed and dirty bits and raising #PF with CR2 and an
/// error code; the memory map gives the page of the host.
/// </summary>
/// <remarks>
/// A direct-mapped TLB of host page pointers, one for reads and one for writes, makes the common
/// access a tag compare and a load. A tag is the linear page number with bit 20 set for user
/// (CPL 3) accesses, so user and supervisor entries never answer for each other. A write entry
/// exists only where a write may go straight to RAM: the page is writable at that privilege and
/// already dirty. While a fault is pending, bit 21 is added to every write tag, so that no write
/// hits and the rest of the faulting instruction changes nothing. The TLB is flushed when the
/// 386 flushes it (CR3 loaded, paging switched) and when the memory map tells of a change (A20,
/// lent pages), checked at the start of a run and after each port access.
/// </remarks>
internal sealed unsafe partial class Core386
{
    private const int TlbBits = 10;
    private const int TlbSize = 1 << TlbBits;
    private const uint TlbMask = TlbSize - 1;
    private const uint UserTag = 1u << 20;
    private const uint PoisonTag = 1u << 21;
    private const uint NoTag = 0xFFFF_FFFF;

    private const uint PtePresent = 0x001, PteWritable = 0x002, PteUser = 0x004, PteAccessed = 0x020, PteDirty = 0x040;

    // SAFETY: pinned for the life of the core, as the register file.
    private readonly uint[] _tagArray = GC.AllocateArray<uint>(2 * TlbSize, pinned: true);
    private readonly nint[] _hostArray = GC.AllocateArray<nint>(2 * TlbSize, pinned: true);
    private uint* _readTag;
    private uint* _writeTag;
    private byte** _readHost;
    private byte** _writeHost;
    private byte*** _readChunks;
    private byte*** _writeChunks;
    private uint _physicalMask;
    private bool _mapChanged;

    /// <summary><see cref="UserTag"/> while CPL is 3.</summary>
    private uint _userTag;

    /// <summary><see cref="PoisonTag"/> while a fault is pending.</summary>
    private uint _writePoison;

    /// <summary>The linear address of the operand a read-modify-write read, for its write.</summary>
    private uint _rmwLinear;

    private void InitMemory(MemoryMap memory)
    {
        _readTag = (uint*)Unsafe.AsPointer(ref _tagArray[0]);
        _writeTag = _readTag + TlbSize;
        _readHost = (byte**)Unsafe.AsPointer(ref _hostArray[0]);
        _writeHost = _readHost + TlbSize;
        _readChunks = memory.ReadChunks;
        _writeChunks = memory.WriteChunks;
        _physicalMask = memory.Bits == 32 ? 0xFFFF_FFFFu : 0x00FF_FFFFu; // a 24-bit map: the lines of a 386SX
        memory.Changed += _ => _mapChanged = true;
        FlushTlb();
    }

    private bool Paging => (_cr0 & Cr0Pg) != 0;

    private void FlushTlb()
    {
        new Span<uint>(_readTag, 2 * TlbSize).Fill(NoTag);
        DropFetchPage();
    }

    /// <summary>Flushes the TLB if the memory map changed since it was filled (checked at run start and after port I/O).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckMemoryMap()
    {
        if (_mapChanged)
        {
            _mapChanged = false;
            FlushTlb();
        }
    }

    // ---- faults ----

    private int _faultVector = -1;
    private uint _faultCode;
    private bool _faultHasCode;

    private bool Faulted
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _faultVector >= 0;
    }

    /// <summary>Raises an exception in the instruction in progress; the first one raised is the one delivered.</summary>
    private void Raise(int vector, uint code = 0, bool hasCode = false)
    {
        if (_faultVector >= 0) return;
        _faultVector = vector;
        _faultCode = code;
        _faultHasCode = hasCode;
        _writePoison = PoisonTag;
    }

    private void Gp(uint code) => Raise(13, code, true);
    private void Ss(uint code) => Raise(12, code, true);
    private void Np(uint code) => Raise(11, code, true);
    private void Ts(uint code) => Raise(10, code, true);
    private void Ud() => Raise(6);

    /// <summary>A limit or rights violation of segment <paramref name="s"/>: #SS for the stack, #GP otherwise.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SegmentFault(int s)
    {
        if (s == SS) Ss(0);
        else Gp(0);
    }

    // ---- segment-checked access at the current privilege ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint Read<T>(int s, uint offset) where T : struct, IOperandSize
    {
        SegmentRegister* seg = _seg + s;
        if (offset < seg->ReadLow || (ulong)offset + (uint)(T.Bytes - 1) > seg->ReadHigh)
        {
            SegmentFault(s);
            return 0;
        }
        return ReadLinear<T>(seg->Base + offset, _userTag);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Write<T>(int s, uint offset, uint value) where T : struct, IOperandSize
    {
        SegmentRegister* seg = _seg + s;
        if (offset < seg->WriteLow || (ulong)offset + (uint)(T.Bytes - 1) > seg->WriteHigh)
        {
            SegmentFault(s);
            return;
        }
        WriteLinear<T>(seg->Base + offset, value, _userTag);
    }

    /// <summary>
    /// The read of a read-modify-write operand: checked for writing first (segment and page, so a
    /// #PF reports a write, as the 386 does), then read; <see cref="WriteRmw{T}"/> writes it back.
    /// </summary>
    private uint ReadRmw<T>(int s, uint offset) where T : struct, IOperandSize
    {
        SegmentRegister* seg = _seg + s;
        if (offset < seg->WriteLow || (ulong)offset + (uint)(T.Bytes - 1) > seg->WriteHigh)
        {
            SegmentFault(s);
            return 0;
        }
        uint linear = seg->Base + offset;
        _rmwLinear = linear;
        if (!ProbeWrite(linear, T.Bytes, _userTag)) return 0;
        return ReadLinear<T>(linear, _userTag);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteRmw<T>(uint value) where T : struct, IOperandSize => WriteLinear<T>(_rmwLinear, value, _userTag);

    // ---- linear access ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint ReadLinear<T>(uint linear, uint tagBits) where T : struct, IOperandSize
    {
        uint page = linear >> MemoryMap.PageShift;
        uint i = page & TlbMask;
        uint inPage = linear & MemoryMap.PageMask;
        if (_readTag[i] == (page | tagBits) && inPage <= (uint)(MemoryMap.PageSize - T.Bytes))
            return T.Load(_readHost[i] + inPage);
        return ReadLinearSlow<T>(linear, tagBits);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private uint ReadLinearSlow<T>(uint linear, uint tagBits) where T : struct, IOperandSize
    {
        bool user = tagBits != 0;
        uint inPage = linear & MemoryMap.PageMask;
        if (inPage <= (uint)(MemoryMap.PageSize - T.Bytes))
        {
            byte* host = TranslateRead(linear, user);
            return host == null ? 0 : T.Load(host + inPage);
        }
        // Across two pages: both must translate before anything is read.
        uint next = (linear | MemoryMap.PageMask) + 1;
        byte* first = TranslateRead(linear, user);
        if (first == null) return 0;
        byte* second = TranslateRead(next, user);
        if (second == null) return 0;
        uint value = 0;
        for (int k = 0; k < T.Bytes; k++)
        {
            uint at = inPage + (uint)k;
            byte b = at < MemoryMap.PageSize ? first[at] : second[at - MemoryMap.PageSize];
            value |= (uint)b << (8 * k);
        }
        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteLinear<T>(uint linear, uint value, uint tagBits) where T : struct, IOperandSize
    {
        uint page = linear >> MemoryMap.PageShift;
        uint i = page & TlbMask;
        uint inPage = linear & MemoryMap.PageMask;
        if (_writeTag[i] == (page | tagBits | _writePoison) && inPage <= (uint)(MemoryMap.PageSize - T.Bytes))
        {
            T.Store(_writeHost[i] + inPage, value);
            return;
        }
        WriteLinearSlow<T>(linear, value, tagBits);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WriteLinearSlow<T>(uint linear, uint value, uint tagBits) where T : struct, IOperandSize
    {
        if (Faulted) return; // the instruction already faulted: no more side effects
        bool user = tagBits != 0;
        uint inPage = linear & MemoryMap.PageMask;
        if (inPage <= (uint)(MemoryMap.PageSize - T.Bytes))
        {
            if (!TranslateWrite(linear, user, out uint physical)) return;
            for (int k = 0; k < T.Bytes; k++) WritePhysical8(physical + (uint)k, (byte)(value >> (8 * k)));
            return;
        }
        // Across two pages: both must translate (and be marked dirty) before anything is written.
        uint next = (linear | MemoryMap.PageMask) + 1;
        if (!TranslateWrite(linear, user, out uint low) || !TranslateWrite(next, user, out uint high)) return;
        for (int k = 0; k < T.Bytes; k++)
        {
            uint a = linear + (uint)k;
            uint physical = (a & ~(uint)MemoryMap.PageMask) == (linear & ~(uint)MemoryMap.PageMask)
                ? low + (a - linear)
                : high + (a & MemoryMap.PageMask);
            WritePhysical8(physical, (byte)(value >> (8 * k)));
        }
    }

    /// <summary>Makes sure a write of <paramref name="size"/> bytes at <paramref name="linear"/> will not fault (for read-modify-write).</summary>
    private bool ProbeWrite(uint linear, int size, uint tagBits)
    {
        uint page = linear >> MemoryMap.PageShift;
        if (_writeTag[page & TlbMask] == (page | tagBits) && (linear & MemoryMap.PageMask) <= (uint)(MemoryMap.PageSize - size))
            return true;
        bool user = tagBits != 0;
        if (!TranslateWrite(linear, user, out _)) return false;
        uint last = linear + (uint)(size - 1);
        return (last >> MemoryMap.PageShift) == page || TranslateWrite(last, user, out _);
    }

    private uint ReadSystem<T>(uint linear) where T : struct, IOperandSize => ReadLinear<T>(linear, 0);

    private void WriteSystem<T>(uint linear, uint value) where T : struct, IOperandSize => WriteLinear<T>(linear, value, 0);

    // ---- translation ----

    /// <summary>The host page for a read at <paramref name="linear"/>, filling the TLB; null (with #PF raised) on a fault.</summary>
    private byte* TranslateRead(uint linear, bool user)
    {
        if (!Translate(linear, write: false, user, out uint physical, out bool writable, out bool dirty)) return null;
        uint page = linear >> MemoryMap.PageShift;
        uint i = page & TlbMask;
        uint tag = page | (user ? UserTag : 0);
        byte* host = ReadHost(physical);
        _readTag[i] = tag;
        _readHost[i] = host;
        byte* writeHost = WriteHost(physical);
        if (writable && dirty && writeHost != null)
        {
            _writeTag[i] = tag;
            _writeHost[i] = writeHost;
        }
        return host;
    }

    /// <summary>Translates for a write (marking the page dirty) and fills the write TLB where the page is RAM.</summary>
    private bool TranslateWrite(uint linear, bool user, out uint physical)
    {
        if (!Translate(linear, write: true, user, out physical, out _, out _)) return false;
        uint page = linear >> MemoryMap.PageShift;
        uint i = page & TlbMask;
        uint tag = page | (user ? UserTag : 0);
        byte* host = WriteHost(physical);
        if (host != null && !Faulted)
        {
            _writeTag[i] = tag;
            _writeHost[i] = host;
        }
        return true;
    }

    /// <summary>
    /// Linear to physical. Without paging, the same address. With it, the two-level walk: the
    /// directory entry and the table entry must be present; a user access needs the user bit in
    /// both, a user write the writable bit in both (the 386 lets the supervisor write any page).
    /// Accessed bits are set in both entries, the dirty bit in the table entry on a write.
    /// </summary>
    private bool Translate(uint linear, bool write, bool user, out uint physical, out bool writable, out bool dirty)
    {
        if (!Paging)
        {
            physical = linear;
            writable = true;
            dirty = true;
            return true;
        }
        uint pdeAddress = (_cr3 & 0xFFFF_F000) | ((linear >> 22) << 2);
        uint pde = ReadPhysical32(pdeAddress);
        uint errorCode = (write ? 2u : 0u) | (user ? 4u : 0u);
        if ((pde & PtePresent) == 0)
        {
            PageFault(linear, errorCode);
            physical = 0; writable = dirty = false;
            return false;
        }
        uint pteAddress = (pde & 0xFFFF_F000) | (((linear >> 12) & 0x3FF) << 2);
        uint pte = ReadPhysical32(pteAddress);
        if ((pte & PtePresent) == 0)
        {
            PageFault(linear, errorCode);
            physical = 0; writable = dirty = false;
            return false;
        }
        uint combined = pde & pte;
        bool userOk = (combined & PteUser) != 0;
        writable = !user || (combined & PteWritable) != 0;
        if (user && (!userOk || (write && !writable)))
        {
            PageFault(linear, errorCode | 1);
            physical = 0; dirty = false;
            return false;
        }
        if ((pde & PteAccessed) == 0) WritePhysical32(pdeAddress, pde | PteAccessed);
        uint newPte = pte | PteAccessed | (write ? PteDirty : 0);
        if (newPte != pte) WritePhysical32(pteAddress, newPte);
        dirty = (newPte & PteDirty) != 0;
        physical = (pte & 0xFFFF_F000) | (linear & MemoryMap.PageMask);
        return true;
    }

    private void PageFault(uint linear, uint errorCode)
    {
        if (Faulted) return;
        _cr2 = linear;
        Raise(14, errorCode, true);
    }

    // ---- physical ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte* ReadHost(uint physical)
    {
        physical &= _physicalMask;
        return _readChunks[physical >> MemoryMap.ChunkShift][(physical >> MemoryMap.PageShift) & (MemoryMap.PageCount - 1)];
    }

    /// <summary>The host page for writes, or null (ROM, nothing mapped: writes are dropped).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte* WriteHost(uint physical)
    {
        physical &= _physicalMask;
        return _writeChunks[physical >> MemoryMap.ChunkShift][(physical >> MemoryMap.PageShift) & (MemoryMap.PageCount - 1)];
    }

    private void WritePhysical8(uint physical, byte value)
    {
        byte* page = WriteHost(physical);
        if (page != null) page[physical & MemoryMap.PageMask] = value;
        else _memory.WriteSlow(physical & _physicalMask, value);
    }

    /// <summary>A page-table entry (4-byte aligned: never across pages).</summary>
    private uint ReadPhysical32(uint physical) =>
        Unsafe.ReadUnaligned<uint>(ReadHost(physical) + (physical & MemoryMap.PageMask));

    private void WritePhysical32(uint physical, uint value)
    {
        byte* page = WriteHost(physical);
        if (page != null) Unsafe.WriteUnaligned(page + (physical & MemoryMap.PageMask), value);
        else
            for (int k = 0; k < 4; k++) _memory.WriteSlow((physical + (uint)k) & _physicalMask, (byte)(value >> (8 * k)));
    }

    // ---- instruction fetch ----

    // The code page in use: the _fetchCount EIPs from _fetchStart are in one page and within CS's
    // limit, and _fetchBase + EIP is their byte on the host. Dropped (count 0) whenever CS, the
    // CPL, paging or the memory map may have changed it.
    private byte* _fetchBase;
    private uint _fetchStart;
    private uint _fetchCount;

    private void DropFetchPage() => _fetchCount = 0;

    /// <summary>The next byte at CS:EIP: #GP(0) past the code segment's limit, #PF through paging.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool FetchByte(out byte value)
    {
        uint eip = _eip;
        if (eip - _fetchStart < _fetchCount)
        {
            value = _fetchBase[eip];
            _eip = eip + 1;
            return true;
        }
        return FetchByteSlow(out value);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool FetchByteSlow(out byte value)
    {
        uint offset = _eip;
        uint limit = _seg[CS].Limit;
        if (offset > limit)
        {
            Gp(0);
            value = 0;
            return false;
        }
        uint linear = _seg[CS].Base + offset;
        uint page = linear >> MemoryMap.PageShift;
        uint i = page & TlbMask;
        byte* host;
        if (_readTag[i] == (page | _userTag)) host = _readHost[i];
        else
        {
            host = TranslateRead(linear, _userTag != 0);
            if (host == null)
            {
                value = 0;
                return false;
            }
        }
        uint inPage = linear & MemoryMap.PageMask;
        value = host[inPage];
        _eip = offset + 1;
        // Remember the page: the offsets from here to its end or to the limit, whichever comes first.
        uint span = Math.Min((uint)MemoryMap.PageMask - inPage, limit - offset);
        _fetchStart = offset;
        _fetchCount = span + 1;
        _fetchBase = host + inPage - offset;
        return true;
    }
}
