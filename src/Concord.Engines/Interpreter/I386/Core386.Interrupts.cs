using System.Runtime.Intrinsics;
using Concord.Core.Cpu;
using static Concord.Engines.Interpreter.FlagBits;

namespace Concord.Engines.Interpreter.I386;

/// <summary>
/// Interrupts and exceptions: through the real-mode vector table, or through the IDT's interrupt,
/// trap and task gates with privilege changes and from virtual-8086 mode; and what a fault in
/// delivering one becomes: the next one in turn, a double fault, or shutdown.
/// </summary>
internal sealed unsafe partial class Core386
{
    /// <summary>INT n, INT3, INTO, ICEBP: delivered within the instruction; a fault in delivering it restarts the instruction.</summary>
    private void SoftwareInterrupt(int vector, InterruptSource source)
    {
        if (source == InterruptSource.Software && V86 && Iopl < 3)
        {
            Gp(0);
            return;
        }
        // INT3 and INT n can be watched, as on the 16-bit models, where they would reach the
        // real-mode table: in real and virtual-8086 mode (a V86 monitor reflects them there).
        if (_insn.Opcode is 0xCC or 0xCD && RealAddressing && IsWatched(vector))
        {
            _exitVector = (byte)vector;
            Exit(ExitReason.WatchedInterrupt);
            return;
        }
        EnterInterrupt(vector, source, false, 0, _eip);
    }

    /// <summary>Lets a watched INT proceed from the current CS:EIP (after the INT).</summary>
    public override void DeliverInterrupt(byte vector)
    {
        BeginInstruction();
        DeliverEvent(vector, InterruptSource.Software);
    }

    /// <summary>An event at an instruction boundary (a trap, NMI, INTR): a fault in delivering it is delivered in its place.</summary>
    private void DeliverEvent(int vector, InterruptSource source)
    {
        if (EnterInterrupt(vector, source, false, 0, _eip)) return;
        DeliverFault();
    }

    /// <summary>
    /// The fault raised in the instruction (or delivery) in progress: the registers and EFLAGS go
    /// back to where it began, and the exception is delivered with EIP at it.
    /// </summary>
    private void DeliverFault()
    {
        int vector = _faultVector;
        uint code = _faultCode;
        bool hasCode = _faultHasCode;
        ClearFault();
        RestoreInstructionStart();
        DeliverException(vector, hasCode, code);
    }

    private void ClearFault()
    {
        _faultVector = -1;
        _writePoison = 0;
    }

    private void RestoreInstructionStart()
    {
        *(Vector256<uint>*)_r = *(Vector256<uint>*)_saved;
        SetFlags(_savedFlags);
        _eip = _instructionStart;
        _repInProgress = false;
    }

    /// <summary>Divide error, invalid TSS, segment not present, stack fault, general protection.</summary>
    private static bool Contributory(int vector) => vector is 0 or 10 or 11 or 12 or 13;

    /// <summary>
    /// Delivers an exception, escalating faults in the delivery as the 386 does: a contributory
    /// fault while delivering a contributory one, or a contributory fault or page fault while
    /// delivering a page fault, becomes a double fault; any of those while delivering a double
    /// fault shuts the CPU down. Other faults are delivered in turn.
    /// </summary>
    private void DeliverException(int vector, bool hasCode, uint code)
    {
        while (true)
        {
            if (EnterInterrupt(vector, InterruptSource.Exception, hasCode, code, _eip, fault: vector != 1)) return;
            int second = _faultVector;
            uint secondCode = _faultCode;
            bool secondHasCode = _faultHasCode;
            ClearFault();
            RestoreInstructionStart();
            bool secondSerious = Contributory(second) || second == 14;
            if (vector == 8 && secondSerious)
            {
                Exit(ExitReason.Shutdown);
                return;
            }
            if ((Contributory(vector) && Contributory(second)) || (vector == 14 && secondSerious))
            {
                vector = 8;
                hasCode = true;
                code = 0;
            }
            else
            {
                vector = second;
                hasCode = secondHasCode;
                code = secondCode;
            }
        }
    }

    /// <summary>
    /// Enters the handler of <paramref name="vector"/>; returns false, with the fault raised and
    /// nothing of the CPU's state changed, when the delivery itself faults. <paramref name="fault"/>:
    /// a fault-class exception, whose pushed EFLAGS has RF set.
    /// </summary>
    private bool EnterInterrupt(int vector, InterruptSource source, bool hasCode, uint code, uint returnEip, bool fault = false)
    {
        bool ok = !ProtectedMode
            ? EnterInterruptReal(vector, returnEip)
            : EnterInterruptProtected(vector, source, hasCode, code, returnEip, fault);
        return ok && !Faulted;
    }

    /// <summary>Real mode: the 4-byte vector within the IDT limit (else #GP), FLAGS CS IP pushed, IF and TF cleared.</summary>
    private bool EnterInterruptReal(int vector, uint returnEip)
    {
        uint entry = (uint)vector * 4;
        if (entry + 3 > _idtLimit)
        {
            Gp(0);
            return false;
        }
        uint target = ReadSystem<Size32>(_idtBase + entry);
        if (Faulted) return false;
        StackFrame stack = CurrentStack();
        if (!PushFrame<Size16>(ref stack, (uint)_flags & 0xFFFF) ||
            !PushFrame<Size16>(ref stack, _seg[CS].Selector) ||
            !PushFrame<Size16>(ref stack, returnEip & 0xFFFF)) return false;
        SetStackPointer(stack.Sp);
        _flags &= ~(IF | TF | RF);
        SetFlags(_flags);
        LoadSegmentReal(CS, (ushort)(target >> 16));
        _eip = target & 0xFFFF;
        return true;
    }

    private bool EnterInterruptProtected(int vector, InterruptSource source, bool hasCode, uint code, uint returnEip, bool fault)
    {
        bool software = source is InterruptSource.Software or InterruptSource.Breakpoint;
        uint ext = software ? 0u : 1u;
        uint idtCode = (uint)(vector * 8 + 2) | ext;
        if ((uint)vector * 8 + 7 > _idtLimit)
        {
            Gp(idtCode);
            return false;
        }
        uint gateAddress = _idtBase + (uint)vector * 8;
        var gate = new Descriptor(ReadSystem<Size32>(gateAddress), ReadSystem<Size32>(gateAddress + 4));
        if (Faulted) return false;
        int type = gate.Type;
        if (gate.IsSegment || type is not (Descriptor.TaskGate or Descriptor.InterruptGate286 or Descriptor.TrapGate286
                                           or Descriptor.InterruptGate386 or Descriptor.TrapGate386))
        {
            Gp(idtCode);
            return false;
        }
        if (software && gate.Dpl < _cpl)
        {
            Gp(idtCode);
            return false;
        }
        if (!gate.Present)
        {
            Np(idtCode);
            return false;
        }
        if (type == Descriptor.TaskGate) return InterruptThroughTaskGate(gate, ext, hasCode, code, returnEip);

        ushort target = gate.GateSelector;
        uint targetCode = target & 0xFFFCu;
        if (targetCode == 0)
        {
            Gp(ext);
            return false;
        }
        if (!FetchDescriptor(target, out Descriptor cs))
        {
            if (!Faulted) Gp(targetCode | ext);
            return false;
        }
        if (!cs.IsCode || cs.Dpl > _cpl)
        {
            Gp(targetCode | ext);
            return false;
        }
        if (!cs.Present)
        {
            Np(targetCode | ext);
            return false;
        }
        bool gate32 = type >= Descriptor.InterruptGate386;
        uint offset = gate32 ? gate.GateOffset : gate.GateOffset & 0xFFFF;
        bool fromV86 = V86;
        int newCpl = cs.Conforming ? _cpl : cs.Dpl;
        if (fromV86 && (cs.Conforming || cs.Dpl != 0))
        {
            Gp(targetCode);
            return false;
        }
        int pushedFlags = _flags | (fault ? RF : 0);

        StackFrame stack;
        ushort newSs = 0;
        Descriptor ssDescriptor = default;
        uint newEsp = 0;
        bool inner = newCpl < _cpl || fromV86;
        if (inner)
        {
            if (!InnerStack(newCpl, ext, out newSs, out newEsp, out ssDescriptor, out stack)) return false;
            if (fromV86)
            {
                if (!PushGate(ref stack, gate32, _seg[GS].Selector) || !PushGate(ref stack, gate32, _seg[FS].Selector) ||
                    !PushGate(ref stack, gate32, _seg[DS].Selector) || !PushGate(ref stack, gate32, _seg[ES].Selector)) return false;
            }
            if (!PushGate(ref stack, gate32, _seg[SS].Selector) || !PushGate(ref stack, gate32, _r[SP])) return false;
        }
        else stack = CurrentStack();

        if (!PushGate(ref stack, gate32, (uint)pushedFlags) || !PushGate(ref stack, gate32, _seg[CS].Selector) ||
            !PushGate(ref stack, gate32, returnEip)) return false;
        if (hasCode && !PushGate(ref stack, gate32, code)) return false;
        if (offset > cs.Limit)
        {
            Gp(ext);
            return false;
        }
        SetAccessed(target, cs);
        if (inner) SetAccessed(newSs, ssDescriptor);
        if (Faulted) return false;

        // Commit: nothing below can fault.
        _flags &= ~(TF | NT | RF | VM);
        if (type is Descriptor.InterruptGate286 or Descriptor.InterruptGate386) _flags &= ~IF;
        SetFlags(_flags);
        if (fromV86)
        {
            for (int s = ES; s <= GS; s++)
                if (s != CS && s != SS) LoadNullSegment(s, 0);
        }
        if (inner)
        {
            SetCpl(newCpl);
            CommitSegment(SS, newSs, ssDescriptor);
            _r[SP] = newEsp;
        }
        LoadCode(target, cs, newCpl);
        SetStackPointer(stack.Sp);
        _eip = offset;
        return true;
    }

    /// <summary>An interrupt or exception through a task gate: a nested task switch, then the error code on the new task's stack.</summary>
    private bool InterruptThroughTaskGate(in Descriptor gate, uint ext, bool hasCode, uint code, uint returnEip)
    {
        ushort tss = gate.GateSelector;
        if (!FetchAvailableTss(tss, out Descriptor d, ext)) return false;
        _eip = returnEip;
        if (!SwitchTask(tss, d, TaskSwitch.Call)) return false;
        if (hasCode)
        {
            StackFrame stack = CurrentStack();
            bool pushed = (d.Type & 8) != 0 ? PushFrame<Size32>(ref stack, code) : PushFrame<Size16>(ref stack, code);
            if (!pushed) return false;
            SetStackPointer(stack.Sp);
        }
        return true;
    }

    /// <summary>Loads CS from a checked code descriptor with RPL = the new CPL.</summary>
    private void LoadCode(ushort selector, in Descriptor d, int cpl)
    {
        CommitSegment(CS, (ushort)((selector & ~3) | cpl), d);
        SetCpl(cpl);
    }

    // ---- stacks for transfers ----

    private StackFrame CurrentStack()
    {
        SegmentRegister* ss = _seg + SS;
        return new StackFrame
        {
            Base = ss->Base,
            Low = ss->WriteLow,
            High = ss->WriteHigh,
            Mask = StackMask,
            Sp = StackPointer,
            Tag = _userTag,
            FaultCode = 0,
        };
    }

    private static StackFrame FrameOf(in Descriptor d, ushort selector, uint sp, int cpl)
    {
        bool big = d.Big;
        uint limit = d.Limit;
        uint low = 0, high = limit;
        if (d.Conforming) // expand-down
        {
            low = limit + 1;
            high = big ? 0xFFFF_FFFFu : 0xFFFFu;
        }
        return new StackFrame
        {
            Base = d.Base,
            Low = low,
            High = high,
            Mask = big ? 0xFFFF_FFFFu : 0xFFFFu,
            Sp = big ? sp : sp & 0xFFFF,
            Tag = cpl == 3 ? UserTag : 0,
            FaultCode = selector & 0xFFFCu,
        };
    }

    private bool PushFrame<T>(ref StackFrame stack, uint value) where T : struct, IOperandSize
    {
        uint sp = (stack.Sp - (uint)T.Bytes) & stack.Mask;
        if (sp < stack.Low || (ulong)sp + (uint)(T.Bytes - 1) > stack.High)
        {
            Ss(stack.FaultCode);
            return false;
        }
        WriteLinear<T>(stack.Base + sp, value, stack.Tag);
        if (Faulted) return false;
        stack.Sp = sp;
        return true;
    }

    private bool PushGate(ref StackFrame stack, bool gate32, uint value) =>
        gate32 ? PushFrame<Size32>(ref stack, value) : PushFrame<Size16>(ref stack, value & 0xFFFF);

    /// <summary>
    /// The stack of privilege <paramref name="cpl"/> from the current TSS, checked as an inward
    /// call or interrupt checks it: #TS for a bad selector or descriptor, #SS if not present.
    /// </summary>
    private bool InnerStack(int cpl, uint ext, out ushort ss, out uint esp, out Descriptor d, out StackFrame frame)
    {
        frame = default;
        d = default;
        if (!TssStack(cpl, ext, out ss, out esp)) return false;
        uint code = ss & 0xFFFCu;
        if (code == 0)
        {
            Ts(ext);
            return false;
        }
        if (!FetchDescriptor(ss, out d))
        {
            if (!Faulted) Ts(code | ext);
            return false;
        }
        if ((ss & 3) != cpl || d.Dpl != cpl || !d.IsData || !d.ReadWrite)
        {
            Ts(code | ext);
            return false;
        }
        if (!d.Present)
        {
            Ss(code | ext);
            return false;
        }
        frame = FrameOf(d, ss, esp, cpl);
        frame.FaultCode = code | ext;
        return true;
    }

    /// <summary>SS:ESP for privilege <paramref name="cpl"/> from the TSS (a 386 or a 286 one); #TS(TR) beyond its limit.</summary>
    private bool TssStack(int cpl, uint ext, out ushort ss, out uint esp)
    {
        SegmentRegister* tr = _seg + TrIndex;
        bool tss386 = (tr->Attributes & 8) != 0;
        uint offset = tss386 ? 4 + (uint)cpl * 8 : 2 + (uint)cpl * 4;
        uint size = tss386 ? 6u : 4u;
        ss = 0;
        esp = 0;
        if (offset + size - 1 > tr->Limit)
        {
            Ts((tr->Selector & 0xFFFCu) | ext);
            return false;
        }
        if (tss386)
        {
            esp = ReadSystem<Size32>(tr->Base + offset);
            ss = (ushort)ReadSystem<Size16>(tr->Base + offset + 4);
        }
        else
        {
            esp = ReadSystem<Size16>(tr->Base + offset);
            ss = (ushort)ReadSystem<Size16>(tr->Base + offset + 2);
        }
        return !Faulted;
    }
}
