using System.Runtime.CompilerServices;
using Concord.Core.Memory;
using static Concord.Engines.Interpreter.FlagBits;

namespace Concord.Engines.Interpreter;

/// <summary>Word memory access, the stack, ModR/M operand forms and segment loads.</summary>
internal sealed unsafe partial class InterpreterCore<TModel>
{
    /// <summary>20 address lines on the 8086, 24 on the 286 (whether bit 20 reaches memory is the map's A20 gate).</summary>
    private static uint AddressMask
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => TModel.Is286 ? 0xFFFFFFu : 0xFFFFFu;
    }

    // ---- memory: reads go through the page table; writes to pages without a pointer take the slow path ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte ReadPhys8(uint address)
    {
        address &= AddressMask;
        return _readPages[address >> MemoryMap.PageShift][address & MemoryMap.PageMask];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WritePhys8(uint address, byte value)
    {
        address &= AddressMask;
        byte* page = _writePages[address >> MemoryMap.PageShift];
        if (page != null) page[address & MemoryMap.PageMask] = value;
        else WriteSlow(address, value);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WriteSlow(uint address, byte value)
    {
        if (_pendingFault >= 0) return; // the instruction already faulted: no more side effects
        _memory.WriteSlow(address, value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte Read8(uint segmentBase, int offset) => ReadPhys8(segmentBase + (ushort)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Write8(uint segmentBase, int offset, byte value) => WritePhys8(segmentBase + (ushort)offset, value);

    // ---- instruction fetch ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte Fetch8()
    {
        uint a = (_csBase + _ip) & AddressMask;
        _ip++;
        return _readPages[a >> MemoryMap.PageShift][a & MemoryMap.PageMask];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ushort Fetch16()
    {
        uint a = (_csBase + _ip) & AddressMask;
        if ((a & MemoryMap.PageMask) == MemoryMap.PageMask || _ip == 0xFFFF) return Fetch16Slow();
        _ip += 2;
        return *(ushort*)(_readPages[a >> MemoryMap.PageShift] + (a & MemoryMap.PageMask));
    }

    /// <summary>
    /// A word of the instruction that straddles a page, or sits at CS:FFFFh: the 8086 takes its
    /// high byte from CS:0000, the 286 raises #GP as for any word at offset FFFFh (issue 12).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ushort Fetch16Slow()
    {
        if (TModel.Is286 && _ip == 0xFFFF)
        {
            Fault(13);
            _ip += 2;
            return 0;
        }
        byte lo = Fetch8();
        return (ushort)(lo | Fetch8() << 8);
    }

    // ---- ModR/M ----

    /// <summary>Computes the effective address of a memory ModR/M operand (mod != 3).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void DecodeAddress(int modrm)
    {
        int offset, segment;
        switch (modrm & 7)
        {
            case 0: offset = _r[BX] + _r[SI]; segment = DS; break;
            case 1: offset = _r[BX] + _r[DI]; segment = DS; break;
            case 2: offset = _r[BP] + _r[SI]; segment = SS; break;
            case 3: offset = _r[BP] + _r[DI]; segment = SS; break;
            case 4: offset = _r[SI]; segment = DS; break;
            case 5: offset = _r[DI]; segment = DS; break;
            case 6:
                if (modrm < 0x40) { offset = Fetch16(); segment = DS; }
                else { offset = _r[BP]; segment = SS; }
                break;
            default: offset = _r[BX]; segment = DS; break;
        }
        if ((modrm & 0xC0) == 0x40) offset += (sbyte)Fetch8();
        else if ((modrm & 0xC0) == 0x80) offset += Fetch16();
        if (_segOverride >= 0) segment = _segOverride;
        _eaSegment = segment;
        _eaOffset = (ushort)offset;
        _eaBase = SegmentBase(segment);
    }

    // A word at offset FFFFh wraps to offset 0 of the same segment on the 8086; the 286 faults (#GP).
    // A word that straddles a 4 KiB page goes byte by byte.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ushort Read16(uint segmentBase, int offset)
    {
        uint o = (ushort)offset;
        uint a = (segmentBase + o) & AddressMask;
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
        uint a = (segmentBase + o) & AddressMask;
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
        Write16(SegmentBase(SS), sp, value);
        _r[SP] = sp; // after the write, which may fault on the 286
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
    private int GetRm8(int modrm) => modrm >= 0xC0 ? GetReg8(modrm & 7) : ReadEa8(modrm);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int GetRm16(int modrm) => modrm >= 0xC0 ? _r[modrm & 7] : ReadEa16(modrm);

    /// <summary>Writes the r/m operand whose address <see cref="GetRm8"/> decoded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetRm8(int modrm, int value)
    {
        if (modrm >= 0xC0) SetReg8(modrm & 7, (byte)value);
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
        int src = GetReg8((m >> 3) & 7);
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
        int reg = (m >> 3) & 7;
        int r = TOp.Op8(ref _flags, GetReg8(reg), src);
        if (TOp.WritesResult) SetReg8(reg, (byte)r);
    }

    private void AluGvEv<TOp>() where TOp : struct, IAluOp
    {
        int m = Fetch8();
        int src = GetRm16(m);
        ref ushort dst = ref _r[(m >> 3) & 7];
        int r = TOp.Op16(ref _flags, dst, src);
        if (TOp.WritesResult) dst = (ushort)r;
    }

    private void AluAlIb<TOp>() where TOp : struct, IAluOp
    {
        int r = TOp.Op8(ref _flags, GetReg8(AX), Fetch8());
        if (TOp.WritesResult) SetReg8(AX, (byte)r);
    }

    private void AluAxIw<TOp>() where TOp : struct, IAluOp
    {
        int r = TOp.Op16(ref _flags, _r[AX], Fetch16());
        if (TOp.WritesResult) _r[AX] = (ushort)r;
    }

    private void MovEbGb()
    {
        int m = Fetch8();
        byte v = GetReg8((m >> 3) & 7);
        if (m >= 0xC0) SetReg8(m & 7, v);
        else { DecodeAddress(m); Write8(_eaBase, _eaOffset, v); }
    }

    private void MovEvGv()
    {
        int m = Fetch8();
        ushort v = _r[(m >> 3) & 7];
        if (m >= 0xC0) _r[m & 7] = v;
        else { DecodeAddress(m); Write16(_eaBase, _eaOffset, v); }
    }

    private void MovGbEb()
    {
        int m = Fetch8();
        SetReg8((m >> 3) & 7, m >= 0xC0 ? GetReg8(m & 7) : ReadEa8(m));
    }

    private void MovGvEv()
    {
        int m = Fetch8();
        _r[(m >> 3) & 7] = m >= 0xC0 ? _r[m & 7] : ReadEa16(m);
    }

    /// <summary>C6h: MOV r/m8, imm8. The 8086 ignores the reg field; the 286 refuses 1-7.</summary>
    private void MovEbIb()
    {
        int m = Fetch8();
        if (TModel.Is286 && (m & 0x38) != 0) { InvalidOpcode(); return; }
        if (m >= 0xC0) SetReg8(m & 7, Fetch8());
        else { DecodeAddress(m); Write8(_eaBase, _eaOffset, Fetch8()); }
    }

    /// <summary>C7h: MOV r/m16, imm16.</summary>
    private void MovEvIw()
    {
        int m = Fetch8();
        if (TModel.Is286 && (m & 0x38) != 0) { InvalidOpcode(); return; }
        if (m >= 0xC0) _r[m & 7] = Fetch16();
        else { DecodeAddress(m); Write16(_eaBase, _eaOffset, Fetch16()); }
    }

    /// <summary>A0h-A3h: MOV AL/AX to or from a direct address.</summary>
    private void MovAccumulatorMoffs(int op)
    {
        uint segment = SegmentBase(DataSegment);
        ushort offset = Fetch16();
        switch (op)
        {
            case 0xA0: SetReg8(AX, Read8(segment, offset)); break;
            case 0xA1: _r[AX] = Read16(segment, offset); break;
            case 0xA2: Write8(segment, offset, GetReg8(AX)); break;
            default: Write16(segment, offset, _r[AX]); break;
        }
    }

    /// <summary>IN/OUT with the port in <paramref name="port"/> (an immediate byte or DX).</summary>
    private void PortIo(int op, ushort port)
    {
        switch (op & 3)
        {
            case 0: SetReg8(AX, _io.In8(port)); break;
            case 1: _r[AX] = _io.In16(port); break;
            case 2: _io.Out8(port, GetReg8(AX)); break;
            default: _io.Out16(port, _r[AX]); break;
        }
    }

    private void CallFarImmediate()
    {
        ushort ip = Fetch16();
        ushort cs = Fetch16();
        CallFar(cs, ip);
    }

    private void JumpFarImmediate()
    {
        ushort ip = Fetch16();
        SetCs(Fetch16());
        _ip = ip;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
        int reg = (m >> 3) & 7;
        byte b = GetReg8(reg);
        SetReg8(reg, (byte)a);
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
        if (segment == CS) _csBase = (uint)value << 4;
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
        if (m >= 0xC0)
        {
            _r[m & 7] = Pop(); // POP SP keeps the popped value
            return;
        }
        DecodeAddress(m);
        ushort sp = _r[SP];
        Write16(_eaBase, _eaOffset, Read16(SegmentBase(SS), sp));
        _r[SP] = (ushort)(sp + 2); // after the write, which may fault on the 286
    }

    private void ReturnNear(int release)
    {
        _ip = Pop();
        _r[SP] += (ushort)release;
    }

    /// <summary>RETF and IRET: every word is read before any register changes (a 286 fault restarts it).</summary>
    private void ReturnFar(int release, bool popFlags = false)
    {
        uint ss = SegmentBase(SS);
        ushort sp = _r[SP];
        ushort ip = Read16(ss, sp);
        ushort cs = Read16(ss, sp + 2);
        ushort flags = popFlags ? Read16(ss, sp + 4) : (ushort)0;
        _r[SP] = (ushort)(sp + (popFlags ? 6 : 4) + release);
        _ip = ip;
        SetCs(cs);
        if (popFlags) SetFlags(flags);
    }

    /// <summary>CALL far: both words are written before SP moves (a 286 fault restarts it).</summary>
    private void CallFar(ushort cs, ushort ip)
    {
        uint ss = SegmentBase(SS);
        ushort sp = _r[SP];
        Write16(ss, sp - 2, _r[SegBase + CS]);
        Write16(ss, sp - 4, _ip);
        _r[SP] = (ushort)(sp - 4);
        SetCs(cs);
        _ip = ip;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void JumpShortIf(bool condition)
    {
        sbyte d = (sbyte)Fetch8();
        if (condition) _ip = (ushort)(_ip + d);
    }

    /// <summary>The condition of Jcc number <paramref name="cc"/> (70h + cc).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Condition(int cc) => FlagBits.Condition(_flags, cc);
}
