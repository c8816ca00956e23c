using System.Reflection.Emit;

namespace Concord.Engines.Translator;

/// <summary>Registers, ModR/M operands and memory: reads through the page table, writes through it or the slow path.</summary>
internal sealed unsafe partial class RegionCompiler
{
    // ---- registers: 16-bit values live in int locals, 0..FFFFh ----

    private void LoadReg16(int r) => Load(_r[r]);

    /// <summary>Stores the value on the stack (already 0..FFFFh) in a 16-bit register.</summary>
    private void StoreReg16(int r) => Store(_r[r]);

    /// <summary>AL CL DL BL AH CH DH BH, 0..FFh.</summary>
    private void LoadReg8(int r)
    {
        Load(_r[r & 3]);
        if (r < 4)
        {
            Const(0xFF);
            Emit(OpCodes.And);
        }
        else
        {
            Const(8);
            Emit(OpCodes.Shr_Un);
        }
    }

    /// <summary>Stores the value on the stack (0..FFh) in a byte register.</summary>
    private void StoreReg8(int r)
    {
        LocalBuilder v = Temp();
        Store(v);
        Load(_r[r & 3]);
        Const(r < 4 ? 0xFF00 : 0x00FF);
        Emit(OpCodes.And);
        Load(v);
        if (r >= 4)
        {
            Const(8);
            Emit(OpCodes.Shl);
        }
        Emit(OpCodes.Or);
        Store(_r[r & 3]);
    }

    private void LoadReg(int r, bool wide)
    {
        if (wide) LoadReg16(r);
        else LoadReg8(r);
    }

    private void StoreReg(int r, bool wide)
    {
        if (wide) StoreReg16(r);
        else StoreReg8(r);
    }

    /// <summary>A segment register's value (CS is the region's).</summary>
    private void LoadSegment(int s)
    {
        if (s == CS) Const(_plan.Cs);
        else Load(_s[s]);
    }

    private void LoadSegmentBase(int s)
    {
        if (s == CS) Const(_plan.Cs << 4);
        else
        {
            Load(_s[s]);
            Const(4);
            Emit(OpCodes.Shl);
        }
    }

    // ---- memory operands ----

    /// <summary>A memory operand: its segment, offset and linear address in locals of the current instruction.</summary>
    private readonly record struct Operand(int Segment, LocalBuilder Offset, LocalBuilder Linear);

    /// <summary>The ModR/M memory operand of the current instruction, with <paramref name="extra"/> added to its offset (LES's segment word, ...).</summary>
    private Operand ModRmOperand(int extra = 0)
    {
        LocalBuilder offset = Temp();
        GuestInstruction g = _ins;
        switch (g.EaBase)
        {
            case EaBase.BxSi: LoadReg16(BX); LoadReg16(SI); Emit(OpCodes.Add); break;
            case EaBase.BxDi: LoadReg16(BX); LoadReg16(DI); Emit(OpCodes.Add); break;
            case EaBase.BpSi: LoadReg16(BP); LoadReg16(SI); Emit(OpCodes.Add); break;
            case EaBase.BpDi: LoadReg16(BP); LoadReg16(DI); Emit(OpCodes.Add); break;
            case EaBase.Si: LoadReg16(SI); break;
            case EaBase.Di: LoadReg16(DI); break;
            case EaBase.Bp: LoadReg16(BP); break;
            case EaBase.Bx: LoadReg16(BX); break;
            default: Const(0); break;
        }
        int displacement = g.Displacement + extra;
        if (displacement != 0)
        {
            Const(displacement);
            Emit(OpCodes.Add);
        }
        Operand at = OperandAtStackOffset(g.EaSegment, offset);
        if (!_is286 && extra == 0)
        {
            // The 8086's register forms of LEA, LES, LDS and far CALL/JMP use the last address computed.
            Emit(OpCodes.Ldarg_1);
            LoadSegmentBase(g.EaSegment);
            Emit(OpCodes.Stfld, Field(nameof(JitFrame.EaBase)));
            Emit(OpCodes.Ldarg_1);
            Load(offset);
            Emit(OpCodes.Stfld, Field(nameof(JitFrame.EaOffset)));
        }
        return at;
    }

    /// <summary>An operand at the offset now on the stack (masked here to 16 bits), kept in <paramref name="offset"/> (a new temporary if null).</summary>
    private Operand OperandAtStackOffset(int segment, LocalBuilder? offset = null)
    {
        // offset & FFFFh, kept, plus the segment's base: no local is read back that the stack still holds.
        offset ??= Temp();
        LocalBuilder linear = Temp();
        Const(0xFFFF);
        Emit(OpCodes.And);
        Store(offset);
        LoadSegmentBase(segment);
        Load(offset);
        Emit(OpCodes.Add);
        if (!_is286)
        {
            Const(_addressMask);
            Emit(OpCodes.And);
        }
        Store(linear);
        return new Operand(segment, offset, linear);
    }

    /// <summary>The data segment of a string source or XLAT: DS unless a prefix names another.</summary>
    private int DataSegment => _ins.SegmentOverride >= 0 ? _ins.SegmentOverride : DS;

    /// <summary>Pushes the byte at the operand.</summary>
    private void Read8(Operand at)
    {
        Load(_rd);
        Load(at.Linear);
        Emit(OpCodes.Call, Method(typeof(TranslatedCode), nameof(TranslatedCode.Read8)));
    }

    /// <summary>
    /// Pushes the word at the operand. A word across a page or at offset FFFFh (where the 8086 wraps
    /// within the segment and the 286 faults) leaves for the interpreter, which runs the instruction:
    /// its reads all come before anything it changes.
    /// </summary>
    private void Read16(Operand at)
    {
        LocalBuilder value = Temp();
        Load(_rd);
        Load(at.Linear);
        Load(at.Offset);
        Emit(OpCodes.Call, Method(typeof(TranslatedCode), nameof(TranslatedCode.Read16)));
        Emit(OpCodes.Dup);
        Store(value);
        Const(0);
        Emit(OpCodes.Blt, ExitBefore());
        Load(value);
    }

    private void Read(Operand at, bool wide)
    {
        if (wide) Read16(at);
        else Read8(at);
    }

    /// <summary>
    /// 286: a word at offset FFFFh faults, and the instruction must not have changed anything when
    /// it does, so instructions that write words check their write operands before they begin.
    /// </summary>
    private void CheckWordWrite(Operand at)
    {
        if (!_is286) return;
        Load(at.Offset);
        Const(0xFFFF);
        Emit(OpCodes.Beq, ExitBefore());
    }

    /// <summary>
    /// Writes the byte in <paramref name="value"/>. The write is the instruction's last effect: a
    /// page without a write pointer (ROM, nothing, or code: the page is watched) takes the slow path,
    /// and when it reached compiled code the region leaves right after the instruction.
    /// </summary>
    private void Write8(Operand at, LocalBuilder value, Label? afterWrite = null)
    {
        Emit(OpCodes.Ldarg_0);
        Load(_wr);
        Load(at.Linear);
        Load(value);
        Emit(OpCodes.Call, Method(typeof(TranslatedCode), nameof(TranslatedCode.Write8)));
        Emit(OpCodes.Brtrue, afterWrite ?? ExitAfter());
    }

    /// <summary>
    /// Writes the word in <paramref name="value"/> (see <see cref="Write8"/>); across a page or at
    /// offset FFFFh (8086) byte by byte. On the 286 the offset was checked before the instruction
    /// began (<see cref="CheckWordWrite"/>, or the read of the same operand), so it is not passed.
    /// </summary>
    private void Write16(Operand at, LocalBuilder value, Label? afterWrite = null)
    {
        Emit(OpCodes.Ldarg_0);
        Load(_wr);
        Load(at.Linear);
        if (!_is286) Load(at.Offset);
        Load(value);
        Emit(OpCodes.Call, Method(typeof(TranslatedCode), _is286 ? nameof(TranslatedCode.Write16BelowSegmentEnd) : nameof(TranslatedCode.Write16)));
        Emit(OpCodes.Brtrue, afterWrite ?? ExitAfter());
    }

    private void Write(Operand at, LocalBuilder value, bool wide, Label? afterWrite = null)
    {
        if (wide) Write16(at, value, afterWrite);
        else Write8(at, value, afterWrite);
    }

    // ---- the r/m operand of ModR/M ----

    /// <summary>Reads the r/m operand (a register or memory, whose operand is returned for a write back).</summary>
    private Operand? ReadRm(bool wide)
    {
        if (!_ins.IsMemory)
        {
            LoadReg(_ins.Rm, wide);
            return null;
        }
        Operand at = ModRmOperand();
        Read(at, wide);
        return at;
    }

    /// <summary>Writes <paramref name="value"/> to the r/m operand that <see cref="ReadRm"/> (or <see cref="ModRmOperand"/>) resolved.</summary>
    private void WriteRm(Operand? at, LocalBuilder value, bool wide)
    {
        if (at is { } memory) Write(memory, value, wide);
        else
        {
            Load(value);
            StoreReg(_ins.Rm, wide);
        }
    }

    // ---- the stack ----

    /// <summary>
    /// PUSH: SP moves first, then the word is written, the instruction's last effect (checked before
    /// anything for the 286's fault at FFFFh). <paramref name="value"/> is read before SP moves.
    /// </summary>
    private void Push(LocalBuilder value, Label? afterWrite = null)
    {
        Operand at = PushSlot();
        CheckWordWrite(at);
        Load(at.Offset);
        StoreReg16(SP);
        Write16(at, value, afterWrite);
    }

    /// <summary>The stack slot a push writes: SS:(SP - 2).</summary>
    private Operand PushSlot()
    {
        LoadReg16(SP);
        Const(2);
        Emit(OpCodes.Sub);
        return OperandAtStackOffset(SS);
    }

    /// <summary>POP: reads SS:SP and moves SP on; the word is left on the stack.</summary>
    private void Pop()
    {
        LoadReg16(SP);
        Operand at = OperandAtStackOffset(SS);
        Read16(at);
        LoadReg16(SP);
        Const(2);
        Emit(OpCodes.Add);
        Const(0xFFFF);
        Emit(OpCodes.And);
        StoreReg16(SP);
    }
}
