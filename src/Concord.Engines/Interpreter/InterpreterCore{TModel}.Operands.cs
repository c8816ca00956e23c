using System.Runtime.CompilerServices;
using Concord.Core.Memory;
using static Concord.Engines.Interpreter.FlagBits;

namespace Concord.Engines.Interpreter;

/// <summary>Word memory access, the stack, ModR/M operand forms and segment loads.</summary>
internal sealed unsafe partial class InterpreterCore<TModel>
{
    // A word at offset FFFFh wraps to offset 0 of the same segment on the 8086; the 286 faults (#GP).
    // A word that straddles a 4 KiB page goes byte by byte.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ushort Read16(uint segmentBase, int offset)
    {
        uint o = (ushort)offset;
        uint a = (segmentBase + o) & _addressMask;
        if (((a & MemoryMap.PageMask) == MemoryMap.PageMask) | (o == 0xFFFF)) return Read16Slow(segmentBase, o);
        return *(ushort*)(_readPages[a >> MemoryMap.PageShift] + (a & MemoryMap.PageMask));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ushort Read16Slow(uint segmentBase, uint offset)
    {
        if (offset == 0xFFFF && TModel.Is286)
        {
            Fault(13);
            return 0;
        }
        byte lo = Read8(segmentBase, (int)offset);
        return (ushort)(lo | Read8(segmentBase, (int)offset + 1) << 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Write16(uint segmentBase, int offset, int value)
    {
        uint o = (ushort)offset;
        uint a = (segmentBase + o) & _addressMask;
        byte* page = _writePages[a >> MemoryMap.PageShift];
        if (((a & MemoryMap.PageMask) == MemoryMap.PageMask) | (o == 0xFFFF) | (page == null))
            Write16Slow(segmentBase, o, value);
        else
            *(ushort*)(page + (a & MemoryMap.PageMask)) = (ushort)value;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Write16Slow(uint segmentBase, uint offset, int value)
    {
        if (offset == 0xFFFF && TModel.Is286)
        {
            Fault(13);
            return;
        }
        Write8(segmentBase, (int)offset, (byte)value);
        Write8(segmentBase, (int)offset + 1, (byte)(value >> 8));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Push(int value)
    {
        ushort sp = (ushort)(_r[SP] - 2);
        _r[SP] = sp;
        Write16(SegmentBase(SS), sp, value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ushort Pop()
    {
        ushort sp = _r[SP];
        ushort v = Read16(SegmentBase(SS), sp);
        _r[SP] = (ushort)(sp + 2);
        return v;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte ReadEa8(int modrm)
    {
        DecodeAddress(modrm);
        return Read8(_eaBase, _eaOffset);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ushort ReadEa16(int modrm)
    {
        DecodeAddress(modrm);
        return Read16(_eaBase, _eaOffset);
    }

    /// <summary>Reads the r/m byte operand (decoding the address for memory).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int GetRm8(int modrm) => modrm >= 0xC0 ? Reg8(modrm & 7) : ReadEa8(modrm);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int GetRm16(int modrm) => modrm >= 0xC0 ? _r[modrm & 7] : ReadEa16(modrm);

    /// <summary>Writes the r/m operand whose address <see cref="GetRm8"/> decoded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetRm8(int modrm, int value)
    {
        if (modrm >= 0xC0) Reg8(modrm & 7) = (byte)value;
        else Write8(_eaBase, _eaOffset, (byte)value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetRm16(int modrm, int value)
    {
        if (modrm >= 0xC0) _r[modrm & 7] = (ushort)value;
        else Write16(_eaBase, _eaOffset, value);
    }

    private void AluEbGb<TOp>() where TOp : struct, IAluOp
    {
        int m = Fetch8();
        int src = Reg8((m >> 3) & 7);
        int r = TOp.Op8(ref _flags, GetRm8(m), src);
        if (TOp.WritesResult) SetRm8(m, r);
    }

    private void AluEvGv<TOp>() where TOp : struct, IAluOp
    {
        int m = Fetch8();
        int src = _r[(m >> 3) & 7];
        if (m >= 0xC0)
        {
            int r = TOp.Op16(ref _flags, _r[m & 7], src);
            if (TOp.WritesResult) _r[m & 7] = (ushort)r;
        }
        else
        {
            DecodeAddress(m);
            int r = TOp.Op16(ref _flags, Read16(_eaBase, _eaOffset), src);
            if (TOp.WritesResult) Write16(_eaBase, _eaOffset, r);
        }
    }

    private void AluGbEb<TOp>() where TOp : struct, IAluOp
    {
        int m = Fetch8();
        int src = GetRm8(m);
        ref byte dst = ref Reg8((m >> 3) & 7);
        int r = TOp.Op8(ref _flags, dst, src);
        if (TOp.WritesResult) dst = (byte)r;
    }

    private void AluGvEv<TOp>() where TOp : struct, IAluOp
    {
        int m = Fetch8();
        int src = GetRm16(m);
        ref ushort dst = ref _r[(m >> 3) & 7];
        int r = TOp.Op16(ref _flags, dst, src);
        if (TOp.WritesResult) dst = (ushort)r;
    }

    private int Alu8(int operation, int a, int b) => operation switch
    {
        0 => OpAdd.Op8(ref _flags, a, b),
        1 => OpOr.Op8(ref _flags, a, b),
        2 => OpAdc.Op8(ref _flags, a, b),
        3 => OpSbb.Op8(ref _flags, a, b),
        4 => OpAnd.Op8(ref _flags, a, b),
        5 => OpSub.Op8(ref _flags, a, b),
        6 => OpXor.Op8(ref _flags, a, b),
        _ => OpCmp.Op8(ref _flags, a, b),
    };

    private int Alu16(int operation, int a, int b) => operation switch
    {
        0 => OpAdd.Op16(ref _flags, a, b),
        1 => OpOr.Op16(ref _flags, a, b),
        2 => OpAdc.Op16(ref _flags, a, b),
        3 => OpSbb.Op16(ref _flags, a, b),
        4 => OpAnd.Op16(ref _flags, a, b),
        5 => OpSub.Op16(ref _flags, a, b),
        6 => OpXor.Op16(ref _flags, a, b),
        _ => OpCmp.Op16(ref _flags, a, b),
    };

    /// <summary>80h/82h: ALU r/m8, imm8.</summary>
    private void Group1Eb()
    {
        int m = Fetch8();
        int a = GetRm8(m);
        int operation = (m >> 3) & 7;
        int r = Alu8(operation, a, Fetch8());
        if (operation != 7) SetRm8(m, r);
    }

    /// <summary>81h/83h: ALU r/m16, imm16 or sign-extended imm8.</summary>
    private void Group1Ev(bool imm8)
    {
        int m = Fetch8();
        int a = GetRm16(m);
        int b = imm8 ? (ushort)(sbyte)Fetch8() : Fetch16();
        int operation = (m >> 3) & 7;
        int r = Alu16(operation, a, b);
        if (operation != 7) SetRm16(m, r);
    }

    private void XchgEbGb()
    {
        int m = Fetch8();
        int a = GetRm8(m);
        ref byte reg = ref Reg8((m >> 3) & 7);
        byte b = reg;
        reg = (byte)a;
        SetRm8(m, b);
    }

    private void XchgEvGv()
    {
        int m = Fetch8();
        int a = GetRm16(m);
        ref ushort reg = ref _r[(m >> 3) & 7];
        ushort b = reg;
        reg = (ushort)a;
        SetRm16(m, b);
    }

    /// <summary>8Ch: MOV r/m16, Sreg. The 8086 uses two bits of the reg field; the 286 refuses 4-7.</summary>
    private void MovEvSw()
    {
        int m = Fetch8();
        int s = (m >> 3) & 7;
        if (TModel.Is286 && s > 3) { InvalidOpcode(); return; }
        if (m < 0xC0) DecodeAddress(m);
        SetRm16(m, _r[SegBase + (s & 3)]);
    }

    /// <summary>8Eh: MOV Sreg, r/m16. The 8086 even loads CS; the 286 refuses CS and 4-7.</summary>
    private void MovSwEv()
    {
        int m = Fetch8();
        int s = (m >> 3) & 7;
        if (TModel.Is286 && (s > 3 || s == CS)) { InvalidOpcode(); return; }
        LoadSegment(s & 3, (ushort)GetRm16(m));
    }

    /// <summary>Loads a segment register; after SS (any segment register on the 8086) interrupts wait one instruction.</summary>
    private void LoadSegment(int segment, ushort value)
    {
        _r[SegBase + segment] = value;
        if (!TModel.Is286 || segment == SS) _events |= EvShadow;
    }

    private void Lea()
    {
        int m = Fetch8();
        if (m >= 0xC0)
        {
            // A register operand: #UD on the 286; the 8086 takes the last address it computed.
            if (TModel.Is286) { InvalidOpcode(); return; }
        }
        else DecodeAddress(m);
        _r[(m >> 3) & 7] = _eaOffset;
    }

    /// <summary>LES/LDS: a far pointer from memory.</summary>
    private void LoadFarPointer(int segment)
    {
        int m = Fetch8();
        if (m >= 0xC0)
        {
            if (TModel.Is286) { InvalidOpcode(); return; }
        }
        else DecodeAddress(m);
        ushort offset = Read16(_eaBase, _eaOffset);
        ushort seg = Read16(_eaBase, _eaOffset + 2);
        _r[(m >> 3) & 7] = offset;
        _r[SegBase + segment] = seg;
    }

    /// <summary>8Fh: POP r/m16. The 8086 ignores the reg field.</summary>
    private void PopEv()
    {
        int m = Fetch8();
        if (TModel.Is286 && (m & 0x38) != 0) { InvalidOpcode(); return; }
        if (m < 0xC0) DecodeAddress(m);
        ushort v = Pop();
        SetRm16(m, v);
    }

    private void ReturnNear(int release)
    {
        _ip = Pop();
        _r[SP] += (ushort)release;
    }

    private void ReturnFar(int release)
    {
        _ip = Pop();
        _r[SegBase + CS] = Pop();
        _r[SP] += (ushort)release;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void JumpShortIf(bool condition)
    {
        sbyte d = (sbyte)Fetch8();
        if (condition) _ip = (ushort)(_ip + d);
    }

    /// <summary>The condition of Jcc number <paramref name="cc"/> (70h + cc).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Condition(int cc)
    {
        int f = _flags;
        bool r = (cc >> 1) switch
        {
            0 => (f & OF) != 0,
            1 => (f & CF) != 0,
            2 => (f & ZF) != 0,
            3 => (f & (CF | ZF)) != 0,
            4 => (f & SF) != 0,
            5 => (f & PF) != 0,
            6 => ((f & SF) != 0) != ((f & OF) != 0),
            _ => (f & ZF) != 0 || ((f & SF) != 0) != ((f & OF) != 0),
        };
        return r ^ ((cc & 1) != 0);
    }
}
