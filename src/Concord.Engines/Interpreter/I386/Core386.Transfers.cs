using Concord.Core.Cpu;
using static Concord.Engines.Interpreter.FlagBits;

namespace Concord.Engines.Interpreter.I386;

/// <summary>
/// Far JMP, CALL, RET and IRET: in real and virtual-8086 mode a segment number and an offset; in
/// protected mode every check of the 386, call gates (with the stack switch and the parameters
/// copied), task gates and TSSs, and returns to an outer privilege level.
/// </summary>
internal sealed unsafe partial class Core386
{
    private void JumpFar(ushort selector, uint offset) => FarTransfer(selector, offset, call: false);

    private void CallFar(ushort selector, uint offset) => FarTransfer(selector, offset, call: true);

    /// <summary>
    /// Far JMP and CALL: in real and V86 mode to a paragraph; in protected mode to a code segment
    /// (a CALL pushes CS and EIP of the operand size first), through a call gate, or to another
    /// task through a task gate or a TSS.
    /// </summary>
    private void FarTransfer(ushort selector, uint offset, bool call)
    {
        bool o32 = _insn.Operand32;
        if (!o32) offset &= 0xFFFF;
        if (RealAddressing)
        {
            if (offset > _seg[CS].Limit)
            {
                Gp(0);
                return;
            }
            if (call)
            {
                PushOperand(_seg[CS].Selector);
                PushOperand(_eip);
                if (Faulted) return;
            }
            LoadCodeReal(selector);
            _eip = offset;
            return;
        }
        if (!FetchOrGp(selector, out Descriptor d)) return;
        if (d.IsSegment)
        {
            if (!CheckCodeTarget(selector, d)) return;
            if (offset > d.Limit)
            {
                Gp(0);
                return;
            }
            StackFrame stack = CurrentStack();
            if (call && (!PushSized(ref stack, o32, _seg[CS].Selector) || !PushSized(ref stack, o32, _eip))) return;
            SetAccessed(selector, d);
            if (Faulted) return;
            LoadCode(selector, d, _cpl);
            if (call) SetStackPointer(stack.Sp);
            _eip = offset;
            return;
        }
        switch (d.Type)
        {
            case Descriptor.CallGate286:
            case Descriptor.CallGate386:
                CallGate(selector, d, call);
                return;
            case Descriptor.TaskGate:
                if (CheckGatePrivilege(selector, d)) TaskThroughGate(d.GateSelector, call ? TaskSwitch.Call : TaskSwitch.Jump);
                return;
            case Descriptor.Tss286Available:
            case Descriptor.Tss386Available:
                if (CheckGatePrivilege(selector, d)) SwitchTask(selector, d, call ? TaskSwitch.Call : TaskSwitch.Jump);
                return;
            default:
                Gp(selector & 0xFFFCu);
                return;
        }
    }

    /// <summary>
    /// JMP or CALL through a call gate. A CALL to a more privileged non-conforming segment runs on
    /// the stack of its level from the TSS, with the old SS:ESP and the gate's parameter count of
    /// words or doublewords copied across; else on the current stack (the gate's size sets the
    /// pushes). A JMP goes only to the same privilege (or a conforming segment) and pushes nothing.
    /// </summary>
    private void CallGate(ushort selector, in Descriptor gate, bool call)
    {
        if (!CheckGatePrivilege(selector, gate)) return;
        if (!GateTarget(gate, out ushort target, out Descriptor cs)) return;
        if (cs.Dpl > _cpl || !call && !cs.Conforming && cs.Dpl != _cpl)
        {
            Gp(target & 0xFFFCu);
            return;
        }
        bool gate32 = gate.Type == Descriptor.CallGate386;
        uint offset = gate32 ? gate.GateOffset : gate.GateOffset & 0xFFFF;
        if (call && !cs.Conforming && cs.Dpl < _cpl)
        {
            int newCpl = cs.Dpl;
            if (!InnerStack(newCpl, 0, out ushort newSs, out uint newEsp, out Descriptor ssDescriptor, out StackFrame stack)) return;
            if (!PushGate(ref stack, gate32, _seg[SS].Selector) || !PushGate(ref stack, gate32, _r[SP])) return;
            int count = gate.ParameterCount;
            uint size = gate32 ? 4u : 2u;
            uint oldSp = StackPointer;
            for (int i = count - 1; i >= 0; i--)
            {
                uint at = (oldSp + (uint)i * size) & StackMask;
                uint parameter = gate32 ? Read<Size32>(SS, at) : Read<Size16>(SS, at);
                if (Faulted || !PushGate(ref stack, gate32, parameter)) return;
            }
            if (!PushGate(ref stack, gate32, _seg[CS].Selector) || !PushGate(ref stack, gate32, _eip)) return;
            if (offset > cs.Limit)
            {
                Gp(0);
                return;
            }
            SetAccessed(target, cs);
            SetAccessed(newSs, ssDescriptor);
            if (Faulted) return;
            SetCpl(newCpl);
            CommitSegment(SS, newSs, ssDescriptor);
            _r[SP] = newEsp;
            SetStackPointer(stack.Sp);
            LoadCode(target, cs, newCpl);
            _eip = offset;
            return;
        }
        StackFrame current = CurrentStack();
        if (call && (!PushGate(ref current, gate32, _seg[CS].Selector) || !PushGate(ref current, gate32, _eip))) return;
        if (offset > cs.Limit)
        {
            Gp(0);
            return;
        }
        SetAccessed(target, cs);
        if (Faulted) return;
        LoadCode(target, cs, _cpl);
        if (call) SetStackPointer(current.Sp);
        _eip = offset;
    }

    /// <summary>RETF [n]: to the same level, or to an outer one with its SS:ESP from the stack.</summary>
    private void ReturnFar(uint release)
    {
        release &= 0xFFFF;
        bool o32 = _insn.Operand32;
        uint size = o32 ? 4u : 2u;
        uint sp = StackPointer;
        uint offset = o32 ? Read<Size32>(SS, sp) : Read<Size16>(SS, sp);
        ushort selector = (ushort)(o32 ? Read<Size32>(SS, (sp + size) & StackMask) : Read<Size16>(SS, (sp + size) & StackMask));
        if (Faulted) return;
        if (RealAddressing)
        {
            if (offset > _seg[CS].Limit)
            {
                Gp(0);
                return;
            }
            LoadCodeReal(selector);
            _eip = offset;
            SetStackPointer((sp + 2 * size + release) & StackMask);
            return;
        }
        if (!ReturnTarget(selector, out Descriptor cs)) return;
        int rpl = selector & 3;
        if (rpl == _cpl)
        {
            if (offset > cs.Limit)
            {
                Gp(0);
                return;
            }
            SetAccessed(selector, cs);
            if (Faulted) return;
            LoadCode(selector, cs, _cpl);
            _eip = offset;
            SetStackPointer((sp + 2 * size + release) & StackMask);
            return;
        }
        ReturnToOuterLevel(selector, cs, offset, (sp + 2 * size + release) & StackMask, o32, release, newFlags: null);
    }

    /// <summary>
    /// RETF and IRET to an outer (less privileged) level: that level's SS:ESP from the stack at
    /// <paramref name="at"/>, checked before anything changes; then CS:EIP, the flags IRET loads,
    /// SS:ESP (plus RETF's <paramref name="release"/>) and the data segments the level may not hold.
    /// </summary>
    private void ReturnToOuterLevel(ushort selector, Descriptor cs, uint offset, uint at, bool o32, uint release, int? newFlags)
    {
        int rpl = selector & 3;
        uint size = o32 ? 4u : 2u;
        uint newEsp = o32 ? Read<Size32>(SS, at) : Read<Size16>(SS, at);
        ushort newSs = (ushort)(o32 ? Read<Size32>(SS, (at + size) & StackMask) : Read<Size16>(SS, (at + size) & StackMask));
        if (Faulted) return;
        if (!OuterStack(newSs, rpl, out Descriptor ssDescriptor)) return;
        if (offset > cs.Limit)
        {
            Gp(0);
            return;
        }
        SetAccessed(selector, cs);
        SetAccessed(newSs, ssDescriptor);
        if (Faulted) return;
        if (newFlags is { } flags) SetFlags(flags);
        LoadCode(selector, cs, rpl);
        _eip = offset;
        CommitSegment(SS, newSs, ssDescriptor);
        if (_stack32) _r[SP] = newEsp + release;
        else SetStackPointer((newEsp + release) & 0xFFFF);
        InvalidateOuterSegments();
    }

    /// <summary>IRET/IRETD in every mode: real, virtual-8086 (IOPL 3), nested task, to V86, same or outer level.</summary>
    private void InterruptReturn()
    {
        bool o32 = _insn.Operand32;
        uint size = o32 ? 4u : 2u;
        if (V86 && Iopl < 3)
        {
            Gp(0);
            return;
        }
        if (ProtectedMode && !V86 && (_flags & NT) != 0)
        {
            TaskReturn();
            return;
        }
        uint sp = StackPointer;
        uint offset = o32 ? Read<Size32>(SS, sp) : Read<Size16>(SS, sp);
        ushort selector = (ushort)(o32 ? Read<Size32>(SS, (sp + size) & StackMask) : Read<Size16>(SS, (sp + size) & StackMask));
        uint flags = o32 ? Read<Size32>(SS, (sp + 2 * size) & StackMask) : Read<Size16>(SS, (sp + 2 * size) & StackMask);
        if (Faulted) return;
        uint after = (sp + 3 * size) & StackMask;

        if (RealAddressing)
        {
            if (offset > _seg[CS].Limit)
            {
                Gp(0);
                return;
            }
            // Real mode: any writable flag but VM; V86 mode (IOPL 3): IOPL stays too.
            int changeable = Writable386 & ~VM;
            if (V86) changeable &= ~IOPL;
            if (!o32) changeable &= 0xFFFF;
            LoadCodeReal(selector);
            _eip = offset;
            SetStackPointer(after);
            SetFlags((_flags & ~changeable) | ((int)flags & changeable));
            return;
        }

        if (o32 && (flags & VM) != 0 && _cpl == 0)
        {
            ReturnToV86(offset, selector, flags, after);
            return;
        }
        if (!ReturnTarget(selector, out Descriptor cs)) return;
        int rpl = selector & 3;
        int newFlags = NewFlagsAfterIret(flags, o32);
        if (rpl == _cpl)
        {
            if (offset > cs.Limit)
            {
                Gp(0);
                return;
            }
            SetAccessed(selector, cs);
            if (Faulted) return;
            LoadCode(selector, cs, _cpl);
            _eip = offset;
            SetStackPointer(after);
            SetFlags(newFlags);
            return;
        }
        ReturnToOuterLevel(selector, cs, offset, after, o32, release: 0, newFlags);
    }

    /// <summary>The EFLAGS an IRET in protected mode loads: IOPL only at CPL 0, IF only where CPL ≤ IOPL, VM never here.</summary>
    private int NewFlagsAfterIret(uint popped, bool o32)
    {
        int changeable = Writable386 & ~VM;
        if (!o32) changeable &= 0xFFFF;
        if (_cpl != 0) changeable &= ~IOPL;
        if (_cpl > Iopl) changeable &= ~IF;
        return (_flags & ~changeable) | ((int)popped & changeable);
    }

    /// <summary>IRETD at CPL 0 with VM in the popped EFLAGS: ESP, SS, ES, DS, FS, GS follow on the stack; CPL becomes 3.</summary>
    private void ReturnToV86(uint offset, ushort cs, uint flags, uint after)
    {
        uint newEsp = Read<Size32>(SS, after);
        uint ss = Read<Size32>(SS, (after + 4) & StackMask);
        uint es = Read<Size32>(SS, (after + 8) & StackMask);
        uint ds = Read<Size32>(SS, (after + 12) & StackMask);
        uint fs = Read<Size32>(SS, (after + 16) & StackMask);
        uint gs = Read<Size32>(SS, (after + 20) & StackMask);
        if (Faulted) return;
        SetFlags(FixedFlags((int)flags));
        LoadSegmentV86(CS, cs);
        LoadSegmentV86(SS, (ushort)ss);
        LoadSegmentV86(ES, (ushort)es);
        LoadSegmentV86(DS, (ushort)ds);
        LoadSegmentV86(FS, (ushort)fs);
        LoadSegmentV86(GS, (ushort)gs);
        SetCpl(3);
        _r[SP] = newEsp;
        _eip = offset & 0xFFFF;
    }

    // ---- checks shared by the transfers ----

    /// <summary>A far JMP or CALL straight to a code segment: conforming with DPL ≤ CPL, or non-conforming with RPL ≤ CPL and DPL = CPL; present.</summary>
    private bool CheckCodeTarget(ushort selector, in Descriptor d)
    {
        uint code = selector & 0xFFFCu;
        return GpUnless(d.IsCode && (d.Conforming ? d.Dpl <= _cpl : (selector & 3) <= _cpl && d.Dpl == _cpl), code) &&
               PresentOr(d, 11, code);
    }

    /// <summary>A gate or TSS named by a far JMP or CALL: DPL ≥ CPL and ≥ RPL; present.</summary>
    private bool CheckGatePrivilege(ushort selector, in Descriptor d)
    {
        uint code = selector & 0xFFFCu;
        return GpUnless(d.Dpl >= _cpl && d.Dpl >= (selector & 3), code) && PresentOr(d, 11, code);
    }

    /// <summary>The code segment a call gate leads to: not null, a code segment, present.</summary>
    private bool GateTarget(in Descriptor gate, out ushort target, out Descriptor cs)
    {
        target = gate.GateSelector;
        uint code = target & 0xFFFCu;
        return FetchOrGp(target, out cs) && GpUnless(cs.IsCode, code) && PresentOr(cs, 11, code);
    }

    /// <summary>The CS a RETF or IRET returns to: not null, RPL ≥ CPL, code with DPL fitting RPL, present.</summary>
    private bool ReturnTarget(ushort selector, out Descriptor cs)
    {
        uint code = selector & 0xFFFCu;
        int rpl = selector & 3;
        return FetchOrGp(selector, out cs) &&
               GpUnless(rpl >= _cpl && cs.IsCode && (cs.Conforming ? cs.Dpl <= rpl : cs.Dpl == rpl), code) &&
               PresentOr(cs, 11, code);
    }

    /// <summary>The SS of a return to privilege <paramref name="rpl"/>: RPL and DPL equal to it, writable data, present (#SS).</summary>
    private bool OuterStack(ushort selector, int rpl, out Descriptor d)
    {
        uint code = selector & 0xFFFCu;
        return FetchOrGp(selector, out d) &&
               GpUnless((selector & 3) == rpl && d.IsData && d.ReadWrite && d.Dpl == rpl, code) &&
               PresentOr(d, 12, code);
    }

    /// <summary>The descriptor a selector names: #GP(0) for a null selector, #GP(selector) beyond its table (or #PF reading it).</summary>
    private bool FetchOrGp(ushort selector, out Descriptor d)
    {
        if ((selector & 0xFFFC) == 0)
        {
            d = default;
            Gp(0);
            return false;
        }
        if (FetchDescriptor(selector, out d)) return true;
        if (!Faulted) Gp(selector & 0xFFFCu);
        return false;
    }

    /// <summary>#GP(<paramref name="code"/>) unless <paramref name="ok"/>.</summary>
    private bool GpUnless(bool ok, uint code)
    {
        if (!ok) Gp(code);
        return ok;
    }

    /// <summary>Exception <paramref name="vector"/> (#NP, #SS, #TS) with <paramref name="code"/> unless the descriptor is present.</summary>
    private bool PresentOr(in Descriptor d, int vector, uint code)
    {
        if (!d.Present) Raise(vector, code, true);
        return d.Present;
    }

    /// <summary>After a return to an outer level: DS, ES, FS and GS that the new CPL may not use are loaded with null.</summary>
    private void InvalidateOuterSegments()
    {
        foreach (int s in (ReadOnlySpan<int>)[ES, DS, FS, GS])
        {
            SegmentRegister* seg = _seg + s;
            ushort a = seg->Attributes;
            const ushort conformingCode = SegmentAttributes.Code | SegmentAttributes.ConformingExpandDown;
            bool dataOrNonConformingCode = (a & conformingCode) != conformingCode;
            int dpl = (a >> 5) & 3;
            if ((seg->Selector & 0xFFFC) != 0 && dataOrNonConformingCode && dpl < _cpl) LoadNullSegment(s, 0);
        }
    }

    private void LoadCodeReal(ushort selector)
    {
        if (V86) LoadSegmentV86(CS, selector);
        else LoadSegmentReal(CS, selector);
    }

    private bool PushSized(ref StackFrame stack, bool o32, uint value) =>
        o32 ? PushFrame<Size32>(ref stack, value) : PushFrame<Size16>(ref stack, value & 0xFFFF);
}
