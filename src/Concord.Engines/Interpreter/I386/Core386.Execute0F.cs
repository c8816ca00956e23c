using static Concord.Engines.Interpreter.FlagBits;

namespace Concord.Engines.Interpreter.I386;

/// <summary>The two-byte opcodes (0Fh xx) of the 386.</summary>
internal sealed unsafe partial class Core386
{
    private void Execute0F(ref long remaining)
    {
        int op = _insn.Opcode & 0xFF;
        bool o32 = _insn.Operand32;
        switch (op)
        {
            case 0x00: Group6(); break;
            case 0x01: Group7(); break;
            case 0x02: LoadAccessRights(); break;
            case 0x03: LoadSegmentLimit(); break;
            case 0x06: Clts(); break;
            case 0x20: case 0x21: case 0x22: case 0x23: case 0x24: case 0x26:
                MoveSystemRegister(op);
                break;

            case 0x80: case 0x81: case 0x82: case 0x83: case 0x84: case 0x85: case 0x86: case 0x87:
            case 0x88: case 0x89: case 0x8A: case 0x8B: case 0x8C: case 0x8D: case 0x8E: case 0x8F:
                JumpIf(Condition(op & 0xF), o32 ? _insn.Immediate : (uint)(short)_insn.Immediate);
                break;
            case 0x90: case 0x91: case 0x92: case 0x93: case 0x94: case 0x95: case 0x96: case 0x97:
            case 0x98: case 0x99: case 0x9A: case 0x9B: case 0x9C: case 0x9D: case 0x9E: case 0x9F:
                WriteRm<Size8>(Condition(op & 0xF) ? 1u : 0u);
                break;

            case 0xA0: PushSegment(FS); break;
            case 0xA1: PopSegment(FS); break;
            case 0xA8: PushSegment(GS); break;
            case 0xA9: PopSegment(GS); break;

            case 0xA3: BitTest(0, register: true); break;
            case 0xAB: BitTest(1, register: true); break;
            case 0xB3: BitTest(2, register: true); break;
            case 0xBB: BitTest(3, register: true); break;
            case 0xBA:
                if (_insn.Reg < 4) Ud();
                else BitTest(_insn.Reg - 4, register: false);
                break;

            case 0xA4: DoubleShift(left: true, (int)_insn.Immediate); break;
            case 0xA5: DoubleShift(left: true, (int)_r[CX]); break;
            case 0xAC: DoubleShift(left: false, (int)_insn.Immediate); break;
            case 0xAD: DoubleShift(left: false, (int)_r[CX]); break;

            case 0xAF:
                if (o32) ImulRegister<Size32>(); else ImulRegister<Size16>();
                break;

            case 0xB2: LoadFarPointer(SS); break;
            case 0xB4: LoadFarPointer(FS); break;
            case 0xB5: LoadFarPointer(GS); break;

            case 0xB6:
                {
                    uint v = ReadRm<Size8>();
                    if (o32) _r[_insn.Reg] = v; else SetReg<Size16>(_insn.Reg, v);
                    break;
                }
            case 0xB7:
                {
                    uint v = ReadRm<Size16>();
                    if (o32) _r[_insn.Reg] = v; else SetReg<Size16>(_insn.Reg, v);
                    break;
                }
            case 0xBE:
                {
                    uint v = (uint)(sbyte)ReadRm<Size8>();
                    if (o32) _r[_insn.Reg] = v; else SetReg<Size16>(_insn.Reg, v);
                    break;
                }
            case 0xBF:
                {
                    uint v = (uint)(short)ReadRm<Size16>();
                    if (o32) _r[_insn.Reg] = v; else SetReg<Size16>(_insn.Reg, v);
                    break;
                }

            case 0xBC: if (o32) BitScan<Size32>(forward: true); else BitScan<Size16>(forward: true); break;
            case 0xBD: if (o32) BitScan<Size32>(forward: false); else BitScan<Size16>(forward: false); break;

            default: InvalidOpcode(); break;
        }
    }

    private void ImulRegister<T>() where T : struct, IOperandSize
    {
        long b = SignExtend<T>(ReadRm<T>());
        long product = SignExtend<T>(GetReg<T>(_insn.Reg)) * b;
        uint low = (uint)product & T.Mask;
        SetReg<T>(_insn.Reg, low);
        SetMultiplyFlags<T>(low, product != SignExtend<T>(low));
    }

    private void DoubleShift(bool left, int count)
    {
        if (_insn.Operand32) DoubleShift<Size32>(left, count);
        else DoubleShift<Size16>(left, count);
    }

    private void DoubleShift<T>(bool left, int count) where T : struct, IOperandSize
    {
        count &= 0x1F;
        uint dest = ReadRmForUpdate<T>();
        if (Faulted || count == 0) return;
        UpdateRm<T>(Alu386.DoubleShift<T>(ref _flags, left, dest, GetReg<T>(_insn.Reg), count));
    }

    /// <summary>
    /// BT (0), BTS (1), BTR (2), BTC (3). A register bit offset addresses memory beyond the operand:
    /// the offset is signed and selects the word or doubleword it falls in; an immediate offset
    /// and a register operand take it modulo the operand size.
    /// </summary>
    private void BitTest(int operation, bool register)
    {
        if (_insn.Operand32) BitTest<Size32>(operation, register);
        else BitTest<Size16>(operation, register);
    }

    private void BitTest<T>(int operation, bool register) where T : struct, IOperandSize
    {
        uint offset = register ? GetReg<T>(_insn.Reg) : _insn.Immediate & 0xFF;
        int bit = (int)offset & (T.Bits - 1);
        uint address = _ea;
        if (_insn.IsMemory && register)
        {
            int words = T.Bits == 32 ? (int)offset >> 5 : (short)offset >> 4;
            address += (uint)(words * T.Bytes);
            if (!_insn.Address32) address &= 0xFFFF;
        }
        uint v;
        if (operation == 0) v = _insn.IsMemory ? Read<T>(_insn.Segment, address) : GetReg<T>(_insn.Rm);
        else v = _insn.IsMemory ? ReadRmw<T>(_insn.Segment, address) : GetReg<T>(_insn.Rm);
        if (Faulted) return;
        _flags = Alu386.BitTestFlags<T>(_flags, v, bit);
        if (operation == 0) return;
        uint m = 1u << bit;
        uint r = operation switch
        {
            1 => v | m,
            2 => v & ~m,
            _ => v ^ m,
        };
        if (_insn.IsMemory) WriteRmw<T>(r);
        else SetReg<T>(_insn.Rm, r);
    }

    /// <summary>BSF/BSR: ZF set and the destination unchanged for a zero source; else ZF clear and the bit's index.</summary>
    private void BitScan<T>(bool forward) where T : struct, IOperandSize
    {
        uint v = ReadRm<T>();
        if (Faulted) return;
        if (v == 0)
        {
            _flags |= ZF;
            return;
        }
        _flags &= ~ZF;
        uint index = forward ? (uint)System.Numerics.BitOperations.TrailingZeroCount(v) : (uint)(31 - System.Numerics.BitOperations.LeadingZeroCount(v));
        SetReg<T>(_insn.Reg, index);
    }
}
