using System.Runtime.CompilerServices;
using static Concord.Engines.Interpreter.FlagBits;

namespace Concord.Engines.Interpreter;

/// <summary>Groups 2-5 (shifts and rotates, TEST/NOT/NEG/MUL/DIV, INC/DEC, CALL/JMP/PUSH) and decimal adjust.</summary>
internal sealed unsafe partial class InterpreterCore<TModel>
{
    // D0h-D3h (by 1 or CL) and, on the 286, C0h/C1h (by imm8). The 8086 shifts CL times, however
    // large; the 286 masks the count to 5 bits. A count of 0 changes nothing, flags included.

    private void ShiftGroup8(int op, int countSource)
    {
        int m = Fetch8();
        int value = GetRm8(m);
        int count = ShiftCount(op, countSource);
        if (count != 0) SetRm8(m, Shift((m >> 3) & 7, value, count, 8));
    }

    private void ShiftGroup16(int op, int countSource) => ShiftGroup16Modrm(op, Fetch8(), countSource);

    private void ShiftGroup16Modrm(int op, int m, int countSource)
    {
        int value = GetRm16(m);
        int count = ShiftCount(op, countSource);
        if (count != 0) SetRm16(m, Shift((m >> 3) & 7, value, count, 16));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int ShiftCount(int op, int countSource)
    {
        int count = countSource == Fetch8Deferred ? Fetch8() : (op & 2) != 0 ? GetReg8(CX) : 1;
        return TModel.Is286 ? count & 0x1F : count;
    }

    /// <summary>One shift or rotate of a <paramref name="width"/>-bit value (inlined per width, so the width folds away).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Shift(int operation, int v, int count, int width)
    {
        int mask = (1 << width) - 1;
        int msb = 1 << (width - 1);
        int f = _flags;
        int r;
        switch (operation)
        {
            case 0: // ROL
                {
                    int c = count & (width - 1);
                    r = ((v << c) | (v >> (width - c))) & mask;
                    int cf = r & 1;
                    f = (f & ~(CF | OF)) | cf | (((r & msb) != 0) ^ (cf != 0) ? OF : 0);
                    _flags = f;
                    return r;
                }
            case 1: // ROR
                {
                    int c = count & (width - 1);
                    r = ((v >> c) | (v << (width - c))) & mask;
                    int cf = (r & msb) != 0 ? CF : 0;
                    f = (f & ~(CF | OF)) | cf | (((r ^ (r << 1)) & msb) != 0 ? OF : 0);
                    _flags = f;
                    return r;
                }
            case 2: // RCL
                {
                    int cf = f & CF;
                    r = v;
                    for (int i = count % (width + 1); i > 0; i--)
                    {
                        int outBit = (r & msb) != 0 ? 1 : 0;
                        r = ((r << 1) | cf) & mask;
                        cf = outBit;
                    }
                    f = (f & ~(CF | OF)) | cf | (((r & msb) != 0) ^ (cf != 0) ? OF : 0);
                    _flags = f;
                    return r;
                }
            case 3: // RCR
                {
                    int cf = f & CF;
                    r = v;
                    for (int i = count % (width + 1); i > 0; i--)
                    {
                        int outBit = r & 1;
                        r = (r >> 1) | (cf != 0 ? msb : 0);
                        cf = outBit;
                    }
                    f = (f & ~(CF | OF)) | cf | (((r ^ (r << 1)) & msb) != 0 ? OF : 0);
                    _flags = f;
                    return r;
                }
            case 4: // SHL
                {
                    r = count >= width ? 0 : (v << count) & mask;
                    int cf = count <= width ? (v >> (width - count)) & 1 : 0;
                    f = (f & ~Arith) | cf | ((((r & msb) != 0) ^ (cf != 0)) ? OF : 0);
                    break;
                }
            case 5: // SHR
                {
                    r = count >= width ? 0 : v >> count;
                    int cf = count <= width ? (v >> (count - 1)) & 1 : 0;
                    // OF is the sign before the last step.
                    int before = count - 1 >= width ? 0 : v >> (count - 1);
                    f = (f & ~Arith) | cf | ((before & msb) != 0 ? OF : 0);
                    break;
                }
            case 6:
                if (TModel.Is286) goto case 4; // SAL alias
                // SETMO: the 8086 sets every bit.
                r = mask;
                f = (f & ~Arith);
                break;
            default: // SAR
                {
                    int s = width == 8 ? (sbyte)v : (short)v;
                    int c = count >= width ? width : count;
                    int cf = (s >> (c - 1)) & 1;
                    r = (s >> (c >= width ? width - 1 : c)) & mask;
                    f = (f & ~Arith) | cf;
                    break;
                }
        }
        f |= width == 8 ? Alu.Szp(r) : Alu.Szp16(r);
        _flags = f;
        return r;
    }

    /// <summary>F6h: TEST/NOT/NEG/MUL/IMUL/DIV/IDIV r/m8.</summary>
    private void Group3Eb()
    {
        int m = Fetch8();
        int v = GetRm8(m);
        switch ((m >> 3) & 7)
        {
            case 0: case 1: OpTest.Op8(ref _flags, v, Fetch8()); break;
            case 2: SetRm8(m, ~v); break;
            case 3: SetRm8(m, Alu.Sub8(ref _flags, 0, v, 0)); break;
            case 4:
                {
                    int r = GetReg8(AX) * v;
                    _r[AX] = (ushort)r;
                    SetMultiplyFlags(r & 0xFF, (r & 0xFF00) != 0, 8);
                    break;
                }
            case 5:
                {
                    int r = (sbyte)GetReg8(AX) * (sbyte)v;
                    if (_rep != 0 && !TModel.Is286) r = -r;
                    _r[AX] = (ushort)r;
                    SetMultiplyFlags(r & 0xFF, r != (sbyte)r, 8);
                    break;
                }
            case 6:
                {
                    int dividend = _r[AX];
                    if (v == 0 || dividend / v > 0xFF) { Fault(0); break; }
                    SetReg8(AX, (byte)(dividend / v));
                    SetReg8(AX + 4, (byte)(dividend % v));
                    break;
                }
            default:
                {
                    int dividend = (short)_r[AX];
                    int divisor = (sbyte)v;
                    if (divisor == 0) { Fault(0); break; }
                    int q = dividend / divisor;
                    if (_rep != 0 && !TModel.Is286) q = -q;
                    if (q > 0x7F || q < (TModel.Is286 ? -0x80 : -0x7F)) { Fault(0); break; }
                    SetReg8(AX, (byte)q);
                    SetReg8(AX + 4, (byte)(dividend % divisor));
                    break;
                }
        }
    }

    /// <summary>F7h: TEST/NOT/NEG/MUL/IMUL/DIV/IDIV r/m16.</summary>
    private void Group3Ev()
    {
        int m = Fetch8();
        int v = GetRm16(m);
        switch ((m >> 3) & 7)
        {
            case 0: case 1: OpTest.Op16(ref _flags, v, Fetch16()); break;
            case 2: SetRm16(m, ~v); break;
            case 3: SetRm16(m, Alu.Sub16(ref _flags, 0, v, 0)); break;
            case 4:
                {
                    uint r = (uint)_r[AX] * (uint)v;
                    _r[AX] = (ushort)r;
                    _r[DX] = (ushort)(r >> 16);
                    SetMultiplyFlags((int)(r & 0xFFFF), (r >> 16) != 0, 16);
                    break;
                }
            case 5:
                {
                    int r = (short)_r[AX] * (short)v;
                    if (_rep != 0 && !TModel.Is286) r = -r;
                    _r[AX] = (ushort)r;
                    _r[DX] = (ushort)(r >> 16);
                    SetMultiplyFlags(r & 0xFFFF, r != (short)r, 16);
                    break;
                }
            case 6:
                {
                    uint dividend = (uint)(_r[DX] << 16 | _r[AX]);
                    if (v == 0 || dividend / (uint)v > 0xFFFF) { Fault(0); break; }
                    _r[AX] = (ushort)(dividend / (uint)v);
                    _r[DX] = (ushort)(dividend % (uint)v);
                    break;
                }
            default:
                {
                    int dividend = _r[DX] << 16 | _r[AX];
                    int divisor = (short)v;
                    if (divisor == 0 || (dividend == int.MinValue && divisor == -1)) { Fault(0); break; }
                    int q = dividend / divisor;
                    if (_rep != 0 && !TModel.Is286) q = -q;
                    if (q > 0x7FFF || q < (TModel.Is286 ? -0x8000 : -0x7FFF)) { Fault(0); break; }
                    _r[AX] = (ushort)q;
                    _r[DX] = (ushort)(dividend % divisor);
                    break;
                }
        }
    }

    /// <summary>MUL/IMUL: CF and OF say the upper half matters; the others follow the low half.</summary>
    private void SetMultiplyFlags(int low, bool upperSignificant, int width)
    {
        int f = (_flags & ~Arith) | (width == 8 ? Alu.Szp(low) : Alu.Szp16(low));
        if (upperSignificant) f |= CF | OF;
        _flags = f;
    }

    /// <summary>FEh: INC/DEC r/m8. The rest of the group is not an instruction.</summary>
    private void Group4()
    {
        int m = Fetch8();
        int operation = (m >> 3) & 7;
        if (operation > 1) { InvalidOpcode(); return; }
        int v = GetRm8(m);
        SetRm8(m, operation == 0 ? Alu.Inc8(ref _flags, v) : Alu.Dec8(ref _flags, v));
    }

    /// <summary>FFh: INC/DEC/CALL/CALL far/JMP/JMP far/PUSH r/m16 (/7 is PUSH on the 8086).</summary>
    private void Group5()
    {
        int m = Fetch8();
        int operation = (m >> 3) & 7;
        if (TModel.Is286 && (operation == 7 || (m >= 0xC0 && (operation == 3 || operation == 5))))
        {
            InvalidOpcode();
            return;
        }
        int v = GetRm16(m);
        switch (operation)
        {
            case 0: SetRm16(m, Alu.Inc16(ref _flags, v)); break;
            case 1: SetRm16(m, Alu.Dec16(ref _flags, v)); break;
            case 2: Push(_ip); _ip = (ushort)v; break;
            case 3:
                {
                    CallFar(Read16(_eaBase, _eaOffset + 2), (ushort)v);
                    break;
                }
            case 4: _ip = (ushort)v; break;
            case 5:
                SetCs(Read16(_eaBase, _eaOffset + 2));
                _ip = (ushort)v;
                break;
            default:
                if ((m & 0xC7) == 0xC4 && !TModel.Is286) v = (ushort)(v - 2); // PUSH SP pushes the new SP on the 8086
                Push(v);
                break;
        }
    }

    private void Daa() => SetReg8(AX, (byte)Alu.DecimalAdjust(ref _flags, GetReg8(AX), subtract: false, DecimalThreshold, borrowSetsCarry: false));

    private void Das() => SetReg8(AX, (byte)Alu.DecimalAdjust(ref _flags, GetReg8(AX), subtract: true, DecimalThreshold, borrowSetsCarry: false));

    /// <summary>The high-digit threshold of DAA/DAS: 99h, or 9Fh on the 8086 when AF was set (the hardware vectors show it).</summary>
    private int DecimalThreshold => (_flags & AF) != 0 && !TModel.Is286 ? 0x9F : 0x99;

    private void Aaa()
    {
        int f = _flags & ~(CF | AF);
        int al = GetReg8(AX);
        if ((al & 0x0F) > 9 || (_flags & AF) != 0)
        {
            if (TModel.Is286) _r[AX] += 0x106;
            else { SetReg8(AX, (byte)(al + 6)); SetReg8(AX + 4, (byte)(GetReg8(AX + 4) + 1)); }
            f |= CF | AF;
        }
        SetReg8(AX, (byte)(GetReg8(AX) & 0x0F));
        _flags = (f & ~(SF | ZF | PF)) | Szp8[GetReg8(AX)];
    }

    private void Aas()
    {
        int f = _flags & ~(CF | AF);
        int al = GetReg8(AX);
        if ((al & 0x0F) > 9 || (_flags & AF) != 0)
        {
            if (TModel.Is286) _r[AX] -= 6;
            else SetReg8(AX, (byte)(al - 6));
            SetReg8(AX + 4, (byte)(GetReg8(AX + 4) - 1));
            f |= CF | AF;
        }
        SetReg8(AX, (byte)(GetReg8(AX) & 0x0F));
        _flags = (f & ~(SF | ZF | PF)) | Szp8[GetReg8(AX)];
    }

    private void Aam()
    {
        int divisor = Fetch8();
        if (divisor == 0)
        {
            // The 8086 leaves the flags of a zero result behind (the hardware vectors show it).
            if (!TModel.Is286) _flags = (_flags & ~Arith) | Szp8[0];
            Fault(0);
            return;
        }
        int al = GetReg8(AX);
        SetReg8(AX + 4, (byte)(al / divisor));
        SetReg8(AX, (byte)(al % divisor));
        _flags = (_flags & ~Arith) | Szp8[GetReg8(AX)];
    }

    private void Aad()
    {
        int factor = Fetch8();
        int al = Alu.Add8(ref _flags, GetReg8(AX), (GetReg8(AX + 4) * factor) & 0xFF, 0);
        _r[AX] = (ushort)al;
    }
}
