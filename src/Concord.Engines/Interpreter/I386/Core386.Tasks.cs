using System.Runtime.Intrinsics;
using static Concord.Engines.Interpreter.FlagBits;

namespace Concord.Engines.Interpreter.I386;

/// <summary>
/// Task switches through 386 and 286 TSSs: by JMP, CALL, an interrupt through a task gate, and
/// IRET with NT. The outgoing state goes into the current TSS, the incoming one comes from the
/// new TSS, busy bits, NT and the back link follow the kind of switch, CR0.TS is set and CR3 is
/// loaded. Faults in loading the new task's segments come after the switch, in the new task.
/// </summary>
internal sealed unsafe partial class Core386
{
    /// <summary>JMP or CALL through a task gate: the TSS it names must be in the GDT, available and present.</summary>
    private void TaskThroughGate(ushort tss, TaskSwitch reason)
    {
        if (FetchAvailableTss(tss, out Descriptor d)) SwitchTask(tss, d, reason);
    }

    /// <summary>
    /// The descriptor of a TSS a task gate or LTR names: #GP(selector) unless it is in the GDT and
    /// an available 286 or 386 TSS (a null selector names the GDT's first entry: #GP(0)), #NP if not
    /// present. <paramref name="ext"/> is the EXT bit of the error code.
    /// </summary>
    private bool FetchAvailableTss(ushort selector, out Descriptor d, uint ext = 0)
    {
        uint code = (selector & 0xFFFCu) | ext;
        if ((selector & 4) != 0 || !FetchDescriptor(selector, out d))
        {
            d = default;
            if (!Faulted) Gp(code);
            return false;
        }
        return GpUnless(!d.IsSegment && d.Type is Descriptor.Tss286Available or Descriptor.Tss386Available, code) && PresentOr(d, 11, code);
    }

    /// <summary>IRET with NT set: back to the task whose selector is the current TSS's back link; it must be a busy TSS.</summary>
    private void TaskReturn()
    {
        ushort link = (ushort)ReadSystem<Size16>(_seg[TrIndex].Base);
        if (Faulted) return;
        uint code = link & 0xFFFCu;
        if ((link & 4) != 0 || !FetchDescriptor(link, out Descriptor d))
        {
            if (!Faulted) Ts(code);
            return;
        }
        if (d.IsSegment || d.Type is not (Descriptor.Tss286Busy or Descriptor.Tss386Busy))
        {
            Ts(code);
            return;
        }
        if (PresentOr(d, 11, code)) SwitchTask(link, d, TaskSwitch.Iret);
    }

    /// <summary>The switch itself; the return address to save is <see cref="_eip"/>.</summary>
    private bool SwitchTask(ushort selector, in Descriptor tss, TaskSwitch reason)
    {
        uint code = selector & 0xFFFCu;
        bool new386 = (tss.Type & 8) != 0;
        if (tss.Limit < (new386 ? 0x67u : 0x2Bu))
        {
            Ts(code);
            return false;
        }
        SegmentRegister* tr = _seg + TrIndex;
        uint oldBase = tr->Base;
        bool old386 = (tr->Attributes & 8) != 0;
        ushort oldSelector = tr->Selector;

        // The outgoing task's state, in its TSS.
        int outgoingFlags = reason == TaskSwitch.Iret ? _flags & ~NT : _flags;
        if (old386)
        {
            WriteSystem<Size32>(oldBase + 0x20, _eip);
            WriteSystem<Size32>(oldBase + 0x24, (uint)outgoingFlags);
            for (int r = AX; r <= DI; r++) WriteSystem<Size32>(oldBase + 0x28 + (uint)r * 4, _r[r]);
            for (int s = ES; s <= GS; s++) WriteSystem<Size16>(oldBase + 0x48 + (uint)s * 4, _seg[s].Selector);
        }
        else
        {
            WriteSystem<Size16>(oldBase + 0x0E, _eip);
            WriteSystem<Size16>(oldBase + 0x10, (uint)outgoingFlags);
            for (int r = AX; r <= DI; r++) WriteSystem<Size16>(oldBase + 0x12 + (uint)r * 2, _r[r]);
            for (int s = ES; s <= DS; s++) WriteSystem<Size16>(oldBase + 0x22 + (uint)s * 2, _seg[s].Selector);
        }
        if (Faulted) return false;

        // The incoming task's state, from the new TSS.
        uint newBase = tss.Base;
        uint* regs = stackalloc uint[8];
        ushort* selectors = stackalloc ushort[6];
        uint eip, flags, cr3 = _cr3;
        ushort ldt;
        if (new386)
        {
            cr3 = ReadSystem<Size32>(newBase + 0x1C);
            eip = ReadSystem<Size32>(newBase + 0x20);
            flags = ReadSystem<Size32>(newBase + 0x24);
            for (int r = AX; r <= DI; r++) regs[r] = ReadSystem<Size32>(newBase + 0x28 + (uint)r * 4);
            for (int s = ES; s <= GS; s++) selectors[s] = (ushort)ReadSystem<Size16>(newBase + 0x48 + (uint)s * 4);
            ldt = (ushort)ReadSystem<Size16>(newBase + 0x60);
        }
        else
        {
            // A 286 TSS holds words: the upper halves of the registers read FFFFh, FS and GS null.
            eip = ReadSystem<Size16>(newBase + 0x0E);
            flags = ReadSystem<Size16>(newBase + 0x10);
            for (int r = AX; r <= DI; r++) regs[r] = 0xFFFF_0000 | ReadSystem<Size16>(newBase + 0x12 + (uint)r * 2);
            for (int s = ES; s <= DS; s++) selectors[s] = (ushort)ReadSystem<Size16>(newBase + 0x22 + (uint)s * 2);
            selectors[FS] = selectors[GS] = 0;
            ldt = (ushort)ReadSystem<Size16>(newBase + 0x2A);
        }
        if (Faulted) return false;

        // Busy bits and the link.
        if (reason != TaskSwitch.Call) SetBusy(oldSelector, busy: false);
        if (reason != TaskSwitch.Iret) SetBusy(selector, busy: true);
        if (reason == TaskSwitch.Call)
        {
            WriteSystem<Size16>(newBase, oldSelector);
            flags |= NT;
        }
        if (Faulted) return false;

        // Commit: from here on the CPU is in the new task.
        tr->Selector = selector;
        tr->Base = newBase;
        tr->Limit = tss.Limit;
        tr->Attributes = (ushort)(tss.Attributes | 2);
        _cr0 |= Cr0Ts;
        if (new386 && Paging)
        {
            _cr3 = cr3;
            FlushTlb();
        }
        for (int r = AX; r <= DI; r++) _r[r] = regs[r];
        SetFlags(FixedFlags((int)flags));
        for (int s = ES; s <= GS; s++) _seg[s].Selector = selectors[s];
        _eip = eip;
        // A fault in loading the segments is the new task's: it restarts there.
        _instructionStart = eip;
        *(Vector256<uint>*)_saved = *(Vector256<uint>*)_r;
        _savedFlags = _flags;

        LoadTaskSegments(ldt, selectors);
        if (Faulted) return false;
        if (_eip > _seg[CS].Limit)
        {
            Gp(0);
            return false;
        }
        return true;
    }

    private void SetBusy(ushort selector, bool busy)
    {
        uint address = _gdtBase + (selector & 0xFFF8u) + 5;
        uint access = ReadSystem<Size8>(address);
        WriteSystem<Size8>(address, busy ? access | 2 : access & ~2u);
    }

    /// <summary>The LDT and the segment registers of the new task, each checked as the 386 checks them in a task switch (#TS, #NP, #SS).</summary>
    private void LoadTaskSegments(ushort ldt, ushort* selectors)
    {
        SegmentRegister* ldtr = _seg + LdtrIndex;
        ldtr->Selector = ldt;
        if ((ldt & 0xFFFC) == 0)
        {
            ldtr->Base = 0;
            ldtr->Limit = 0;
            ldtr->Attributes = 0;
        }
        else
        {
            uint ldtCode = ldt & 0xFFFCu;
            if ((ldt & 4) != 0 || !FetchDescriptor(ldt, out Descriptor ld) || ld.IsSegment || ld.Type != Descriptor.Ldt || !ld.Present)
            {
                if (!Faulted) Ts(ldtCode);
                return;
            }
            ldtr->Base = ld.Base;
            ldtr->Limit = ld.Limit;
            ldtr->Attributes = ld.Attributes;
        }

        if (V86)
        {
            for (int s = ES; s <= GS; s++) LoadSegmentV86(s, selectors[s]);
            SetCpl(3);
            return;
        }

        ushort cs = selectors[CS];
        uint csCode = cs & 0xFFFCu;
        int cpl = cs & 3;
        if (csCode == 0 || !FetchDescriptor(cs, out Descriptor code) || !code.IsCode ||
            (code.Conforming ? code.Dpl > cpl : code.Dpl != cpl))
        {
            if (!Faulted) Ts(csCode);
            return;
        }
        if (!code.Present)
        {
            Np(csCode);
            return;
        }
        SetAccessed(cs, code);
        CommitSegment(CS, cs, code);
        SetCpl(cpl);

        ushort ss = selectors[SS];
        uint ssCode = ss & 0xFFFCu;
        if (ssCode == 0 || !FetchDescriptor(ss, out Descriptor stack) || (ss & 3) != cpl || stack.Dpl != cpl ||
            !stack.IsData || !stack.ReadWrite)
        {
            if (!Faulted) Ts(ssCode);
            return;
        }
        if (!stack.Present)
        {
            Ss(ssCode);
            return;
        }
        SetAccessed(ss, stack);
        CommitSegment(SS, ss, stack);

        foreach (int s in (ReadOnlySpan<int>)[DS, ES, FS, GS])
        {
            ushort selector = selectors[s];
            uint sCode = selector & 0xFFFCu;
            if (sCode == 0)
            {
                LoadNullSegment(s, selector);
                continue;
            }
            if (!FetchDescriptor(selector, out Descriptor d) || !d.IsSegment || (d.IsCode && !d.ReadWrite) ||
                ((d.IsData || !d.Conforming) && (d.Dpl < cpl || d.Dpl < (selector & 3))))
            {
                if (!Faulted) Ts(sCode);
                return;
            }
            if (!d.Present)
            {
                Np(sCode);
                return;
            }
            SetAccessed(selector, d);
            CommitSegment(s, selector, d);
        }
    }
}
