using Iced.Intel;
using static Iced.Intel.Register;

namespace Concord.Engines.Tests.I386.Differential;

/// <summary>
/// Builds a <see cref="DiffCase"/> from random numbers (CsCheck's, so a failure has a seed and
/// shrinks toward small numbers: simple instructions, small values). The instructions are the
/// 386's integer set: ALU, shifts and rotates (double ones too), multiply and divide, bit tests
/// and scans, extensions, BCD, SETcc and Jcc, stack, LEA, string instructions with REP; memory
/// operands stay in the 32-byte data area. It tracks which flags each instruction leaves
/// undefined (Intel's manuals); before an instruction reads one, it defines them all with
/// CMP EAX,EAX, so that no undefined value reaches a register.
/// </summary>
internal sealed class CaseBuilder(uint[] entropy, bool code32)
{
    private const uint CF = 0x001, PF = 0x004, AF = 0x010, ZF = 0x040, SF = 0x080, OF = 0x800;
    private const uint Arith = CF | PF | AF | ZF | SF | OF;
    private const uint Szp = SF | ZF | PF;
    private const int DataSize = 32;

    private static readonly Register[] Regs8 = [AL, CL, DL, BL, AH, CH, DH, BH];
    private static readonly Register[] Regs16 = [AX, CX, DX, BX, BP, SI, DI];
    private static readonly Register[] Regs32 = [EAX, ECX, EDX, EBX, EBP, ESI, EDI];
    private static readonly uint[] Interesting = [0, 1, 2, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF];

    private readonly List<byte> _code = [];
    private readonly List<string> _listing = [];
    private int _next;
    private uint _undefined;
    private uint _everUndefined; // what a fault in the middle may leave

    private uint Take() => entropy.Length == 0 ? 0 : entropy[_next++ % entropy.Length];

    private int Pick(int n) => (int)(Take() % (uint)n);

    private bool Chance(int percent) => Pick(100) < percent;

    /// <summary>A value: often an edge (0, 1, sign boundaries, all ones), else random.</summary>
    private uint Value() => Chance(40) ? Interesting[Pick(Interesting.Length)] + (uint)(Pick(3) - 1) : Take();

    public static DiffCase Build(uint[] entropy, bool code32) => new CaseBuilder(entropy, code32).Make();

    private DiffCase Make()
    {
        uint flags = 0x0002 | (Take() & (Arith | 0x400)); // arithmetic flags and DF; never TF or IF
        var registers = new uint[8];
        for (int i = 0; i < 8; i++) registers[i] = i == 4 ? 0 : Value();
        var data = new byte[DataSize];
        for (int i = 0; i < DataSize; i += 4) BitConverter.GetBytes(Value()).CopyTo(data, i);
        int count = 1 + Pick(6);
        for (int i = 0; i < count; i++) Step();
        Emit(Instruction.Create(Code.Int_imm8, 0x30));
        return new DiffCase
        {
            Code = [.. _code],
            Code32 = code32,
            Flags = flags,
            Registers = registers,
            Data = data,
            UndefinedFlags = _undefined,
            EverUndefinedFlags = _everUndefined,
            Listing = _listing,
        };
    }

    // ---- emitting ----

    private byte[] Encode(in Instruction instruction)
    {
        var writer = new BufferWriter();
        var encoder = Encoder.Create(code32 ? 32 : 16, writer);
        encoder.Encode(instruction, 0);
        return [.. writer.Bytes];
    }

    private void Emit(in Instruction instruction)
    {
        _code.AddRange(Encode(instruction));
        _listing.Add(instruction.ToString());
    }

    /// <summary>Defines <paramref name="defined"/>, leaves <paramref name="undefined"/> undefined, keeps the others.</summary>
    private void Flags(uint defined, uint undefined)
    {
        _undefined = (_undefined & ~defined) | undefined;
        _everUndefined |= undefined;
    }

    /// <summary>Before an instruction that reads <paramref name="read"/>: make them defined.</summary>
    private void Needs(uint read)
    {
        if ((_undefined & read) == 0) return;
        Emit(Instruction.Create(Code.Cmp_rm32_r32, EAX, EAX));
        _undefined = 0;
    }

    private void SetRegister(Register r, uint value) => Emit(Instruction.Create(MovImm(r), r, value));

    private static Code MovImm(Register r) => r.GetSize() switch
    {
        1 => Code.Mov_r8_imm8,
        2 => Code.Mov_r16_imm16,
        _ => Code.Mov_r32_imm32,
    };

    /// <summary>A memory operand of <paramref name="size"/> bytes inside the data area, with the moves that set its registers.</summary>
    /// <param name="keepCx">The instruction counts with CL: the address may not use (E)CX.</param>
    private MemoryOperand Memory(int size, bool keepCx = false)
    {
        uint offset = (uint)Pick(DataSize - size + 1);
        bool address32 = code32 ? !Chance(20) : Chance(20);
        if (!address32)
        {
            (Register Base, Register Index)[] forms = [(BX, SI), (BX, DI), (SI, None), (DI, None), (BX, None), (None, None)];
            var (b, x) = forms[Pick(forms.Length)];
            int disp = Pick(3) switch { 0 => 0, 1 => Pick(8) - 4, _ => Pick(300) - 150 };
            if (b == None && x == None) return new MemoryOperand(None, None, 1, (long)offset, 2);
            uint rest = (uint)((int)offset - disp) & 0xFFFF;
            uint first = b != None && x != None ? (uint)Pick(0x10000) : rest;
            if (b != None) SetRegister(b, x != None ? first : rest);
            if (x != None) SetRegister(x, (rest - first) & 0xFFFF);
            return new MemoryOperand(b, x, 1, disp, disp == 0 ? 0 : (disp is >= -128 and <= 127 ? 1 : 2));
        }
        Register[] usable = keepCx ? [EAX, EDX, EBX, ESI, EDI] : [EAX, ECX, EDX, EBX, ESI, EDI];
        int form = Pick(4);
        Register baseReg = form is 0 or 1 ? usable[Pick(usable.Length)] : None;
        Register index = form is 0 or 2 ? usable[Pick(usable.Length)] : None;
        if (index == baseReg && index != None) index = None;
        int scale = index != None ? 1 << Pick(4) : 1;
        int displacement = Pick(2) == 0 ? 0 : (int)Take();
        // base + index * scale + displacement = offset (mod 2^32)
        uint indexValue = index != None ? (uint)Pick(64) : 0;
        uint baseValue = baseReg != None ? offset - (uint)displacement - indexValue * (uint)scale : 0;
        if (baseReg == None) displacement = (int)(offset - indexValue * (uint)scale);
        if (baseReg != None) SetRegister(baseReg, baseValue);
        if (index != None) SetRegister(index, indexValue);
        return new MemoryOperand(baseReg, index, scale, displacement, baseReg == None && index == None ? 4 : displacement == 0 ? 0 : 4);
    }

    // ---- one instruction of a random kind ----

    private void Step()
    {
        switch (Pick(17))
        {
            case 0: case 1: case 2: Alu(); break;
            case 3: Unary(); break;
            case 4: case 5: Shift(); break;
            case 6: DoubleShift(); break;
            case 7: MultiplyDivide(); break;
            case 8: BitTestScan(); break;
            case 9: Extend(); break;
            case 10: Bcd(); break;
            case 11: Conditional(); break;
            case 12: Stack(); break;
            case 13: Lea(); break;
            case 14: Strings(); break;
            case 15: FlagOps(); break;
            default: Moves(); break;
        }
    }

    private int Size() => Pick(3) switch { 0 => 1, 1 => 2, _ => 4 };

    private Register Reg(int size) => size switch
    {
        1 => Regs8[Pick(8)],
        2 => Regs16[Pick(Regs16.Length)],
        _ => Regs32[Pick(Regs32.Length)],
    };

    /// <summary>A register, or memory a third of the time: as an Iced operand builder.</summary>
    private bool RmIsMemory() => Chance(35);

    private static Code Pick3(int size, Code b, Code w, Code d) => size == 1 ? b : size == 2 ? w : d;

    private static readonly string[] AluNames = ["Add", "Or", "Adc", "Sbb", "And", "Sub", "Xor", "Cmp"];
    private static readonly string[] ShiftNames = ["Rol", "Ror", "Rcl", "Rcr", "Shl", "Shr", "Sal", "Sar"];

    /// <summary>An Iced opcode by its name, e.g. <c>Add_rm16_imm8</c>.</summary>
    private static Code CodeOf(string name) => Enum.Parse<Code>(name);

    private void Alu()
    {
        int op = Pick(8); // ADD OR ADC SBB AND SUB XOR CMP
        if (op is 2 or 3) Needs(CF);
        int size = Size();
        int form = Pick(5);
        string name = AluNames[op];
        int bits = size * 8;
        uint mask = size == 1 ? 0xFFu : size == 2 ? 0xFFFFu : 0xFFFF_FFFFu;
        switch (form)
        {
            case 0:
                {
                    Code code = CodeOf($"{name}_rm{bits}_r{bits}");
                    Emit(RmIsMemory() ? Instruction.Create(code, Memory(size), Reg(size)) : Instruction.Create(code, Reg(size), Reg(size)));
                    break;
                }
            case 1:
                {
                    Code code = CodeOf($"{name}_r{bits}_rm{bits}");
                    Emit(RmIsMemory() ? Instruction.Create(code, Reg(size), Memory(size)) : Instruction.Create(code, Reg(size), Reg(size)));
                    break;
                }
            case 2:
                {
                    Code code = CodeOf($"{name}_rm{bits}_imm{bits}");
                    Emit(RmIsMemory() ? Instruction.Create(code, Memory(size), Value() & mask) : Instruction.Create(code, Reg(size), Value() & mask));
                    break;
                }
            case 3 when size > 1:
                {
                    Code code = CodeOf($"{name}_rm{bits}_imm8");
                    int imm = (sbyte)Value();
                    Emit(RmIsMemory() ? Instruction.Create(code, Memory(size), imm) : Instruction.Create(code, Reg(size), imm));
                    break;
                }
            default:
                {
                    Register accumulator = size == 1 ? AL : size == 2 ? AX : EAX;
                    Emit(Instruction.Create(CodeOf($"{name}_{accumulator}_imm{bits}"), accumulator, Value() & mask));
                    break;
                }
        }
        if (op is 1 or 4 or 6) Flags(CF | OF | Szp, AF); // logic: AF undefined
        else Flags(Arith, 0);
    }

    private void Unary()
    {
        int size = Size();
        int op = Pick(5); // INC DEC NEG NOT TEST-imm
        Code code = op switch
        {
            0 => Pick3(size, Code.Inc_rm8, Code.Inc_rm16, Code.Inc_rm32),
            1 => Pick3(size, Code.Dec_rm8, Code.Dec_rm16, Code.Dec_rm32),
            2 => Pick3(size, Code.Neg_rm8, Code.Neg_rm16, Code.Neg_rm32),
            3 => Pick3(size, Code.Not_rm8, Code.Not_rm16, Code.Not_rm32),
            _ => Pick3(size, Code.Test_rm8_imm8, Code.Test_rm16_imm16, Code.Test_rm32_imm32),
        };
        uint mask = size == 1 ? 0xFFu : size == 2 ? 0xFFFFu : 0xFFFF_FFFFu;
        if (op == 4)
        {
            Emit(RmIsMemory() ? Instruction.Create(code, Memory(size), Value() & mask) : Instruction.Create(code, Reg(size), Value() & mask));
            Flags(CF | OF | Szp, AF);
            return;
        }
        Emit(RmIsMemory() ? Instruction.Create(code, Memory(size)) : Instruction.Create(code, Reg(size)));
        if (op < 2) Flags(OF | Szp | AF, 0);
        else if (op == 2) Flags(Arith, 0);
    }

    private void Shift()
    {
        int size = Size();
        int width = size * 8;
        int op = Pick(8); // ROL ROR RCL RCR SHL SHR SAL SAR
        int form = Pick(3); // by 1, by CL, by imm8
        int count = form == 0 ? 1 : Pick(3) == 0 ? Pick(32) : Pick(width + 2);
        if (op is 2 or 3) Needs(CF);
        string shape = $"{ShiftNames[op]}_rm{width}";
        bool memory = RmIsMemory();
        Register dest = memory ? None : Reg(size);
        if (form == 1 && dest.GetFullRegister32() == ECX) dest = size == 1 ? DL : size == 2 ? DX : EDX;
        MemoryOperand m = memory ? Memory(size, keepCx: form == 1) : default;
        if (form == 1) SetRegister(CL, (uint)count | (Take() & 0xE0)); // bits 5-7 of CL: masked away by the 386
        Instruction i = form switch
        {
            0 => memory ? Instruction.Create(CodeOf(shape + "_1"), m, 1) : Instruction.Create(CodeOf(shape + "_1"), dest, 1),
            1 => memory ? Instruction.Create(CodeOf(shape + "_CL"), m, CL) : Instruction.Create(CodeOf(shape + "_CL"), dest, CL),
            _ => memory ? Instruction.Create(CodeOf(shape + "_imm8"), m, count) : Instruction.Create(CodeOf(shape + "_imm8"), dest, count),
        };
        Emit(i);
        int c = count & 31;
        if (c == 0) return;
        bool rotate = op < 4;
        uint undefined = c > 1 ? OF : 0;
        if (!rotate)
        {
            undefined |= AF;
            if (c >= width && op != 7) undefined |= CF | OF; // SHL/SHR past the width
            if (c >= width && op == 7) undefined |= OF;
            Flags(Arith & ~undefined, undefined);
        }
        else Flags((CF | OF) & ~undefined, undefined);
    }

    private void DoubleShift()
    {
        int size = Pick(2) == 0 ? 2 : 4;
        bool left = Pick(2) == 0;
        bool byCl = Pick(2) == 0;
        int count = size == 2 ? Pick(16) : Pick(32); // a word shifted by more than 15 is undefined
        Code code = (left, byCl, size) switch
        {
            (true, false, 2) => Code.Shld_rm16_r16_imm8,
            (true, true, 2) => Code.Shld_rm16_r16_CL,
            (true, false, _) => Code.Shld_rm32_r32_imm8,
            (true, true, _) => Code.Shld_rm32_r32_CL,
            (false, false, 2) => Code.Shrd_rm16_r16_imm8,
            (false, true, 2) => Code.Shrd_rm16_r16_CL,
            (false, false, _) => Code.Shrd_rm32_r32_imm8,
            _ => Code.Shrd_rm32_r32_CL,
        };
        Register src = Reg(size);
        bool memory = RmIsMemory();
        MemoryOperand m = memory ? Memory(size, keepCx: byCl) : default;
        Register dest = memory ? None : Reg(size);
        if (byCl && dest.GetFullRegister32() == ECX) dest = size == 2 ? DX : EDX;
        if (byCl) SetRegister(CL, (uint)count);
        Instruction i = byCl
            ? memory ? Instruction.Create(code, m, src, CL) : Instruction.Create(code, dest, src, CL)
            : memory ? Instruction.Create(code, m, src, count) : Instruction.Create(code, dest, src, count);
        Emit(i);
        if (count == 0) return;
        uint undefined = AF | (count > 1 ? OF : 0);
        Flags(Arith & ~undefined, undefined);
    }

    private void MultiplyDivide()
    {
        int size = Size();
        int op = Pick(6); // MUL IMUL DIV IDIV, IMUL r,rm, IMUL r,rm,imm
        if (op >= 4 && size == 1) size = 2;
        bool memory = RmIsMemory();
        switch (op)
        {
            case < 4:
                {
                    Code code = op switch
                    {
                        0 => Pick3(size, Code.Mul_rm8, Code.Mul_rm16, Code.Mul_rm32),
                        1 => Pick3(size, Code.Imul_rm8, Code.Imul_rm16, Code.Imul_rm32),
                        2 => Pick3(size, Code.Div_rm8, Code.Div_rm16, Code.Div_rm32),
                        _ => Pick3(size, Code.Idiv_rm8, Code.Idiv_rm16, Code.Idiv_rm32),
                    };
                    Emit(memory ? Instruction.Create(code, Memory(size)) : Instruction.Create(code, Reg(size)));
                    if (op < 2) Flags(CF | OF, Szp | AF);
                    else Flags(0, Arith);
                    break;
                }
            case 4:
                {
                    Code code = size == 2 ? Code.Imul_r16_rm16 : Code.Imul_r32_rm32;
                    Emit(memory ? Instruction.Create(code, Reg(size), Memory(size)) : Instruction.Create(code, Reg(size), Reg(size)));
                    Flags(CF | OF, Szp | AF);
                    break;
                }
            default:
                {
                    bool imm8 = Pick(2) == 0;
                    Code code = (size, imm8) switch
                    {
                        (2, true) => Code.Imul_r16_rm16_imm8,
                        (2, false) => Code.Imul_r16_rm16_imm16,
                        (_, true) => Code.Imul_r32_rm32_imm8,
                        _ => Code.Imul_r32_rm32_imm32,
                    };
                    int imm = imm8 ? (sbyte)Value() : size == 2 ? (short)Value() : (int)Value();
                    Emit(memory ? Instruction.Create(code, Reg(size), Memory(size), imm) : Instruction.Create(code, Reg(size), Reg(size), imm));
                    Flags(CF | OF, Szp | AF);
                    break;
                }
        }
    }

    private void BitTestScan()
    {
        int size = Pick(2) == 0 ? 2 : 4;
        int op = Pick(6); // BT BTS BTR BTC BSF BSR
        bool memory = RmIsMemory();
        if (op >= 4)
        {
            Code scan = (op, size) switch
            {
                (4, 2) => Code.Bsf_r16_rm16,
                (4, _) => Code.Bsf_r32_rm32,
                (_, 2) => Code.Bsr_r16_rm16,
                _ => Code.Bsr_r32_rm32,
            };
            Emit(memory ? Instruction.Create(scan, Reg(size), Memory(size)) : Instruction.Create(scan, Reg(size), Reg(size)));
            Flags(ZF, CF | OF | SF | AF | PF);
            return;
        }
        bool immediate = Pick(2) == 0;
        Code[] byReg = size == 2 ? [Code.Bt_rm16_r16, Code.Bts_rm16_r16, Code.Btr_rm16_r16, Code.Btc_rm16_r16]
                                 : [Code.Bt_rm32_r32, Code.Bts_rm32_r32, Code.Btr_rm32_r32, Code.Btc_rm32_r32];
        Code[] byImm = size == 2 ? [Code.Bt_rm16_imm8, Code.Bts_rm16_imm8, Code.Btr_rm16_imm8, Code.Btc_rm16_imm8]
                                 : [Code.Bt_rm32_imm8, Code.Bts_rm32_imm8, Code.Btr_rm32_imm8, Code.Btc_rm32_imm8];
        if (immediate)
        {
            int bit = Pick(256);
            Emit(memory ? Instruction.Create(byImm[op], Memory(size), bit) : Instruction.Create(byImm[op], Reg(size), bit));
        }
        else if (memory)
        {
            // A register bit offset reaches beyond the operand: keep it inside the data area, in a
            // register the address does not use.
            MemoryOperand m = Memory(size);
            Register full = new[] { EAX, ECX, EDX, EBX, ESI, EDI }.First(r => r != m.Base.GetFullRegister32() && r != m.Index.GetFullRegister32());
            Register offset = size == 2 ? (Register)(full - EAX + AX) : full;
            SetRegister(offset, (uint)Pick(size * 8));
            Emit(Instruction.Create(byReg[op], m, offset));
        }
        else Emit(Instruction.Create(byReg[op], Reg(size), Reg(size)));
        Flags(CF, OF | SF | AF | PF);
    }

    private void Extend()
    {
        switch (Pick(6))
        {
            case 0: Emit(Instruction.Create(Code.Cbw)); break;
            case 1: Emit(Instruction.Create(Code.Cwde)); break;
            case 2: Emit(Instruction.Create(Code.Cwd)); break;
            case 3: Emit(Instruction.Create(Code.Cdq)); break;
            default:
                {
                    bool sign = Pick(2) == 0;
                    int from = Pick(2) == 0 ? 1 : 2;
                    int to = from == 2 ? 4 : Pick(2) == 0 ? 2 : 4;
                    Code code = (sign, from, to) switch
                    {
                        (false, 1, 2) => Code.Movzx_r16_rm8,
                        (false, 1, _) => Code.Movzx_r32_rm8,
                        (false, _, _) => Code.Movzx_r32_rm16,
                        (true, 1, 2) => Code.Movsx_r16_rm8,
                        (true, 1, _) => Code.Movsx_r32_rm8,
                        _ => Code.Movsx_r32_rm16,
                    };
                    Emit(RmIsMemory() ? Instruction.Create(code, Reg(to), Memory(from)) : Instruction.Create(code, Reg(to), Reg(from)));
                    break;
                }
        }
    }

    private void Bcd()
    {
        switch (Pick(6))
        {
            case 0: Needs(CF | AF); Emit(Instruction.Create(Code.Daa)); Flags(CF | AF | Szp, OF); break;
            case 1: Needs(CF | AF); Emit(Instruction.Create(Code.Das)); Flags(CF | AF | Szp, OF); break;
            case 2: Needs(AF); Emit(Instruction.Create(Code.Aaa)); Flags(CF | AF, OF | Szp); break;
            case 3: Needs(AF); Emit(Instruction.Create(Code.Aas)); Flags(CF | AF, OF | Szp); break;
            case 4: Emit(Instruction.Create(Code.Aam_imm8, Pick(4) == 0 ? 10 : Pick(256))); Flags(Szp, CF | OF | AF); break;
            default: Emit(Instruction.Create(Code.Aad_imm8, Pick(4) == 0 ? 10 : Pick(256))); Flags(Szp, CF | OF | AF); break;
        }
    }

    private static uint ConditionFlags(int cc) => (cc >> 1) switch
    {
        0 => OF,
        1 => CF,
        2 => ZF,
        3 => CF | ZF,
        4 => SF,
        5 => PF,
        6 => SF | OF,
        _ => ZF | SF | OF,
    };

    private void Conditional()
    {
        int cc = Pick(16);
        Needs(ConditionFlags(cc));
        if (Pick(2) == 0)
        {
            Code[] setcc =
            [
                Code.Seto_rm8, Code.Setno_rm8, Code.Setb_rm8, Code.Setae_rm8, Code.Sete_rm8, Code.Setne_rm8, Code.Setbe_rm8, Code.Seta_rm8,
                Code.Sets_rm8, Code.Setns_rm8, Code.Setp_rm8, Code.Setnp_rm8, Code.Setl_rm8, Code.Setge_rm8, Code.Setle_rm8, Code.Setg_rm8,
            ];
            Emit(RmIsMemory() ? Instruction.Create(setcc[cc], Memory(1)) : Instruction.Create(setcc[cc], Reg(1)));
            return;
        }
        // Jcc over the next instruction: a short jump by its length, or a near one (0Fh 8xh).
        var skipped = Instruction.Create(Code.Inc_rm32, Regs32[Pick(Regs32.Length)]);
        byte[] body = Encode(skipped);
        if (Pick(2) == 0)
        {
            _code.Add((byte)(0x70 + cc));
            _code.Add((byte)body.Length);
            _listing.Add($"j{cc:X}h short +{body.Length}");
        }
        else
        {
            if (code32 == false) { _code.Add(0x0F); _code.Add((byte)(0x80 + cc)); _code.Add((byte)body.Length); _code.Add(0); }
            else { _code.Add(0x0F); _code.Add((byte)(0x80 + cc)); _code.AddRange(BitConverter.GetBytes(body.Length)); }
            _listing.Add($"j{cc:X}h near +{body.Length}");
        }
        _code.AddRange(body);
        _listing.Add(skipped.ToString());
        // INC sets OF, SF, ZF, AF, PF on one path only: each stays as defined as it was.
    }

    private void Stack()
    {
        bool wide = code32 ? !Chance(20) : Chance(30);
        switch (Pick(4))
        {
            case 0:
                Emit(Instruction.Create(wide ? Code.Push_r32 : Code.Push_r16, wide ? Reg(4) : Reg(2)));
                Emit(Instruction.Create(wide ? Code.Pop_r32 : Code.Pop_r16, wide ? Reg(4) : Reg(2)));
                break;
            case 1:
                Emit(Instruction.Create(wide ? Code.Pushad : Code.Pushaw));
                Emit(Instruction.Create(wide ? Code.Popad : Code.Popaw));
                break;
            case 2:
                Emit(Instruction.Create(wide ? Code.Pushd_imm32 : Code.Push_imm16, Value() & (wide ? 0xFFFF_FFFFu : 0xFFFFu)));
                Emit(Instruction.Create(wide ? Code.Pop_r32 : Code.Pop_r16, wide ? Reg(4) : Reg(2)));
                break;
            default:
                Emit(Instruction.Create(Code.Xchg_rm32_r32, Reg(4), Reg(4)));
                break;
        }
    }

    private void Lea()
    {
        // Any registers: LEA computes the address without touching memory.
        bool address32 = code32 ? !Chance(20) : Chance(40);
        int size = Pick(2) == 0 ? 2 : 4;
        Code code = size == 2 ? Code.Lea_r16_m : Code.Lea_r32_m;
        MemoryOperand m;
        if (!address32)
        {
            (Register, Register)[] forms = [(BX, SI), (BX, DI), (BP, SI), (BP, DI), (SI, None), (DI, None), (BP, None), (BX, None)];
            var (b, x) = forms[Pick(forms.Length)];
            int disp = Pick(3) switch { 0 => 0, 1 => (sbyte)Take(), _ => (short)Take() };
            m = new MemoryOperand(b, x, 1, disp, disp == 0 ? 0 : disp is >= -128 and <= 127 ? 1 : 2);
        }
        else
        {
            Register[] all = [EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI];
            Register b = Pick(5) == 0 ? None : all[Pick(8)];
            Register x = Pick(3) == 0 ? None : all[Pick(8)];
            if (x == ESP) x = None;
            int disp = Pick(3) == 0 ? 0 : (int)Take();
            m = new MemoryOperand(b, x, x == None ? 1 : 1 << Pick(4), disp, b == None && x == None ? 4 : disp == 0 ? 0 : 4);
        }
        Emit(Instruction.Create(code, Reg(size), m));
    }

    private void Strings()
    {
        bool address32 = code32 ? !Chance(20) : Chance(20);
        int size = Size();
        int op = Pick(5); // MOVS STOS LODS CMPS SCAS
        bool rep = Pick(3) != 0;
        uint count = (uint)Pick(5);
        bool backwards = Pick(2) == 0;
        Emit(Instruction.Create(backwards ? Code.Std : Code.Cld));
        // SI and DI inside the data area so that every element of the repeat stays in it.
        uint span = (uint)(size * Math.Max(count, 1));
        uint first = backwards ? span - (uint)size + (uint)Pick(DataSize - (int)span + 1) : (uint)Pick(DataSize - (int)span + 1);
        // With 16-bit addressing the upper halves hold junk: only SI, DI and CX may count.
        SetRegister(ESI, first | (address32 ? 0 : Take() & 0xFFFF_0000));
        SetRegister(EDI, (uint)(backwards ? span - size : 0) + (uint)Pick(DataSize - (int)span + 1));
        if (rep) SetRegister(ECX, count | (address32 ? 0 : Take() & 0xFFFF_0000));
        int addressSize = address32 ? 32 : 16;
        RepPrefixKind kind = !rep ? RepPrefixKind.None : Pick(2) == 0 ? RepPrefixKind.Repe : RepPrefixKind.Repne;
        Instruction i = (op, size) switch
        {
            (0, 1) => Instruction.CreateMovsb(addressSize, Register.None, kind == RepPrefixKind.None ? kind : RepPrefixKind.Repe),
            (0, 2) => Instruction.CreateMovsw(addressSize, Register.None, kind == RepPrefixKind.None ? kind : RepPrefixKind.Repe),
            (0, _) => Instruction.CreateMovsd(addressSize, Register.None, kind == RepPrefixKind.None ? kind : RepPrefixKind.Repe),
            (1, 1) => Instruction.CreateStosb(addressSize, kind == RepPrefixKind.None ? kind : RepPrefixKind.Repe),
            (1, 2) => Instruction.CreateStosw(addressSize, kind == RepPrefixKind.None ? kind : RepPrefixKind.Repe),
            (1, _) => Instruction.CreateStosd(addressSize, kind == RepPrefixKind.None ? kind : RepPrefixKind.Repe),
            (2, 1) => Instruction.CreateLodsb(addressSize, Register.None, RepPrefixKind.None),
            (2, 2) => Instruction.CreateLodsw(addressSize, Register.None, RepPrefixKind.None),
            (2, _) => Instruction.CreateLodsd(addressSize, Register.None, RepPrefixKind.None),
            (3, 1) => Instruction.CreateCmpsb(addressSize, Register.None, kind),
            (3, 2) => Instruction.CreateCmpsw(addressSize, Register.None, kind),
            (3, _) => Instruction.CreateCmpsd(addressSize, Register.None, kind),
            (_, 1) => Instruction.CreateScasb(addressSize, kind),
            (_, 2) => Instruction.CreateScasw(addressSize, kind),
            _ => Instruction.CreateScasd(addressSize, kind),
        };
        Emit(i);
        if (op >= 3 && (!rep || count > 0)) Flags(Arith, 0);
        Emit(Instruction.Create(Code.Cld));
    }

    private void FlagOps()
    {
        switch (Pick(5))
        {
            case 0: Emit(Instruction.Create(Code.Clc)); Flags(CF, 0); break;
            case 1: Emit(Instruction.Create(Code.Stc)); Flags(CF, 0); break;
            case 2: Needs(CF); Emit(Instruction.Create(Code.Cmc)); break;
            case 3: Needs(SF | ZF | AF | PF | CF); Emit(Instruction.Create(Code.Lahf)); break;
            default: Emit(Instruction.Create(Code.Sahf)); Flags(SF | ZF | AF | PF | CF, 0); break;
        }
    }

    private void Moves()
    {
        int size = Size();
        switch (Pick(4))
        {
            case 0: Emit(Instruction.Create(MovImm(Reg(size)), Reg(size), Value() & (size == 1 ? 0xFFu : size == 2 ? 0xFFFFu : 0xFFFF_FFFFu))); break;
            case 1:
                {
                    Code code = Pick3(size, Code.Mov_rm8_r8, Code.Mov_rm16_r16, Code.Mov_rm32_r32);
                    Emit(RmIsMemory() ? Instruction.Create(code, Memory(size), Reg(size)) : Instruction.Create(code, Reg(size), Reg(size)));
                    break;
                }
            case 2:
                {
                    Code code = Pick3(size, Code.Mov_r8_rm8, Code.Mov_r16_rm16, Code.Mov_r32_rm32);
                    Emit(RmIsMemory() ? Instruction.Create(code, Reg(size), Memory(size)) : Instruction.Create(code, Reg(size), Reg(size)));
                    break;
                }
            default:
                {
                    Code code = Pick3(size, Code.Xchg_rm8_r8, Code.Xchg_rm16_r16, Code.Xchg_rm32_r32);
                    Emit(RmIsMemory() ? Instruction.Create(code, Memory(size), Reg(size)) : Instruction.Create(code, Reg(size), Reg(size)));
                    break;
                }
        }
    }

    private sealed class BufferWriter : CodeWriter
    {
        public List<byte> Bytes { get; } = [];
        public override void WriteByte(byte value) => Bytes.Add(value);
    }
}
