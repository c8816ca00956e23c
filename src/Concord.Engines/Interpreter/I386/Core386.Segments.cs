using Concord.Core.Cpu;

namespace Concord.Engines.Interpreter.I386;

/// <summary>Segment registers: loads in real, virtual-8086 and protected mode, descriptors and their tables.</summary>
internal sealed unsafe partial class Core386
{
    /// <summary>
    /// Works out the offsets reads and writes may touch from the cache: [0, limit] or, for an
    /// expand-down data segment, (limit, FFFFh or FFFFFFFFh]. Protected mode also checks the
    /// type (a null or not-present cache allows nothing, code is never writable and readable only
    /// with R); real and virtual-8086 mode check limits only.
    /// </summary>
    private void RefreshAccess(int s)
    {
        if (s >= LdtrIndex) return;
        SegmentRegister* seg = _seg + s;
        ushort attributes = seg->Attributes;
        uint low = 0, high = seg->Limit;
        bool isData = (attributes & (SegmentAttributes.CodeOrData | SegmentAttributes.Code)) == SegmentAttributes.CodeOrData;
        if (isData && (attributes & SegmentAttributes.ConformingExpandDown) != 0)
        {
            high = (attributes & SegmentAttributes.Big) != 0 ? 0xFFFF_FFFFu : 0xFFFFu;
            low = seg->Limit + 1;
            if (seg->Limit == 0xFFFF_FFFF) (low, high) = (1, 0);
        }
        bool readable = true, writable = true;
        if (!RealAddressing)
        {
            bool valid = (attributes & SegmentAttributes.Present) != 0 && (attributes & SegmentAttributes.CodeOrData) != 0;
            bool readWrite = (attributes & SegmentAttributes.ReadWrite) != 0;
            readable = valid && (isData || readWrite);
            writable = valid && isData && readWrite;
        }
        (seg->ReadLow, seg->ReadHigh) = readable ? (low, high) : (1u, 0u);
        (seg->WriteLow, seg->WriteHigh) = writable ? (low, high) : (1u, 0u);
        if (s == CS)
        {
            _code32 = (attributes & SegmentAttributes.Big) != 0;
            DropFetchPage();
        }
        else if (s == SS) _stack32 = (attributes & SegmentAttributes.Big) != 0;
    }

    private void RefreshAllAccess()
    {
        for (int s = ES; s <= GS; s++) RefreshAccess(s);
    }

    /// <summary>Real mode: the selector and base = selector × 16; the limit and attributes stay (so "unreal" limits survive).</summary>
    private void LoadSegmentReal(int s, ushort selector)
    {
        SegmentRegister* seg = _seg + s;
        seg->Selector = selector;
        seg->Base = (uint)selector << 4;
        seg->Attributes |= SegmentAttributes.Present | SegmentAttributes.CodeOrData;
        RefreshAccess(s);
    }

    /// <summary>Virtual-8086 mode: base = selector × 16, a 64 KiB writable data segment at privilege 3.</summary>
    private void LoadSegmentV86(int s, ushort selector)
    {
        SegmentRegister* seg = _seg + s;
        seg->Selector = selector;
        seg->Base = (uint)selector << 4;
        seg->Limit = 0xFFFF;
        seg->Attributes = SegmentAttributes.RealModeData | (3 << SegmentAttributes.DplShift);
        RefreshAccess(s);
    }

    /// <summary>A null selector in DS, ES, FS or GS (protected mode): any access faults.</summary>
    private void LoadNullSegment(int s, ushort selector)
    {
        SegmentRegister* seg = _seg + s;
        seg->Selector = selector;
        seg->Base = 0;
        seg->Limit = 0;
        seg->Attributes = 0;
        RefreshAccess(s);
    }

    private void CommitSegment(int s, ushort selector, in Descriptor d)
    {
        SegmentRegister* seg = _seg + s;
        seg->Selector = selector;
        seg->Base = d.Base;
        seg->Limit = d.Limit;
        seg->Attributes = (ushort)(d.Attributes | SegmentAttributes.Accessed);
        RefreshAccess(s);
    }

    /// <summary>MOV Sreg, POP Sreg, LDS and the like: loads a data or stack segment register in any mode.</summary>
    private void LoadSegment(int s, ushort selector)
    {
        if (!ProtectedMode) LoadSegmentReal(s, selector);
        else if (V86) LoadSegmentV86(s, selector);
        else LoadSegmentProtected(s, selector);
    }

    /// <summary>The protected-mode checks of a data or stack segment load, then the load.</summary>
    private void LoadSegmentProtected(int s, ushort selector)
    {
        uint code = selector & 0xFFFCu;
        if (code == 0)
        {
            if (s == SS) Gp(0);
            else LoadNullSegment(s, selector);
            return;
        }
        if (!FetchDescriptor(selector, out Descriptor d))
        {
            if (!Faulted) Gp(code);
            return;
        }
        int rpl = selector & 3;
        if (s == SS)
        {
            if (rpl != _cpl || !d.IsData || !d.ReadWrite || d.Dpl != _cpl)
            {
                Gp(code);
                return;
            }
            if (!d.Present)
            {
                Ss(code);
                return;
            }
        }
        else
        {
            if (!d.IsSegment || (d.IsCode && !d.ReadWrite))
            {
                Gp(code);
                return;
            }
            if ((d.IsData || !d.Conforming) && (rpl > d.Dpl || _cpl > d.Dpl))
            {
                Gp(code);
                return;
            }
            if (!d.Present)
            {
                Np(code);
                return;
            }
        }
        SetAccessed(selector, d);
        if (Faulted) return;
        CommitSegment(s, selector, d);
    }

    /// <summary>
    /// Reads the descriptor <paramref name="selector"/> names from the GDT or the LDT. False when
    /// it lies beyond the table's limit (or the LDT is null), or when reading it faulted (#PF,
    /// then <see cref="Faulted"/> is set).
    /// </summary>
    private bool FetchDescriptor(ushort selector, out Descriptor d)
    {
        d = default;
        uint tableBase, tableLimit;
        if ((selector & 4) != 0)
        {
            if ((_seg[LdtrIndex].Selector & 0xFFFC) == 0 || (_seg[LdtrIndex].Attributes & SegmentAttributes.Present) == 0) return false;
            tableBase = _seg[LdtrIndex].Base;
            tableLimit = _seg[LdtrIndex].Limit;
        }
        else
        {
            tableBase = _gdtBase;
            tableLimit = _gdtLimit;
        }
        uint index = selector & 0xFFF8u;
        if (index + 7 > tableLimit) return false;
        uint low = ReadSystem<Size32>(tableBase + index);
        uint high = ReadSystem<Size32>(tableBase + index + 4);
        if (Faulted) return false;
        d = new Descriptor(low, high);
        return true;
    }

    /// <summary>The linear address of the descriptor a selector names (valid after <see cref="FetchDescriptor"/> succeeded).</summary>
    private uint DescriptorAddress(ushort selector) =>
        ((selector & 4) != 0 ? _seg[LdtrIndex].Base : _gdtBase) + (selector & 0xFFF8u);

    /// <summary>Sets the accessed bit of a code or data segment's descriptor, as loading it does.</summary>
    private void SetAccessed(ushort selector, in Descriptor d)
    {
        if (d.Accessed) return;
        WriteSystem<Size8>(DescriptorAddress(selector) + 5, (d.High >> 8 | 1) & 0xFF);
    }
}
