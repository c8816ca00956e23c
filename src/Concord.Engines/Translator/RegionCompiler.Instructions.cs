using System.Reflection.Emit;
using static Concord.Engines.Interpreter.FlagBits;

namespace Concord.Engines.Translator;

/// <summary>
/// The instructions the translator compiles. Each one computes its operands' addresses and reads its
/// memory first (a fault leaves for the interpreter before anything changed), then sets registers
/// and flags, and writes memory last (a write that reached compiled code leaves right after it).
/// </summary>
internal sealed unsafe partial class RegionCompiler
{
    private void EmitInstruction()
    {
        GuestInstruction g = _ins;
        int op = g.Op;
        switch (op)
        {
            case <= 0x3F when (op & 7) <= 3:
                EmitAluModRm((op >> 3) & 7, (op & 1) != 0, (op & 2) != 0);
                break;
            case <= 0x3F when (op & 7) <= 5:
                {
                    bool wide = (op & 1) != 0;
                    var (a, b) = AluOperands((op >> 3) & 7);
                    LoadReg(AX, wide);
                    Store(a);
                    Const(g.Immediate);
                    Store(b);
                    LocalBuilder? r = EmitAlu((op >> 3) & 7, wide, a, b);
                    if (r is not null)
                    {
                        Load(r);
                        StoreReg(AX, wide);
                    }
                    break;
                }
            case 0x06: case 0x0E: case 0x16: case 0x1E:
                {
                    LocalBuilder v = Temp();
                    LoadSegment(op >> 3);
                    Store(v);
                    Push(v);
                    break;
                }
            case 0x07: case 0x17: case 0x1F:
                Pop();
                Store(_s[op >> 3]);
                break;
            case >= 0x40 and <= 0x4F:
                {
                    bool increment = op < 0x48;
                    LocalBuilder a = _ccA, r = _ccR;
                    KeepCarry();
                    LoadReg16(op & 7);
                    Store(a);
                    Load(a);
                    Const(1);
                    Emit(increment ? OpCodes.Add : OpCodes.Sub);
                    Store(r);
                    SetLazyConstB(increment ? FlagKind.Inc16 : FlagKind.Dec16, a, 1, r);
                    Load(r);
                    Const(0xFFFF);
                    Emit(OpCodes.And);
                    StoreReg16(op & 7);
                    break;
                }
            case >= 0x50 and <= 0x57:
                {
                    LocalBuilder v = Temp();
                    LoadReg16(op & 7);
                    if (op == 0x54 && !_is286)
                    {
                        // The 8086 pushes SP as it is after the decrement.
                        Const(2);
                        Emit(OpCodes.Sub);
                        Const(0xFFFF);
                        Emit(OpCodes.And);
                    }
                    Store(v);
                    Push(v);
                    break;
                }
            case >= 0x58 and <= 0x5F:
                Pop();
                StoreReg16(op & 7);
                break;
            case >= 0x60 and <= 0x6F when !_is286:
            case >= 0x70 and <= 0x7F:
                EmitBranchIf(op & 0xF, Goto(g.Target));
                Emit(OpCodes.Br, Goto(g.NextIp));
                break;
            case 0x68: case 0x6A:
                {
                    LocalBuilder v = Temp();
                    Const(op == 0x68 ? g.Immediate : (ushort)(sbyte)g.Immediate);
                    Store(v);
                    Push(v);
                    break;
                }
            case 0x69: case 0x6B:
                {
                    LocalBuilder r = Temp();
                    ReadRm(wide: true);
                    Emit(OpCodes.Conv_I2);
                    Const(op == 0x69 ? (short)g.Immediate : (sbyte)g.Immediate);
                    Emit(OpCodes.Mul);
                    Store(r);
                    Load(r);
                    Const(0xFFFF);
                    Emit(OpCodes.And);
                    StoreReg16(g.Reg);
                    SetMultiplyLazy(r, wide: true, signed: true);
                    break;
                }
            case 0x80: case 0x81: case 0x82: case 0x83:
                {
                    bool wide = (op & 1) != 0;
                    int operation = g.Reg;
                    var (a, b) = AluOperands(operation);
                    Operand? at = ReadRm(wide);
                    Store(a);
                    Const(op == 0x83 ? (ushort)(sbyte)g.Immediate : g.Immediate);
                    Store(b);
                    LocalBuilder? r = EmitAlu(operation, wide, a, b);
                    if (r is not null) WriteRm(at, r, wide);
                    break;
                }
            case 0x84: case 0x85:
                EmitAluModRm(4, (op & 1) != 0, toRegister: false, test: true);
                break;
            case 0x86: case 0x87:
                {
                    bool wide = op == 0x87;
                    LocalBuilder a = Temp(), b = Temp();
                    Operand? at = ReadRm(wide);
                    Store(a);
                    LoadReg(g.Reg, wide);
                    Store(b);
                    Load(a);
                    StoreReg(g.Reg, wide);
                    WriteRm(at, b, wide);
                    break;
                }
            case 0x88: case 0x89:
                {
                    bool wide = op == 0x89;
                    LocalBuilder v = Temp();
                    LoadReg(g.Reg, wide);
                    Store(v);
                    EmitWriteRmOnly(v, wide);
                    break;
                }
            case 0x8A: case 0x8B:
                {
                    bool wide = op == 0x8B;
                    ReadRm(wide);
                    StoreReg(g.Reg, wide);
                    break;
                }
            case 0x8C:
                {
                    LocalBuilder v = Temp();
                    LoadSegment(g.Reg & 3);
                    Store(v);
                    EmitWriteRmOnly(v, wide: true);
                    break;
                }
            case 0x8D:
                {
                    Operand at = ModRmOperand();
                    Load(at.Offset);
                    StoreReg16(g.Reg);
                    break;
                }
            case 0x8E:
                ReadRm(wide: true);
                Store(_s[g.Reg & 3]);
                break;
            case 0x8F:
                if (!g.IsMemory)
                {
                    Pop();
                    StoreReg16(g.Rm);
                    break;
                }
                {
                    LocalBuilder v = Temp();
                    Operand at = ModRmOperand();
                    CheckWordWrite(at);
                    Pop();
                    Store(v);
                    Write16(at, v);
                    break;
                }
            case 0x90: case 0x9B:
                break;
            case >= 0x91 and <= 0x97:
                {
                    LocalBuilder t = Temp();
                    LoadReg16(AX);
                    Store(t);
                    LoadReg16(op & 7);
                    StoreReg16(AX);
                    Load(t);
                    StoreReg16(op & 7);
                    break;
                }
            case 0x98:
                LoadReg8(AX);
                Emit(OpCodes.Conv_I1);
                Const(0xFFFF);
                Emit(OpCodes.And);
                StoreReg16(AX);
                break;
            case 0x99:
                LoadReg16(AX);
                Emit(OpCodes.Conv_I2);
                Const(15);
                Emit(OpCodes.Shr);
                Const(0xFFFF);
                Emit(OpCodes.And);
                StoreReg16(DX);
                break;
            case 0x9C:
                {
                    LocalBuilder v = Temp();
                    ReadableState();
                    EmitMaterialize();
                    Store(v);
                    Push(v);
                    break;
                }
            case 0x9E:
                MaterializeInPlace();
                Load(_fl);
                Const(~(SF | ZF | AF | PF | CF));
                Emit(OpCodes.And);
                LoadReg8(AX + 4);
                Const(SF | ZF | AF | PF | CF);
                Emit(OpCodes.And);
                Emit(OpCodes.Or);
                Store(_fl);
                break;
            case 0x9F:
                ReadableState();
                EmitMaterialize();
                Const(0xFF);
                Emit(OpCodes.And);
                StoreReg8(AX + 4);
                break;
            case >= 0xA0 and <= 0xA3:
                {
                    bool wide = (op & 1) != 0;
                    Const(g.Immediate);
                    Operand at = OperandAtStackOffset(DataSegment);
                    if (op <= 0xA1)
                    {
                        Read(at, wide);
                        StoreReg(AX, wide);
                    }
                    else
                    {
                        LocalBuilder v = Temp();
                        if (wide) CheckWordWrite(at);
                        LoadReg(AX, wide);
                        Store(v);
                        Write(at, v, wide);
                    }
                    break;
                }
            case >= 0xA4 and <= 0xA7: case >= 0xAA and <= 0xAF:
                EmitString(op);
                break;
            case 0xA8: case 0xA9:
                {
                    bool wide = op == 0xA9;
                    var (a, b) = AluOperands(4);
                    LoadReg(AX, wide);
                    Store(a);
                    Const(g.Immediate);
                    Store(b);
                    EmitAlu(4, wide, a, b, test: true);
                    break;
                }
            case >= 0xB0 and <= 0xB7:
                Const(g.Immediate);
                StoreReg8(op & 7);
                break;
            case >= 0xB8 and <= 0xBF:
                Const(g.Immediate);
                StoreReg16(op & 7);
                break;
            case 0xC0: case 0xC1:
                if (_is286) EmitShift(op == 0xC1, g.Immediate & 0x1F);
                else EmitReturn(op == 0xC0 ? g.Immediate : 0);
                break;
            case 0xC2: case 0xC3:
                EmitReturn(op == 0xC2 ? g.Immediate : 0);
                break;
            case 0xC4: case 0xC5:
                {
                    LocalBuilder offset = Temp(), segment = Temp();
                    Operand at = ModRmOperand();
                    Read16(at);
                    Store(offset);
                    Operand high = ModRmOperand(2);
                    Read16(high);
                    Store(segment);
                    Load(offset);
                    StoreReg16(g.Reg);
                    Load(segment);
                    Store(_s[op == 0xC4 ? ES : DS]);
                    break;
                }
            case 0xC6: case 0xC7:
                {
                    bool wide = op == 0xC7;
                    LocalBuilder v = Temp();
                    Const(g.Immediate);
                    Store(v);
                    EmitWriteRmOnly(v, wide);
                    break;
                }
            case 0xC9: // LEAVE (286)
                {
                    LocalBuilder bp = Temp(), saved = Temp();
                    LoadReg16(BP);
                    Read16(OperandAtStackOffset(SS, bp));
                    Store(saved);
                    Load(bp);
                    Const(2);
                    Emit(OpCodes.Add);
                    Const(0xFFFF);
                    Emit(OpCodes.And);
                    StoreReg16(SP);
                    Load(saved);
                    StoreReg16(BP);
                    break;
                }
            case 0xD0: case 0xD1:
                EmitShift(op == 0xD1, 1);
                break;
            case 0xD2: case 0xD3:
                EmitShiftByCl(op == 0xD3);
                break;
            case 0xD6:
                {
                    FlagKind kind = ReadableState();
                    EmitCarry(kind);
                    Emit(OpCodes.Neg);
                    Const(0xFF);
                    Emit(OpCodes.And);
                    StoreReg8(AX);
                    break;
                }
            case 0xD7:
                {
                    LoadReg16(BX);
                    LoadReg8(AX);
                    Emit(OpCodes.Add);
                    Operand at = OperandAtStackOffset(DataSegment);
                    Read8(at);
                    StoreReg8(AX);
                    break;
                }
            case >= 0xD8 and <= 0xDF:
                // ESC without a coprocessor: only the address is computed, which matters only as the 8086's last address.
                if (!_is286 && g.IsMemory) ModRmOperand();
                break;
            case 0xE0: case 0xE1: case 0xE2:
                {
                    LoadReg16(CX);
                    Const(1);
                    Emit(OpCodes.Sub);
                    Const(0xFFFF);
                    Emit(OpCodes.And);
                    StoreReg16(CX);
                    if (op == 0xE2)
                    {
                        LoadReg16(CX);
                        Emit(OpCodes.Brtrue, Goto(g.Target));
                    }
                    else
                    {
                        FlagKind kind = ReadableState();
                        Label no = _il.DefineLabel();
                        LoadReg16(CX);
                        Emit(OpCodes.Brfalse, no);
                        EmitZero(kind);
                        Emit(op == 0xE1 ? OpCodes.Brtrue : OpCodes.Brfalse, Goto(g.Target));
                        Mark(no);
                    }
                    Emit(OpCodes.Br, Goto(g.NextIp));
                    break;
                }
            case 0xE3:
                LoadReg16(CX);
                Emit(OpCodes.Brfalse, Goto(g.Target));
                Emit(OpCodes.Br, Goto(g.NextIp));
                break;
            case >= 0xE4 and <= 0xE7:
                EmitPortAccess(op, null);
                break;
            case >= 0xEC and <= 0xEF:
                EmitPortAccess(op, DX);
                break;
            case 0xE8:
                {
                    LocalBuilder v = Temp();
                    Const(g.NextIp);
                    Store(v);
                    Push(v, ExitTo(g.Target));
                    Emit(OpCodes.Br, Goto(g.Target));
                    break;
                }
            case 0xE9: case 0xEB:
                Emit(OpCodes.Br, Goto(g.Target));
                break;
            case 0xF5:
                MaterializeInPlace();
                Load(_fl);
                Const(CF);
                Emit(OpCodes.Xor);
                Store(_fl);
                break;
            case 0xF6: case 0xF7:
                EmitGroup3(op == 0xF7);
                break;
            case 0xF8: case 0xF9:
                MaterializeInPlace();
                Load(_fl);
                if (op == 0xF8)
                {
                    Const(~CF);
                    Emit(OpCodes.And);
                }
                else
                {
                    Const(CF);
                    Emit(OpCodes.Or);
                }
                Store(_fl);
                break;
            case 0xFA: case 0xFC: case 0xFD:
                Load(_fl);
                if (op == 0xFD)
                {
                    Const(DF);
                    Emit(OpCodes.Or);
                }
                else
                {
                    Const(op == 0xFA ? ~IF : ~DF);
                    Emit(OpCodes.And);
                }
                Store(_fl);
                break;
            case 0xFE:
                EmitIncDecRm(wide: false);
                break;
            case 0xFF:
                EmitGroup5();
                break;
            default:
                throw new InvalidOperationException($"the translator has no code for opcode {op:X2}h ({g})");
        }
    }

    /// <summary>Exit after the current instruction to a constant IP (a call whose push reached compiled code).</summary>
    private Label ExitTo(ushort ip) => Exit(new ExitSpec(ip, null, ExitCode.Leave, _blockLength - _position - 1, _ins.Ip));

    /// <summary>ALU with ModR/M: r/m op= reg, or reg op= r/m (<paramref name="toRegister"/>).</summary>
    private void EmitAluModRm(int operation, bool wide, bool toRegister, bool test = false)
    {
        var (a, b) = AluOperands(operation);
        if (toRegister)
        {
            ReadRm(wide);
            Store(b);
            LoadReg(_ins.Reg, wide);
            Store(a);
            LocalBuilder? r = EmitAlu(operation, wide, a, b, test);
            if (r is null) return;
            Load(r);
            StoreReg(_ins.Reg, wide);
        }
        else
        {
            Operand? at = ReadRm(wide);
            Store(a);
            LoadReg(_ins.Reg, wide);
            Store(b);
            LocalBuilder? r = EmitAlu(operation, wide, a, b, test);
            if (r is not null) WriteRm(at, r, wide);
        }
    }

    /// <summary>
    /// One of the eight ALU operations on a and b, leaving the flags lazily; returns the masked
    /// result to write back, or null for CMP and TEST.
    /// </summary>
    private LocalBuilder? EmitAlu(int operation, bool wide, LocalBuilder a, LocalBuilder b, bool test = false)
    {
        LocalBuilder r = _ccR;
        int mask = wide ? 0xFFFF : 0xFF;
        FlagKind kind;
        switch (operation)
        {
            case 0: case 2:
                Load(a);
                Load(b);
                Emit(OpCodes.Add);
                if (operation == 2)
                {
                    EmitCarryOfState();
                    Emit(OpCodes.Add);
                }
                kind = wide ? FlagKind.Add16 : FlagKind.Add8;
                break;
            case 3: case 5: case 7:
                Load(a);
                Load(b);
                Emit(OpCodes.Sub);
                if (operation == 3)
                {
                    EmitCarryOfState();
                    Emit(OpCodes.Sub);
                }
                kind = operation == 3 ? wide ? FlagKind.Sub16 : FlagKind.Sub8 : wide ? FlagKind.Cmp16 : FlagKind.Cmp8;
                break;
            default:
                Load(a);
                Load(b);
                Emit(operation switch { 1 => OpCodes.Or, 6 => OpCodes.Xor, _ => OpCodes.And });
                kind = wide ? FlagKind.Logic16 : FlagKind.Logic8;
                break;
        }
        Store(r);
        bool logic = kind is FlagKind.Logic8 or FlagKind.Logic16;
        SetLazy(kind, logic ? null : a, logic ? null : b, r);
        if (operation == 7 || test) return null;
        if (logic) return r;
        LocalBuilder result = Temp();
        Load(r);
        Const(mask);
        Emit(OpCodes.And);
        Store(result);
        return result;
    }

    /// <summary>INC and DEC keep CF: it goes into the held FLAGS before the new kind replaces the old.</summary>
    private void KeepCarry()
    {
        if ((FlagKind)State is FlagKind.None or FlagKind.Inc8 or FlagKind.Inc16 or FlagKind.Dec8 or FlagKind.Dec16) return;
        Load(_fl);
        Const(~CF);
        Emit(OpCodes.And);
        EmitCarryOfState();
        Emit(OpCodes.Or);
        Store(_fl);
    }

    /// <summary>Writes <paramref name="value"/> to the r/m operand, which the instruction does not read (MOV, POP).</summary>
    private void EmitWriteRmOnly(LocalBuilder value, bool wide)
    {
        if (!_ins.IsMemory)
        {
            Load(value);
            StoreReg(_ins.Rm, wide);
            return;
        }
        Operand at = ModRmOperand();
        if (wide) CheckWordWrite(at);
        Write(at, value, wide);
    }

    private void EmitIncDecRm(bool wide)
    {
        bool increment = _ins.Reg == 0;
        LocalBuilder a = _ccA, r = _ccR, result = Temp();
        KeepCarry();
        Operand? at = ReadRm(wide);
        Store(a);
        Load(a);
        Const(1);
        Emit(increment ? OpCodes.Add : OpCodes.Sub);
        Store(r);
        FlagKind kind = increment ? wide ? FlagKind.Inc16 : FlagKind.Inc8 : wide ? FlagKind.Dec16 : FlagKind.Dec8;
        SetLazyConstB(kind, a, 1, r);
        Load(r);
        Const(wide ? 0xFFFF : 0xFF);
        Emit(OpCodes.And);
        Store(result);
        WriteRm(at, result, wide);
    }

    /// <summary>The string instructions without REP (with REP they are the interpreter's).</summary>
    private void EmitString(int op)
    {
        bool wide = (op & 1) != 0;
        int size = wide ? 2 : 1;
        LocalBuilder step = Temp();
        // +size, or -size when DF is set
        Const(size);
        Load(_fl);
        Const(wide ? 8 : 9);
        Emit(OpCodes.Shr);
        Const(wide ? 4 : 2);
        Emit(OpCodes.And);
        Emit(OpCodes.Sub);
        Store(step);

        void Advance(int register)
        {
            LoadReg16(register);
            Load(step);
            Emit(OpCodes.Add);
            Const(0xFFFF);
            Emit(OpCodes.And);
            StoreReg16(register);
        }

        LocalBuilder v = Temp();
        switch (op & 0xFE)
        {
            case 0xA4: // MOVS
                {
                    Operand destination = RegisterOperand(ES, DI);
                    if (wide) CheckWordWrite(destination);
                    Read(RegisterOperand(DataSegment, SI), wide);
                    Store(v);
                    Advance(SI);
                    Advance(DI);
                    Write(destination, v, wide);
                    break;
                }
            case 0xA6: // CMPS
                {
                    LocalBuilder b = Temp();
                    Read(RegisterOperand(DataSegment, SI), wide);
                    Store(v);
                    Read(RegisterOperand(ES, DI), wide);
                    Store(b);
                    EmitCompareOnly(v, b, wide);
                    Advance(SI);
                    Advance(DI);
                    break;
                }
            case 0xAA: // STOS
                {
                    Operand destination = RegisterOperand(ES, DI);
                    if (wide) CheckWordWrite(destination);
                    LoadReg(AX, wide);
                    Store(v);
                    Advance(DI);
                    Write(destination, v, wide);
                    break;
                }
            case 0xAC: // LODS
                Read(RegisterOperand(DataSegment, SI), wide);
                StoreReg(AX, wide);
                Advance(SI);
                break;
            default: // SCAS
                {
                    LocalBuilder b = Temp();
                    Read(RegisterOperand(ES, DI), wide);
                    Store(b);
                    LoadReg(AX, wide);
                    Store(v);
                    EmitCompareOnly(v, b, wide);
                    Advance(DI);
                    break;
                }
        }
    }

    /// <summary>The operand at a segment and the offset a register holds now (copied: the register may move on before the access).</summary>
    private Operand RegisterOperand(int segment, int register)
    {
        LoadReg16(register);
        return OperandAtStackOffset(segment);
    }

    private void EmitCompareOnly(LocalBuilder a, LocalBuilder b, bool wide) => EmitAlu(7, wide, a, b);

    /// <summary>RET and RET imm16: pops IP, releases the bytes, and goes on inside the region where it can.</summary>
    private void EmitReturn(int release)
    {
        LocalBuilder target = Temp();
        Pop();
        Store(target);
        if (release != 0)
        {
            LoadReg16(SP);
            Const(release);
            Emit(OpCodes.Add);
            Const(0xFFFF);
            Emit(OpCodes.And);
            StoreReg16(SP);
        }
        EmitIndirectJump(target);
    }

    /// <summary>Goes to the IP in <paramref name="target"/>: to an entry of the region when it is one the planner listed, else out.</summary>
    private void EmitIndirectJump(LocalBuilder target)
    {
        foreach (int j in _plan.IndirectTargets[_index])
        {
            Load(target);
            Const(_plan.Instructions[j].Ip);
            Emit(OpCodes.Beq, _entryLabels[_plan.EntryNumber[j]]);
        }
        Emit(OpCodes.Br, ExitAfterTo(target, ExitCode.Jump));
    }

    /// <summary>Shifts and rotates by a count known here (1, or the 286's imm8 masked to 5 bits).</summary>
    private void EmitShift(bool wide, int count)
    {
        int operation = _ins.Reg;
        int width = wide ? 16 : 8, mask = wide ? 0xFFFF : 0xFF;
        // SHL, SHR and SAR compute in the lazy locals; rotates make FLAGS whole from them first.
        LocalBuilder v = operation <= 3 ? Temp() : _ccA, r = operation <= 3 ? Temp() : _ccR;
        Operand? at = ReadRm(wide);
        if (count == 0)
        {
            Emit(OpCodes.Pop); // the operand is read (it may fault) and nothing changes
            return;
        }
        Store(v);
        if (operation <= 3)
        {
            MaterializeInPlace();
            Const(operation);
            Const(width);
            Load(v);
            Const(count);
            _il.Emit(OpCodes.Ldloca, _fl);
            Emit(OpCodes.Call, Method(typeof(ShiftOps), nameof(ShiftOps.Shift)));
            Store(r);
            WriteRm(at, r, wide);
            return;
        }
        FlagKind kind;
        switch (operation)
        {
            case 4: case 6:
                if (count >= width) Const(0);
                else
                {
                    Load(v);
                    Const(count);
                    Emit(OpCodes.Shl);
                    Const(mask);
                    Emit(OpCodes.And);
                }
                kind = wide ? FlagKind.Shl16 : FlagKind.Shl8;
                break;
            case 5:
                if (count >= width) Const(0);
                else
                {
                    Load(v);
                    Const(count);
                    Emit(OpCodes.Shr_Un);
                }
                kind = wide ? FlagKind.Shr16 : FlagKind.Shr8;
                break;
            default:
                Load(v);
                Emit(wide ? OpCodes.Conv_I2 : OpCodes.Conv_I1);
                Const(count >= width ? width - 1 : count);
                Emit(OpCodes.Shr);
                Const(mask);
                Emit(OpCodes.And);
                kind = wide ? FlagKind.Sar16 : FlagKind.Sar8;
                break;
        }
        Store(r);
        SetLazyConstB(kind, v, count, r);
        WriteRm(at, r, wide);
    }

    /// <summary>Shifts and rotates by CL: FLAGS made whole and computed at once; a count of 0 changes nothing, memory included.</summary>
    private void EmitShiftByCl(bool wide)
    {
        LocalBuilder v = Temp(), count = Temp(), r = Temp();
        Operand? at = ReadRm(wide);
        Store(v);
        MaterializeInPlace();
        LoadReg8(CX);
        if (_is286)
        {
            Const(0x1F);
            Emit(OpCodes.And);
        }
        Store(count);
        Const(_ins.Reg);
        Const(wide ? 16 : 8);
        Load(v);
        Load(count);
        _il.Emit(OpCodes.Ldloca, _fl);
        Emit(OpCodes.Call, Method(typeof(ShiftOps), nameof(ShiftOps.Shift)));
        Store(r);
        Label done = _il.DefineLabel();
        Load(count);
        Emit(OpCodes.Brfalse, done);
        WriteRm(at, r, wide);
        Mark(done);
    }

    /// <summary>F6h/F7h: TEST NOT NEG MUL IMUL DIV IDIV. A divide error leaves for the interpreter, which raises it.</summary>
    private void EmitGroup3(bool wide)
    {
        int mask = wide ? 0xFFFF : 0xFF;
        LocalBuilder v = Temp();
        Operand? at = ReadRm(wide);
        Store(v);
        switch (_ins.Reg)
        {
            case 0: case 1:
                {
                    LocalBuilder b = Temp();
                    Const(_ins.Immediate);
                    Store(b);
                    EmitAlu(4, wide, v, b, test: true);
                    return;
                }
            case 2:
                {
                    LocalBuilder r = Temp();
                    Load(v);
                    Emit(OpCodes.Not);
                    Const(mask);
                    Emit(OpCodes.And);
                    Store(r);
                    WriteRm(at, r, wide);
                    return;
                }
            case 3:
                {
                    LocalBuilder zero = Temp(), r = Temp(), result = Temp();
                    Const(0);
                    Store(zero);
                    Const(0);
                    Load(v);
                    Emit(OpCodes.Sub);
                    Store(r);
                    SetLazy(wide ? FlagKind.Cmp16 : FlagKind.Cmp8, zero, v, r);
                    Load(r);
                    Const(mask);
                    Emit(OpCodes.And);
                    Store(result);
                    WriteRm(at, result, wide);
                    return;
                }
            case 4: case 5:
                {
                    bool signed = _ins.Reg == 5;
                    LocalBuilder r = Temp();
                    LoadReg(AX, wide);
                    if (signed) Emit(wide ? OpCodes.Conv_I2 : OpCodes.Conv_I1);
                    Load(v);
                    if (signed) Emit(wide ? OpCodes.Conv_I2 : OpCodes.Conv_I1);
                    Emit(OpCodes.Mul);
                    Store(r);
                    Load(r);
                    Const(0xFFFF);
                    Emit(OpCodes.And);
                    StoreReg16(AX);
                    if (wide)
                    {
                        Load(r);
                        Const(16);
                        Emit(OpCodes.Shr_Un);
                        Const(0xFFFF);
                        Emit(OpCodes.And);
                        StoreReg16(DX);
                    }
                    SetMultiplyLazy(r, wide, signed);
                    return;
                }
            default:
                EmitDivide(wide, signed: _ins.Reg == 7, v);
                return;
        }
    }

    /// <summary>MUL/IMUL flags: r holds the whole product; the low half and whether the upper half matters are kept.</summary>
    private void SetMultiplyLazy(LocalBuilder product, bool wide, bool signed)
    {
        Const((int)(wide ? FlagKind.Mul16 : FlagKind.Mul8));
        Store(_ccOp);
        Load(product);
        Const(wide ? 0xFFFF : 0xFF);
        Emit(OpCodes.And);
        Store(_ccR);
        if (signed)
        {
            // the upper half matters when the product is not the sign extension of its low half
            Load(product);
            Load(product);
            Emit(wide ? OpCodes.Conv_I2 : OpCodes.Conv_I1);
            Emit(OpCodes.Ceq);
            Const(0);
            Emit(OpCodes.Ceq);
        }
        else
        {
            Load(product);
            if (wide)
            {
                Const(16);
                Emit(OpCodes.Shr_Un);
            }
            else
            {
                Const(0xFF00);
                Emit(OpCodes.And);
            }
            Const(0);
            Emit(OpCodes.Cgt_Un);
        }
        Store(_ccA);
    }

    private void EmitDivide(bool wide, bool signed, LocalBuilder operand)
    {
        Label fault = ExitBefore();
        LocalBuilder dividend = Temp(), divisor = Temp(), q = Temp(), rest = Temp();
        if (wide)
        {
            LoadReg16(DX);
            Const(16);
            Emit(OpCodes.Shl);
            LoadReg16(AX);
            Emit(OpCodes.Or);
        }
        else
        {
            LoadReg16(AX);
            if (signed) Emit(OpCodes.Conv_I2);
        }
        Store(dividend);
        Load(operand);
        if (signed) Emit(wide ? OpCodes.Conv_I2 : OpCodes.Conv_I1);
        Store(divisor);
        Load(divisor);
        Emit(OpCodes.Brfalse, fault);
        if (signed && wide)
        {
            // int.MinValue / -1 does not fit (and would throw here): a divide error on the CPU too
            Label fits = _il.DefineLabel();
            Load(divisor);
            Const(-1);
            Emit(OpCodes.Bne_Un, fits);
            Load(dividend);
            Const(int.MinValue);
            Emit(OpCodes.Beq, fault);
            Mark(fits);
        }
        Load(dividend);
        Load(divisor);
        Emit(signed ? OpCodes.Div : OpCodes.Div_Un);
        Store(q);
        // The remainder from the quotient: RyuJIT divides twice for a division and a remainder of
        // the same operands (20-40 cycles each), a multiply is 3.
        Load(dividend);
        Load(q);
        Load(divisor);
        Emit(OpCodes.Mul);
        Emit(OpCodes.Sub);
        Store(rest);
        if (signed)
        {
            int top = wide ? 0x7FFF : 0x7F;
            int bottom = _is286 ? -top - 1 : -top;
            Load(q);
            Const(top);
            Emit(OpCodes.Bgt, fault);
            Load(q);
            Const(bottom);
            Emit(OpCodes.Blt, fault);
        }
        else
        {
            Load(q);
            Const(wide ? 0xFFFF : 0xFF);
            Emit(OpCodes.Bgt_Un, fault);
        }
        if (wide)
        {
            Load(q);
            Const(0xFFFF);
            Emit(OpCodes.And);
            StoreReg16(AX);
            Load(rest);
            Const(0xFFFF);
            Emit(OpCodes.And);
            StoreReg16(DX);
        }
        else
        {
            Load(q);
            Const(0xFF);
            Emit(OpCodes.And);
            Load(rest);
            Const(0xFF);
            Emit(OpCodes.And);
            Const(8);
            Emit(OpCodes.Shl);
            Emit(OpCodes.Or);
            StoreReg16(AX);
        }
    }

    /// <summary>FFh: INC DEC CALL JMP PUSH (the far forms are the interpreter's).</summary>
    private void EmitGroup5()
    {
        switch (_ins.Reg)
        {
            case 0: case 1:
                EmitIncDecRm(wide: true);
                return;
            case 2: case 4:
                {
                    LocalBuilder target = Temp();
                    ReadRm(wide: true);
                    Store(target);
                    if (_ins.Reg == 2)
                    {
                        LocalBuilder ret = Temp();
                        Const(_ins.NextIp);
                        Store(ret);
                        Push(ret, ExitAfterTo(target, ExitCode.Leave));
                    }
                    EmitIndirectJump(target);
                    return;
                }
            default:
                {
                    LocalBuilder v = Temp();
                    ReadRm(wide: true);
                    if (!_is286 && (_ins.ModRm & 0xC7) == 0xC4)
                    {
                        // PUSH SP through FF /6 (and /7): the 8086 pushes the decremented SP
                        Const(2);
                        Emit(OpCodes.Sub);
                        Const(0xFFFF);
                        Emit(OpCodes.And);
                    }
                    Store(v);
                    Push(v);
                    return;
                }
        }
    }

    /// <summary>
    /// IN and OUT: the state is written back first (registers, FLAGS, IP, the count including this
    /// instruction), so the device and the monitor see exactly what the interpreter would show; after
    /// the access the region leaves if an event is pending or code was written.
    /// </summary>
    private void EmitPortAccess(int op, int? portRegister)
    {
        bool wide = (op & 1) != 0, input = (op & 2) == 0;
        LocalBuilder value = Temp();
        EmitSpill();
        Emit(OpCodes.Ldarg_1);
        Const(_ins.NextIp);
        Emit(OpCodes.Stfld, Field(nameof(JitFrame.Ip)));
        Emit(OpCodes.Ldarg_1);
        Const(_ins.Ip);
        Emit(OpCodes.Stfld, Field(nameof(JitFrame.InstructionStart)));
        Emit(OpCodes.Ldarg_1);
        Load(_rem);
        Emit(OpCodes.Ldc_I8, (long)(_blockLength - _position - 1));
        Emit(OpCodes.Add);
        Emit(OpCodes.Stfld, Field(nameof(JitFrame.Remaining)));

        Emit(OpCodes.Ldarg_0);
        if (portRegister is { } register) LoadReg16(register);
        else Const(_ins.Immediate);
        if (input)
        {
            Emit(OpCodes.Call, Method(typeof(TranslatedCode), wide ? nameof(TranslatedCode.In16) : nameof(TranslatedCode.In8)));
            Store(value);
            Load(value);
            Const(wide ? 0xFFFF : 0xFF);
            Emit(OpCodes.And);
            StoreReg(AX, wide);
            Load(value);
            Const(16);
            Emit(OpCodes.Shr_Un);
            Emit(OpCodes.Brtrue, ExitAfter());
        }
        else
        {
            LoadReg(AX, wide);
            Emit(OpCodes.Call, Method(typeof(TranslatedCode), wide ? nameof(TranslatedCode.Out16) : nameof(TranslatedCode.Out8)));
            Emit(OpCodes.Brtrue, ExitAfter());
        }
    }
}
