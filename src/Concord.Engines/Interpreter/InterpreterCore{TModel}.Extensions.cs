using Concord.Core.Cpu;

namespace Concord.Engines.Interpreter;

/// <summary>What the 80186 added (60h-6Fh, C0h/C1h, C8h/C9h) and the 286's real-mode 0Fh instructions.</summary>
internal sealed unsafe partial class InterpreterCore<TModel>
{
    private uint _gdtBase;
    private ushort _gdtLimit;

    /// <summary>60h-6Fh on the 286; returns the iterations done (INS/OUTS may repeat).</summary>
    private long Exec186(int op, long max)
    {
        switch (op)
        {
            case 0x60: PushAll(); break;
            case 0x61: PopAll(); break;
            case 0x62: Bound(); break;
            case 0x68: Push(Fetch16()); break;
            case 0x69: case 0x6B:
                {
                    int m = Fetch8();
                    int a = (short)GetRm16(m);
                    int b = op == 0x69 ? (short)Fetch16() : (sbyte)Fetch8();
                    int r = a * b;
                    _r[(m >> 3) & 7] = (ushort)r;
                    SetMultiplyFlags(r & 0xFFFF, r != (short)r, 16);
                    break;
                }
            case 0x6A: Push((ushort)(sbyte)Fetch8()); break;
            case 0x6C: case 0x6D: case 0x6E: case 0x6F:
                _runRemaining = max - 1;
                return StringInstruction(op, max);
            default: InvalidOpcode(); break; // 63h ARPL is protected mode only; 64h-67h do not exist on the 286
        }
        return 1;
    }

    /// <summary>PUSHA: AX CX DX BX, the original SP, BP SI DI; SP moves after the last write.</summary>
    private void PushAll()
    {
        uint ss = SegmentBase(SS);
        int sp = _r[SP];
        for (int r = AX; r <= DI; r++) Write16(ss, sp - 2 * (r + 1), _r[r]);
        _r[SP] = (ushort)(sp - 16);
    }

    /// <summary>POPA: DI SI BP, SP skipped, BX DX CX AX; registers change after the last read.</summary>
    private void PopAll()
    {
        uint ss = SegmentBase(SS);
        int sp = _r[SP];
        ushort* words = stackalloc ushort[8];
        for (int r = DI; r >= AX; r--) words[r] = Read16(ss, sp + 2 * (DI - r));
        for (int r = AX; r <= DI; r++) if (r != SP) _r[r] = words[r];
        _r[SP] = (ushort)(sp + 16);
    }

    /// <summary>BOUND r16, m16&amp;16: INT 5 when the signed index is outside the bounds; a register operand is #UD.</summary>
    private void Bound()
    {
        int m = Fetch8();
        if (m >= 0xC0) { InvalidOpcode(); return; }
        DecodeAddress(m);
        short lower = (short)Read16(_eaBase, _eaOffset);
        short upper = (short)Read16(_eaBase, _eaOffset + 2);
        short index = (short)_r[(m >> 3) & 7];
        if (index < lower || index > upper) Fault(5);
    }

    /// <summary>C8h ENTER imm16, imm8: a stack frame with <c>level</c> (mod 32) display pointers.</summary>
    private void Enter()
    {
        ushort size = Fetch16();
        int level = Fetch8() & 0x1F;
        uint ss = SegmentBase(SS);
        ushort sp = (ushort)(_r[SP] - 2), bp = _r[BP];
        Write16(ss, sp, bp);
        ushort frame = sp;
        if (level > 0)
        {
            for (int i = 1; i < level; i++)
            {
                bp -= 2;
                sp -= 2;
                Write16(ss, sp, Read16(ss, bp));
            }
            sp -= 2;
            Write16(ss, sp, frame);
        }
        _r[BP] = frame;
        _r[SP] = (ushort)(sp - size);
    }

    /// <summary>C9h LEAVE: SP = BP, then POP BP.</summary>
    private void Leave()
    {
        ushort bp = _r[BP];
        ushort saved = Read16(SegmentBase(SS), bp);
        _r[SP] = (ushort)(bp + 2);
        _r[BP] = saved;
    }

    /// <summary>
    /// 0Fh on the 286 in real mode: SGDT/SIDT/LGDT/LIDT/SMSW/LMSW (0F 01) and CLTS (0F 06).
    /// LMSW setting PE (protected mode) and LOADALL stop the vCPU: real mode only.
    /// </summary>
    private void Extended0F()
    {
        int op2 = Fetch8();
        if (op2 == 0x06)
        {
            _msw &= unchecked((ushort)~0x0008);
            return;
        }
        if (op2 == 0x05)
        {
            _ip = _instructionStart;
            Exit(ExitReason.Shutdown);
            return;
        }
        if (op2 != 0x01) { InvalidOpcode(); return; }
        int m = Fetch8();
        int operation = (m >> 3) & 7;
        if (operation == 4) { if (m < 0xC0) DecodeAddress(m); SetRm16(m, _msw); return; }
        if (operation == 6)
        {
            int v = GetRm16(m);
            if ((v & 1) != 0)
            {
                _ip = _instructionStart;
                Exit(ExitReason.Shutdown); // protected mode is not supported
                return;
            }
            _msw = (ushort)((_msw & ~0xF) | (v & 0xF));
            return;
        }
        if (m >= 0xC0 || operation > 3) { InvalidOpcode(); return; }
        DecodeAddress(m);
        switch (operation)
        {
            case 0: StoreTableRegister(_gdtLimit, _gdtBase); break;
            case 1: StoreTableRegister(_idtLimit, _idtBase); break;
            case 2: (_gdtLimit, _gdtBase) = LoadTableRegister(); break;
            default: (_idtLimit, _idtBase) = LoadTableRegister(); break;
        }
    }

    private void StoreTableRegister(ushort limit, uint tableBase)
    {
        Write16(_eaBase, _eaOffset, limit);
        Write16(_eaBase, _eaOffset + 2, (ushort)tableBase);
        Write16(_eaBase, _eaOffset + 4, (ushort)(0xFF00 | (tableBase >> 16))); // the 286 stores FFh above the 24-bit base
    }

    private (ushort Limit, uint Base) LoadTableRegister()
    {
        ushort limit = Read16(_eaBase, _eaOffset);
        uint low = Read16(_eaBase, _eaOffset + 2);
        uint high = (uint)(Read16(_eaBase, _eaOffset + 4) & 0xFF);
        return (limit, low | high << 16);
    }

}
