using Concord.Core.Cpu;
using static Concord.Engines.Interpreter.FlagBits;

namespace Concord.Engines.Interpreter.I386;

/// <summary>The one-byte opcodes.</summary>
internal sealed unsafe partial class Core386
{
    /// <summary>Executes the decoded instruction; <paramref name="remaining"/> pays for REP iterations beyond the first.</summary>
    private void Execute(ref long remaining)
    {
        int op = _insn.Opcode;
        if (_insn.Lock && !Lockable())
        {
            Ud();
            return;
        }
        if (op >= 0x100)
        {
            Execute0F(ref remaining);
            return;
        }
        bool o32 = _insn.Operand32;
        switch (op)
        {
            // ---- ALU, eight operations in six forms: one case each, so each compiles to its operation ----
            case 0x00: AluEG<AluAdd, Size8>(); break;
            case 0x01: if (o32) AluEG<AluAdd, Size32>(); else AluEG<AluAdd, Size16>(); break;
            case 0x02: AluGE<AluAdd, Size8>(); break;
            case 0x03: if (o32) AluGE<AluAdd, Size32>(); else AluGE<AluAdd, Size16>(); break;
            case 0x04: AluAI<AluAdd, Size8>(); break;
            case 0x05: if (o32) AluAI<AluAdd, Size32>(); else AluAI<AluAdd, Size16>(); break;
            case 0x08: AluEG<AluOr, Size8>(); break;
            case 0x09: if (o32) AluEG<AluOr, Size32>(); else AluEG<AluOr, Size16>(); break;
            case 0x0A: AluGE<AluOr, Size8>(); break;
            case 0x0B: if (o32) AluGE<AluOr, Size32>(); else AluGE<AluOr, Size16>(); break;
            case 0x0C: AluAI<AluOr, Size8>(); break;
            case 0x0D: if (o32) AluAI<AluOr, Size32>(); else AluAI<AluOr, Size16>(); break;
            case 0x10: AluEG<AluAdc, Size8>(); break;
            case 0x11: if (o32) AluEG<AluAdc, Size32>(); else AluEG<AluAdc, Size16>(); break;
            case 0x12: AluGE<AluAdc, Size8>(); break;
            case 0x13: if (o32) AluGE<AluAdc, Size32>(); else AluGE<AluAdc, Size16>(); break;
            case 0x14: AluAI<AluAdc, Size8>(); break;
            case 0x15: if (o32) AluAI<AluAdc, Size32>(); else AluAI<AluAdc, Size16>(); break;
            case 0x18: AluEG<AluSbb, Size8>(); break;
            case 0x19: if (o32) AluEG<AluSbb, Size32>(); else AluEG<AluSbb, Size16>(); break;
            case 0x1A: AluGE<AluSbb, Size8>(); break;
            case 0x1B: if (o32) AluGE<AluSbb, Size32>(); else AluGE<AluSbb, Size16>(); break;
            case 0x1C: AluAI<AluSbb, Size8>(); break;
            case 0x1D: if (o32) AluAI<AluSbb, Size32>(); else AluAI<AluSbb, Size16>(); break;
            case 0x20: AluEG<AluAnd, Size8>(); break;
            case 0x21: if (o32) AluEG<AluAnd, Size32>(); else AluEG<AluAnd, Size16>(); break;
            case 0x22: AluGE<AluAnd, Size8>(); break;
            case 0x23: if (o32) AluGE<AluAnd, Size32>(); else AluGE<AluAnd, Size16>(); break;
            case 0x24: AluAI<AluAnd, Size8>(); break;
            case 0x25: if (o32) AluAI<AluAnd, Size32>(); else AluAI<AluAnd, Size16>(); break;
            case 0x28: AluEG<AluSub, Size8>(); break;
            case 0x29: if (o32) AluEG<AluSub, Size32>(); else AluEG<AluSub, Size16>(); break;
            case 0x2A: AluGE<AluSub, Size8>(); break;
            case 0x2B: if (o32) AluGE<AluSub, Size32>(); else AluGE<AluSub, Size16>(); break;
            case 0x2C: AluAI<AluSub, Size8>(); break;
            case 0x2D: if (o32) AluAI<AluSub, Size32>(); else AluAI<AluSub, Size16>(); break;
            case 0x30: AluEG<AluXor, Size8>(); break;
            case 0x31: if (o32) AluEG<AluXor, Size32>(); else AluEG<AluXor, Size16>(); break;
            case 0x32: AluGE<AluXor, Size8>(); break;
            case 0x33: if (o32) AluGE<AluXor, Size32>(); else AluGE<AluXor, Size16>(); break;
            case 0x34: AluAI<AluXor, Size8>(); break;
            case 0x35: if (o32) AluAI<AluXor, Size32>(); else AluAI<AluXor, Size16>(); break;
            case 0x38: AluEG<AluCmp, Size8>(); break;
            case 0x39: if (o32) AluEG<AluCmp, Size32>(); else AluEG<AluCmp, Size16>(); break;
            case 0x3A: AluGE<AluCmp, Size8>(); break;
            case 0x3B: if (o32) AluGE<AluCmp, Size32>(); else AluGE<AluCmp, Size16>(); break;
            case 0x3C: AluAI<AluCmp, Size8>(); break;
            case 0x3D: if (o32) AluAI<AluCmp, Size32>(); else AluAI<AluCmp, Size16>(); break;

            case 0x06: PushSegment(ES); break;
            case 0x07: PopSegment(ES); break;
            case 0x0E: PushSegment(CS); break;
            case 0x16: PushSegment(SS); break;
            case 0x17: PopSegment(SS); break;
            case 0x1E: PushSegment(DS); break;
            case 0x1F: PopSegment(DS); break;

            case 0x27: Daa(); break;
            case 0x2F: Das(); break;
            case 0x37: Aaa(); break;
            case 0x3F: Aas(); break;

            case 0x40: case 0x41: case 0x42: case 0x43: case 0x44: case 0x45: case 0x46: case 0x47:
                if (o32) _r[op & 7] = Alu386.Inc<Size32>(ref _flags, _r[op & 7]);
                else SetReg<Size16>(op & 7, Alu386.Inc<Size16>(ref _flags, GetReg<Size16>(op & 7)));
                break;
            case 0x48: case 0x49: case 0x4A: case 0x4B: case 0x4C: case 0x4D: case 0x4E: case 0x4F:
                if (o32) _r[op & 7] = Alu386.Dec<Size32>(ref _flags, _r[op & 7]);
                else SetReg<Size16>(op & 7, Alu386.Dec<Size16>(ref _flags, GetReg<Size16>(op & 7)));
                break;
            case 0x50: case 0x51: case 0x52: case 0x53: case 0x54: case 0x55: case 0x56: case 0x57:
                PushOperand(o32 ? _r[op & 7] : GetReg<Size16>(op & 7)); // PUSH ESP pushes the value before the push
                break;
            case 0x58: case 0x59: case 0x5A: case 0x5B: case 0x5C: case 0x5D: case 0x5E: case 0x5F:
                {
                    uint v = PopOperand();
                    if (o32) _r[op & 7] = v; else SetReg<Size16>(op & 7, v);
                    break;
                }

            case 0x60: if (o32) PushAll<Size32>(); else PushAll<Size16>(); break;
            case 0x61: if (o32) PopAll<Size32>(); else PopAll<Size16>(); break;
            case 0x62: if (o32) Bound<Size32>(); else Bound<Size16>(); break;
            case 0x63: Arpl(); break;
            case 0x68: PushOperand(_insn.Immediate); break;
            case 0x69: if (o32) ImulImmediate<Size32>(_insn.Immediate); else ImulImmediate<Size16>(_insn.Immediate); break;
            case 0x6A: PushOperand((uint)(sbyte)_insn.Immediate); break;
            case 0x6B: if (o32) ImulImmediate<Size32>((uint)(sbyte)_insn.Immediate); else ImulImmediate<Size16>((uint)(sbyte)_insn.Immediate); break;
            case 0x6C: case 0x6D: case 0x6E: case 0x6F:
                remaining -= StringInstruction(op, remaining + 1) - 1;
                break;

            case 0x70: case 0x71: case 0x72: case 0x73: case 0x74: case 0x75: case 0x76: case 0x77:
            case 0x78: case 0x79: case 0x7A: case 0x7B: case 0x7C: case 0x7D: case 0x7E: case 0x7F:
                JumpIf(Condition(op & 0xF), (uint)(sbyte)_insn.Immediate);
                break;

            case 0x80: case 0x82: Group1<Size8>(_insn.Immediate); break;
            case 0x81: if (o32) Group1<Size32>(_insn.Immediate); else Group1<Size16>(_insn.Immediate); break;
            case 0x83: if (o32) Group1<Size32>((uint)(sbyte)_insn.Immediate); else Group1<Size16>((uint)(sbyte)_insn.Immediate & 0xFFFF); break;
            case 0x84: AluEG<AluTest, Size8>(); break;
            case 0x85: if (o32) AluEG<AluTest, Size32>(); else AluEG<AluTest, Size16>(); break;
            case 0x86: Xchg<Size8>(); break;
            case 0x87: if (o32) Xchg<Size32>(); else Xchg<Size16>(); break;
            case 0x88: WriteRm<Size8>(GetReg<Size8>(_insn.Reg)); break;
            case 0x89: if (o32) WriteRm<Size32>(_r[_insn.Reg]); else WriteRm<Size16>(GetReg<Size16>(_insn.Reg)); break;
            case 0x8A: SetReg<Size8>(_insn.Reg, ReadRm<Size8>()); break;
            case 0x8B:
                if (o32) { uint v = ReadRm<Size32>(); _r[_insn.Reg] = v; }
                else SetReg<Size16>(_insn.Reg, ReadRm<Size16>());
                break;
            case 0x8C: MovFromSegment(); break;
            case 0x8D:
                if (!_insn.IsMemory) Ud();
                else if (o32) _r[_insn.Reg] = _ea;
                else SetReg<Size16>(_insn.Reg, _ea);
                break;
            case 0x8E: MovToSegment(); break;
            case 0x8F: if (o32) PopRm<Size32>(); else PopRm<Size16>(); break;

            case 0x90: break;
            case 0x91: case 0x92: case 0x93: case 0x94: case 0x95: case 0x96: case 0x97:
                if (o32) (_r[AX], _r[op & 7]) = (_r[op & 7], _r[AX]);
                else
                {
                    uint a = GetReg<Size16>(AX);
                    SetReg<Size16>(AX, GetReg<Size16>(op & 7));
                    SetReg<Size16>(op & 7, a);
                }
                break;
            case 0x98:
                if (o32) _r[AX] = (uint)(short)_r[AX];
                else SetReg<Size16>(AX, (uint)(sbyte)_r[AX]);
                break;
            case 0x99:
                if (o32) _r[DX] = (uint)((int)_r[AX] >> 31);
                else SetReg<Size16>(DX, (uint)((short)_r[AX] >> 15));
                break;
            case 0x9A: CallFar((ushort)_insn.Immediate2, _insn.Immediate); break;
            case 0x9B:
                if ((_cr0 & (Cr0Mp | Cr0Ts)) == (Cr0Mp | Cr0Ts)) Raise(7); // WAIT: no coprocessor, nothing to wait for
                break;
            case 0x9C: PushFlags(); break;
            case 0x9D: PopFlags(); break;
            case 0x9E: _flags = (_flags & ~(SF | ZF | AF | PF | CF)) | (int)(GetReg<Size8>(4) & (SF | ZF | AF | PF | CF)); break;
            case 0x9F: SetReg<Size8>(4, (uint)(_flags & 0xFF)); break;

            case 0xA0: SetReg<Size8>(AX, Read<Size8>(MoffsSegment, MoffsOffset)); break;
            case 0xA1:
                if (o32) { uint v = Read<Size32>(MoffsSegment, MoffsOffset); _r[AX] = v; }
                else SetReg<Size16>(AX, Read<Size16>(MoffsSegment, MoffsOffset));
                break;
            case 0xA2: Write<Size8>(MoffsSegment, MoffsOffset, GetReg<Size8>(AX)); break;
            case 0xA3:
                if (o32) Write<Size32>(MoffsSegment, MoffsOffset, _r[AX]);
                else Write<Size16>(MoffsSegment, MoffsOffset, GetReg<Size16>(AX));
                break;
            case 0xA4: case 0xA5: case 0xA6: case 0xA7:
            case 0xAA: case 0xAB: case 0xAC: case 0xAD: case 0xAE: case 0xAF:
                remaining -= StringInstruction(op, remaining + 1) - 1;
                break;
            case 0xA8: AluAI<AluTest, Size8>(); break;
            case 0xA9: if (o32) AluAI<AluTest, Size32>(); else AluAI<AluTest, Size16>(); break;

            case 0xB0: case 0xB1: case 0xB2: case 0xB3: case 0xB4: case 0xB5: case 0xB6: case 0xB7: SetReg<Size8>(op & 7, _insn.Immediate); break;
            case 0xB8: case 0xB9: case 0xBA: case 0xBB: case 0xBC: case 0xBD: case 0xBE: case 0xBF:
                if (o32) _r[op & 7] = _insn.Immediate; else SetReg<Size16>(op & 7, _insn.Immediate);
                break;

            case 0xC0: ShiftGroup<Size8>(_insn.Immediate); break;
            case 0xC1: if (o32) ShiftGroup<Size32>(_insn.Immediate); else ShiftGroup<Size16>(_insn.Immediate); break;
            case 0xC2: ReturnNear(_insn.Immediate); break;
            case 0xC3: ReturnNear(0); break;
            case 0xC4: LoadFarPointer(ES); break;
            case 0xC5: LoadFarPointer(DS); break;
            case 0xC6:
                if (_insn.Reg != 0) Ud();
                else WriteRm<Size8>(_insn.Immediate);
                break;
            case 0xC7:
                if (_insn.Reg != 0) Ud();
                else if (o32) WriteRm<Size32>(_insn.Immediate);
                else WriteRm<Size16>(_insn.Immediate);
                break;
            case 0xC8: if (o32) Enter<Size32>(); else Enter<Size16>(); break;
            case 0xC9: Leave(); break;
            case 0xCA: ReturnFar(_insn.Immediate); break;
            case 0xCB: ReturnFar(0); break;
            case 0xCC: SoftwareInterrupt(3, InterruptSource.Breakpoint); break;
            case 0xCD: SoftwareInterrupt((int)_insn.Immediate, InterruptSource.Software); break;
            case 0xCE: if ((_flags & OF) != 0) SoftwareInterrupt(4, InterruptSource.Breakpoint); break;
            case 0xCF: InterruptReturn(); break;

            case 0xD0: ShiftGroup<Size8>(1); break;
            case 0xD1: if (o32) ShiftGroup<Size32>(1); else ShiftGroup<Size16>(1); break;
            case 0xD2: ShiftGroup<Size8>(_r[CX] & 0xFF); break;
            case 0xD3: if (o32) ShiftGroup<Size32>(_r[CX] & 0xFF); else ShiftGroup<Size16>(_r[CX] & 0xFF); break;
            case 0xD4: Aam(); break;
            case 0xD5: Aad(); break;
            case 0xD6: SetReg<Size8>(AX, (_flags & CF) != 0 ? 0xFFu : 0u); break; // SALC
            case 0xD7:
                {
                    uint offset = (_insn.Address32 ? _r[BX] : (ushort)_r[BX]) + (_r[AX] & 0xFF);
                    if (!_insn.Address32) offset &= 0xFFFF;
                    SetReg<Size8>(AX, Read<Size8>(_insn.SegmentOverride >= 0 ? _insn.SegmentOverride : DS, offset));
                    break;
                }
            case 0xD8: case 0xD9: case 0xDA: case 0xDB: case 0xDC: case 0xDD: case 0xDE: case 0xDF:
                // ESC: no coprocessor is attached. With EM or TS set the 386 raises #NM; otherwise
                // nothing happens (a store such as FNSTSW leaves memory as it was: "no FPU").
                if ((_cr0 & (Cr0Em | Cr0Ts)) != 0) Raise(7);
                break;

            case 0xE0:
                {
                    uint c = Count - 1;
                    SetCount(c);
                    JumpIf(c != 0 && (_flags & ZF) == 0, (uint)(sbyte)_insn.Immediate);
                    break;
                }
            case 0xE1:
                {
                    uint c = Count - 1;
                    SetCount(c);
                    JumpIf(c != 0 && (_flags & ZF) != 0, (uint)(sbyte)_insn.Immediate);
                    break;
                }
            case 0xE2:
                {
                    uint c = Count - 1;
                    SetCount(c);
                    JumpIf(c != 0, (uint)(sbyte)_insn.Immediate);
                    break;
                }
            case 0xE3: JumpIf(Count == 0, (uint)(sbyte)_insn.Immediate); break;
            case 0xE4: case 0xE5: case 0xE6: case 0xE7:
                Sync(remaining);
                PortIo(op, (ushort)(_insn.Immediate & 0xFF));
                break;
            case 0xE8:
                {
                    uint target = _eip + _insn.Immediate;
                    if (!o32) target &= 0xFFFF;
                    if (target > _seg[CS].Limit) { Gp(0); break; }
                    PushOperand(_eip);
                    _eip = target;
                    break;
                }
            case 0xE9: JumpNear(_eip + _insn.Immediate); break;
            case 0xEA: JumpFar((ushort)_insn.Immediate2, _insn.Immediate); break;
            case 0xEB: JumpNear(_eip + (uint)(sbyte)_insn.Immediate); break;
            case 0xEC: case 0xED: case 0xEE: case 0xEF:
                Sync(remaining);
                PortIo(op, (ushort)_r[DX]);
                break;

            case 0xF1: SoftwareInterrupt(1, InterruptSource.Icebp); break; // ICEBP: INT 1 without the privilege checks
            case 0xF4: Halt(); break;
            case 0xF5: _flags ^= CF; break;
            case 0xF6: Group3<Size8>(); break;
            case 0xF7: if (o32) Group3<Size32>(); else Group3<Size16>(); break;
            case 0xF8: _flags &= ~CF; break;
            case 0xF9: _flags |= CF; break;
            case 0xFA:
                if (InterruptFlagAllowed) ClearInterruptFlag();
                else Gp(0);
                break;
            case 0xFB:
                if (InterruptFlagAllowed) SetInterruptFlag();
                else Gp(0);
                break;
            case 0xFC: _flags &= ~DF; break;
            case 0xFD: _flags |= DF; break;
            case 0xFE: Group4(); break;
            case 0xFF: if (o32) Group5<Size32>(); else Group5<Size16>(); break;

            default: InvalidOpcode(); break; // D6h aside, the table marks no other one-byte opcode invalid
        }
    }

    /// <summary>Whether LOCK may precede the instruction: the read-modify-write forms with a memory destination.</summary>
    private bool Lockable()
    {
        if (!_insn.IsMemory) return false;
        int op = _insn.Opcode;
        int reg = _insn.Reg;
        return op switch
        {
            < 0x40 => (op & 7) < 2 && (op & 0x38) != 0x38,
            >= 0x80 and <= 0x83 => reg != 7,
            0x86 or 0x87 => true,
            0xF6 or 0xF7 => reg is 2 or 3,
            0xFE or 0xFF => reg < 2,
            0x1AB or 0x1B3 or 0x1BB => true,
            0x1BA => reg >= 5,
            _ => false,
        };
    }

    // ---- ALU forms ----

    /// <summary>r/m op= reg.</summary>
    private void AluEG<TOp, T>() where TOp : struct, IAluOperation where T : struct, IOperandSize
    {
        uint src = GetReg<T>(_insn.Reg);
        if (TOp.WritesResult)
        {
            uint a = ReadRmForUpdate<T>();
            UpdateRm<T>(TOp.Apply<T>(ref _flags, a, src));
        }
        else TOp.Apply<T>(ref _flags, ReadRm<T>(), src);
    }

    /// <summary>reg op= r/m.</summary>
    private void AluGE<TOp, T>() where TOp : struct, IAluOperation where T : struct, IOperandSize
    {
        uint src = ReadRm<T>();
        uint r = TOp.Apply<T>(ref _flags, GetReg<T>(_insn.Reg), src);
        if (TOp.WritesResult) SetReg<T>(_insn.Reg, r);
    }

    /// <summary>AL/AX/EAX op= immediate.</summary>
    private void AluAI<TOp, T>() where TOp : struct, IAluOperation where T : struct, IOperandSize
    {
        uint r = TOp.Apply<T>(ref _flags, GetReg<T>(AX), _insn.Immediate & T.Mask);
        if (TOp.WritesResult) SetReg<T>(AX, r);
    }

    private uint AluOperation<T>(int operation, uint a, uint b) where T : struct, IOperandSize => operation switch
    {
        0 => AluAdd.Apply<T>(ref _flags, a, b),
        1 => AluOr.Apply<T>(ref _flags, a, b),
        2 => AluAdc.Apply<T>(ref _flags, a, b),
        3 => AluSbb.Apply<T>(ref _flags, a, b),
        4 => AluAnd.Apply<T>(ref _flags, a, b),
        5 => AluSub.Apply<T>(ref _flags, a, b),
        6 => AluXor.Apply<T>(ref _flags, a, b),
        _ => AluCmp.Apply<T>(ref _flags, a, b),
    };

    /// <summary>80h-83h: ALU r/m, immediate.</summary>
    private void Group1<T>(uint immediate) where T : struct, IOperandSize
    {
        int operation = _insn.Reg;
        immediate &= T.Mask;
        if (operation == 7)
        {
            AluOperation<T>(7, ReadRm<T>(), immediate);
            return;
        }
        uint a = ReadRmForUpdate<T>();
        UpdateRm<T>(AluOperation<T>(operation, a, immediate));
    }

    private void Xchg<T>() where T : struct, IOperandSize
    {
        uint a = ReadRmForUpdate<T>();
        uint b = GetReg<T>(_insn.Reg);
        UpdateRm<T>(b);
        if (!Faulted) SetReg<T>(_insn.Reg, a);
    }

    private void ImulImmediate<T>(uint immediate) where T : struct, IOperandSize
    {
        long a = SignExtend<T>(ReadRm<T>());
        long product = a * SignExtend<T>(immediate & T.Mask);
        SetReg<T>(_insn.Reg, (uint)product);
        SetMultiplyFlags<T>((uint)product & T.Mask, product != SignExtend<T>((uint)product & T.Mask));
    }

    private static long SignExtend<T>(uint v) where T : struct, IOperandSize =>
        T.Bits == 8 ? (sbyte)v : T.Bits == 16 ? (short)v : (int)v;

    /// <summary>MUL/IMUL: CF and OF say the upper half matters; SF, ZF and PF follow the low half, AF is cleared.</summary>
    private void SetMultiplyFlags<T>(uint low, bool upperSignificant) where T : struct, IOperandSize
    {
        int f = (_flags & ~Arith) | Alu386.Szp<T>(low);
        if (upperSignificant) f |= CF | OF;
        _flags = f;
    }

    // ---- segment registers ----

    private void PushSegment(int s)
    {
        // A 32-bit push of a selector writes only its word, leaving the upper half of the slot
        // as it was (test386's README, "PUSH"); ESP still moves by 4.
        if (_insn.Operand32)
        {
            uint sp = (StackPointer - 4) & StackMask;
            Write<Size16>(SS, sp, _seg[s].Selector);
            if (!Faulted) SetStackPointer(sp);
        }
        else Push<Size16>(_seg[s].Selector);
    }

    private void PopSegment(int s)
    {
        uint sp = StackPointer;
        ushort selector = (ushort)(_insn.Operand32 ? Read<Size32>(SS, sp) : Read<Size16>(SS, sp));
        if (Faulted) return;
        // ESP moves as the stack it was popped from says (POP SS may change the stack size).
        uint next = sp + (_insn.Operand32 ? 4u : 2u);
        uint esp = _stack32 ? next : (_r[SP] & 0xFFFF_0000) | (next & 0xFFFF);
        LoadSegment(s, selector);
        if (Faulted) return;
        _r[SP] = esp;
        if (s == SS) _events |= EvShadow;
    }

    private void MovFromSegment()
    {
        int s = _insn.Reg;
        if (s > GS)
        {
            Ud();
            return;
        }
        ushort selector = _seg[s].Selector;
        if (_insn.IsMemory) Write<Size16>(_insn.Segment, _ea, selector);
        else if (_insn.Operand32) _r[_insn.Rm] = selector;
        else SetReg<Size16>(_insn.Rm, selector);
    }

    private void MovToSegment()
    {
        int s = _insn.Reg;
        if (s > GS || s == CS)
        {
            Ud();
            return;
        }
        ushort selector = (ushort)ReadRm<Size16>();
        if (Faulted) return;
        LoadSegment(s, selector);
        if (s == SS && !Faulted) _events |= EvShadow;
    }

    /// <summary>LES LDS LSS LFS LGS: offset then selector from memory.</summary>
    private void LoadFarPointer(int s)
    {
        if (!_insn.IsMemory)
        {
            Ud();
            return;
        }
        int seg = _insn.Segment;
        uint offset = _insn.Operand32 ? Read<Size32>(seg, _ea) : Read<Size16>(seg, _ea);
        ushort selector = (ushort)Read<Size16>(seg, _ea + (_insn.Operand32 ? 4u : 2u));
        if (Faulted) return;
        LoadSegment(s, selector);
        if (Faulted) return;
        if (_insn.Operand32) _r[_insn.Reg] = offset;
        else SetReg<Size16>(_insn.Reg, offset);
        if (s == SS) _events |= EvShadow;
    }

    private uint MoffsOffset => _insn.Address32 ? _insn.Immediate : _insn.Immediate & 0xFFFF;

    private int MoffsSegment => _insn.SegmentOverride >= 0 ? _insn.SegmentOverride : DS;

    // ---- stack forms ----

    /// <summary>PUSHA/PUSHAD: AX CX DX BX, the original SP, BP SI DI.</summary>
    private void PushAll<T>() where T : struct, IOperandSize
    {
        uint original = GetReg<T>(SP);
        for (int r = AX; r <= DI; r++) Push<T>(r == SP ? original : GetReg<T>(r));
    }

    /// <summary>
    /// POPA/POPAD: DI SI BP, the SP slot, BX DX CX AX. The SP slot is loaded into (E)SP and then
    /// SP takes its final value: with a 16-bit stack, POPAD leaves the popped upper half of ESP
    /// (test386's README, "POPAD").
    /// </summary>
    private void PopAll<T>() where T : struct, IOperandSize
    {
        uint sp = StackPointer;
        uint* values = stackalloc uint[8];
        for (int r = DI; r >= AX; r--)
        {
            values[r] = Read<T>(SS, sp);
            sp = (sp + (uint)T.Bytes) & StackMask;
        }
        if (Faulted) return;
        for (int r = AX; r <= DI; r++) SetReg<T>(r, values[r]);
        SetStackPointer(sp);
    }

    private void Bound<T>() where T : struct, IOperandSize
    {
        if (!_insn.IsMemory)
        {
            Ud();
            return;
        }
        long lower = SignExtend<T>(Read<T>(_insn.Segment, _ea));
        long upper = SignExtend<T>(Read<T>(_insn.Segment, (_ea + (uint)T.Bytes) & (_insn.Address32 ? 0xFFFF_FFFFu : 0xFFFFu)));
        long index = SignExtend<T>(GetReg<T>(_insn.Reg));
        if (!Faulted && (index < lower || index > upper)) Raise(5);
    }

    /// <summary>8Fh: POP r/m. An ESP-based address is computed after ESP has moved, as the 386 does.</summary>
    private void PopRm<T>() where T : struct, IOperandSize
    {
        if (_insn.Reg != 0)
        {
            Ud();
            return;
        }
        uint value = Pop<T>();
        if (_insn.IsMemory)
        {
            _ea = EffectiveAddress();
            Write<T>(_insn.Segment, _ea, value);
        }
        else SetReg<T>(_insn.Rm, value);
    }

    private void Enter<T>() where T : struct, IOperandSize
    {
        uint size = _insn.Immediate & 0xFFFF;
        int level = (int)_insn.Immediate2 & 0x1F;
        uint bp = _stack32 ? _r[BP] : (ushort)_r[BP];
        Push<T>(GetReg<T>(BP));
        uint frame = _r[SP]; // all of ESP, also with a 16-bit stack (test386 checks EBP's upper half)
        if (level > 0)
        {
            for (int i = 1; i < level; i++)
            {
                bp = (bp - (uint)T.Bytes) & StackMask;
                Push<T>(Read<T>(SS, bp));
            }
            Push<T>(frame);
        }
        if (Faulted) return;
        // The 386 ends with a write check at the final stack pointer (test386: a #PF for a page
        // the frame only reaches), without writing.
        uint final = (StackPointer - size) & StackMask;
        if (!CheckWrite<T>(SS, final)) return;
        SetReg<T>(BP, frame);
        SetStackPointer(final);
    }

    private void Leave()
    {
        SetStackPointer(_stack32 ? _r[BP] : (ushort)_r[BP]);
        uint v = PopOperand();
        if (_insn.Operand32) _r[BP] = v;
        else SetReg<Size16>(BP, v);
    }

    private void ReturnNear(uint release)
    {
        uint sp = StackPointer;
        uint target = _insn.Operand32 ? Read<Size32>(SS, sp) : Read<Size16>(SS, sp);
        if (Faulted) return;
        JumpNear(target);
        if (Faulted) return;
        SetStackPointer((sp + (_insn.Operand32 ? 4u : 2u) + (release & 0xFFFF)) & StackMask);
    }

    // ---- flags ----

    private void PushFlags()
    {
        if (V86 && Iopl < 3)
        {
            Gp(0);
            return;
        }
        if (_insn.Operand32) Push<Size32>((uint)(_flags & ~(VM | RF)));
        else Push<Size16>((uint)_flags & 0xFFFF);
    }

    /// <summary>
    /// POPF/POPFD: IOPL changes only at CPL 0, IF only where CPL ≤ IOPL; VM never changes and RF is
    /// cleared. In V86 mode (IOPL 3, else #GP) IOPL stays.
    /// </summary>
    private void PopFlags()
    {
        if (V86 && Iopl < 3)
        {
            Gp(0);
            return;
        }
        uint value = PopOperand();
        if (Faulted) return;
        int changeable = Writable386 & ~(VM | RF);
        if (!_insn.Operand32) changeable &= 0xFFFF;
        if (ProtectedMode && _cpl != 0) changeable &= ~IOPL;
        if (ProtectedMode && _cpl > Iopl) changeable &= ~IF;
        SetFlags((_flags & ~changeable & ~RF) | ((int)value & changeable));
    }

    // ---- I/O ----

    private void PortIo(int op, ushort port)
    {
        bool word = (op & 1) != 0;
        int size = !word ? 1 : _insn.Operand32 ? 4 : 2;
        if (!IoAllowed(port, size)) return;
        if ((op & 2) == 0)
        {
            switch (size)
            {
                case 1: SetReg<Size8>(AX, _io.In8(port)); break;
                case 2: SetReg<Size16>(AX, _io.In16(port)); break;
                default:
                    {
                        uint low = _io.In16(port);
                        _r[AX] = low | (uint)_io.In16((ushort)(port + 2)) << 16;
                        break;
                    }
            }
        }
        else
        {
            switch (size)
            {
                case 1: _io.Out8(port, (byte)_r[AX]); break;
                case 2: _io.Out16(port, (ushort)_r[AX]); break;
                default:
                    _io.Out16(port, (ushort)_r[AX]);
                    _io.Out16((ushort)(port + 2), (ushort)(_r[AX] >> 16));
                    break;
            }
        }
        CheckMemoryMap(); // a port may have switched A20 or remapped memory
    }

    // ---- groups 3 to 5 ----

    private void Group3<T>() where T : struct, IOperandSize
    {
        switch (_insn.Reg)
        {
            case 0: case 1: AluTest.Apply<T>(ref _flags, ReadRm<T>(), _insn.Immediate & T.Mask); break;
            case 2:
                {
                    uint v = ReadRmForUpdate<T>();
                    UpdateRm<T>(~v & T.Mask);
                    break;
                }
            case 3:
                {
                    uint v = ReadRmForUpdate<T>();
                    UpdateRm<T>(Alu386.Sub<T>(ref _flags, 0, v, 0));
                    break;
                }
            case 4: Multiply<T>(signed: false); break;
            case 5: Multiply<T>(signed: true); break;
            case 6: Divide<T>(signed: false); break;
            default: Divide<T>(signed: true); break;
        }
    }

    private void Multiply<T>(bool signed) where T : struct, IOperandSize
    {
        uint v = ReadRm<T>();
        if (Faulted) return;
        uint a = GetReg<T>(AX);
        ulong product = signed ? (ulong)(SignExtend<T>(a) * SignExtend<T>(v)) : (ulong)a * v;
        uint low = (uint)product & T.Mask;
        uint high = (uint)(product >> T.Bits) & T.Mask;
        bool upper = signed ? (long)product != SignExtend<T>(low) : high != 0;
        if (T.Bits == 8) SetReg<Size16>(AX, (uint)product);
        else
        {
            SetReg<T>(AX, low);
            SetReg<T>(DX, high);
        }
        SetMultiplyFlags<T>(low, upper);
    }

    private void Divide<T>(bool signed) where T : struct, IOperandSize
    {
        uint v = ReadRm<T>();
        if (Faulted) return;
        if (v == 0)
        {
            Raise(0);
            return;
        }
        ulong dividend = T.Bits == 8 ? GetReg<Size16>(AX) : ((ulong)GetReg<T>(DX) << T.Bits) | GetReg<T>(AX);
        uint quotient, remainder;
        if (signed)
        {
            long n = T.Bits == 8 ? (short)dividend : T.Bits == 16 ? (int)dividend : (long)dividend;
            long d = SignExtend<T>(v);
            if (n == long.MinValue && d == -1)
            {
                Raise(0);
                return;
            }
            long q = n / d;
            long max = (long)(T.SignBit - 1);
            if (q > max || q < -max - 1)
            {
                Raise(0);
                return;
            }
            quotient = (uint)q & T.Mask;
            remainder = (uint)(n % d) & T.Mask;
        }
        else
        {
            ulong q = dividend / v;
            if (q > T.Mask)
            {
                Raise(0);
                return;
            }
            quotient = (uint)q;
            remainder = (uint)(dividend % v);
        }
        if (T.Bits == 8)
        {
            SetReg<Size8>(AX, quotient);
            SetReg<Size8>(4, remainder);
        }
        else
        {
            SetReg<T>(AX, quotient);
            SetReg<T>(DX, remainder);
        }
    }

    private void Group4()
    {
        int operation = _insn.Reg;
        if (operation > 1)
        {
            Ud();
            return;
        }
        uint v = ReadRmForUpdate<Size8>();
        UpdateRm<Size8>(operation == 0 ? Alu386.Inc<Size8>(ref _flags, v) : Alu386.Dec<Size8>(ref _flags, v));
    }

    private void Group5<T>() where T : struct, IOperandSize
    {
        int operation = _insn.Reg;
        switch (operation)
        {
            case 0:
                {
                    uint v = ReadRmForUpdate<T>();
                    UpdateRm<T>(Alu386.Inc<T>(ref _flags, v));
                    break;
                }
            case 1:
                {
                    uint v = ReadRmForUpdate<T>();
                    UpdateRm<T>(Alu386.Dec<T>(ref _flags, v));
                    break;
                }
            case 2:
                {
                    uint target = ReadRm<T>();
                    if (Faulted) return;
                    if (target > _seg[CS].Limit) { Gp(0); return; }
                    PushOperand(_eip);
                    _eip = target;
                    break;
                }
            case 3: case 5:
                {
                    if (!_insn.IsMemory) { Ud(); return; }
                    uint offset = Read<T>(_insn.Segment, _ea);
                    ushort selector = (ushort)Read<Size16>(_insn.Segment, _ea + (uint)T.Bytes);
                    if (Faulted) return;
                    if (operation == 3) CallFar(selector, offset);
                    else JumpFar(selector, offset);
                    break;
                }
            case 4:
                JumpNear(ReadRm<T>());
                break;
            case 6:
                Push<T>(ReadRm<T>());
                break;
            default:
                Ud();
                break;
        }
    }

    // ---- ARPL ----

    private void Arpl()
    {
        if (RealAddressing)
        {
            Ud();
            return;
        }
        // The 386 reads the operand and writes it only when the RPL changes (a read-only
        // segment faults only then; test386 checks it).
        uint dest = ReadRm<Size16>();
        uint src = GetReg<Size16>(_insn.Reg);
        if (Faulted) return;
        if ((dest & 3) < (src & 3))
        {
            WriteRm<Size16>((dest & ~3u) | (src & 3));
            _flags |= ZF;
        }
        else _flags &= ~ZF;
    }
}
