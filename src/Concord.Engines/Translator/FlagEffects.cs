namespace Concord.Engines.Translator;

/// <summary>
/// The flag effect of each translated instruction, shared by the region planner (which follows the
/// lazy flag state through a region) and the compiler (which emits code for that state), so the two
/// always agree.
/// </summary>
internal static class FlagEffects
{
    /// <summary>Lattice values beside the <see cref="FlagKind"/>s: not reached yet, and reached with kinds that differ (read at run time).</summary>
    public const int Unknown = -1, Dynamic = -2;

    public static FlagEffect Of(GuestInstruction ins, bool is286)
    {
        if (!ins.Translated) return FlagEffect.None;
        int op = ins.Op;
        switch (op)
        {
            case <= 0x3F when (op & 7) <= 5:
                return ((op >> 3) & 7) is 2 or 3 ? FlagEffect.ReadsCarryThenProduces : FlagEffect.Produces;
            case >= 0x40 and <= 0x4F:
                return FlagEffect.ReadsCarryThenProduces;
            case >= 0x60 and <= 0x6F when !is286:
            case >= 0x70 and <= 0x7F:
            case 0x9C: case 0x9F: case 0xD6: case 0xE0: case 0xE1:
                return FlagEffect.Reads;
            case 0x69: case 0x6B: case 0x84: case 0x85: case 0xA6: case 0xA7: case 0xA8: case 0xA9: case 0xAE: case 0xAF:
                return FlagEffect.Produces;
            case 0x80: case 0x81: case 0x82: case 0x83:
                return ins.Reg is 2 or 3 ? FlagEffect.ReadsCarryThenProduces : FlagEffect.Produces;
            case 0x9E: case 0xF5: case 0xF8: case 0xF9:
                return FlagEffect.Materializes;
            case 0xC0: case 0xC1: // the 286's shifts by imm8 (the 8086's C0/C1 are RETs)
                if (!is286) return FlagEffect.None;
                if ((ins.Immediate & 0x1F) == 0) return FlagEffect.None;
                return ins.Reg <= 3 ? FlagEffect.Materializes : FlagEffect.Produces;
            case 0xD0: case 0xD1:
                return ins.Reg <= 3 ? FlagEffect.Materializes : FlagEffect.Produces;
            case 0xD2: case 0xD3:
                return FlagEffect.Materializes;
            case 0xF6: case 0xF7:
                return ins.Reg switch
                {
                    0 or 1 or 3 or 4 or 5 => FlagEffect.Produces, // TEST, NEG, MUL, IMUL
                    _ => FlagEffect.None,                          // NOT, DIV, IDIV
                };
            case 0xFE: case 0xFF:
                return ins.Reg <= 1 ? FlagEffect.ReadsCarryThenProduces : FlagEffect.None;
            default:
                return FlagEffect.None;
        }
    }

    /// <summary>The kind an instruction with <see cref="FlagEffect.Produces"/> or <see cref="FlagEffect.ReadsCarryThenProduces"/> leaves.</summary>
    public static FlagKind Produced(GuestInstruction ins)
    {
        int op = ins.Op;
        bool wide;
        int operation;
        switch (op)
        {
            case <= 0x3F:
                return Alu((op >> 3) & 7, (op & 1) != 0);
            case >= 0x40 and <= 0x47: return FlagKind.Inc16;
            case >= 0x48 and <= 0x4F: return FlagKind.Dec16;
            case 0x69: case 0x6B: return FlagKind.Mul16;
            case 0x80: case 0x82: return Alu(ins.Reg, false);
            case 0x81: case 0x83: return Alu(ins.Reg, true);
            case 0x84: case 0xA8: return FlagKind.Logic8;
            case 0x85: case 0xA9: return FlagKind.Logic16;
            case 0xA6: case 0xAE: return FlagKind.Cmp8;
            case 0xA7: case 0xAF: return FlagKind.Cmp16;
            case 0xC0: case 0xD0: wide = false; operation = ins.Reg; break;
            case 0xC1: case 0xD1: wide = true; operation = ins.Reg; break;
            case 0xF6: case 0xF7:
                wide = op == 0xF7;
                return ins.Reg switch
                {
                    0 or 1 => wide ? FlagKind.Logic16 : FlagKind.Logic8,
                    3 => wide ? FlagKind.Cmp16 : FlagKind.Cmp8,
                    _ => wide ? FlagKind.Mul16 : FlagKind.Mul8,
                };
            case 0xFE: return ins.Reg == 0 ? FlagKind.Inc8 : FlagKind.Dec8;
            case 0xFF: return ins.Reg == 0 ? FlagKind.Inc16 : FlagKind.Dec16;
            default: throw new InvalidOperationException($"opcode {op:X2}h produces no lazy flags");
        }
        return operation switch
        {
            4 or 6 => wide ? FlagKind.Shl16 : FlagKind.Shl8,
            5 => wide ? FlagKind.Shr16 : FlagKind.Shr8,
            _ => wide ? FlagKind.Sar16 : FlagKind.Sar8,
        };
    }

    private static FlagKind Alu(int operation, bool wide) => operation switch
    {
        0 or 2 => wide ? FlagKind.Add16 : FlagKind.Add8,
        3 => wide ? FlagKind.Sub16 : FlagKind.Sub8,
        5 or 7 => wide ? FlagKind.Cmp16 : FlagKind.Cmp8,
        _ => wide ? FlagKind.Logic16 : FlagKind.Logic8,
    };

    /// <summary>The lazy state after an instruction, from the state before it.</summary>
    public static int After(GuestInstruction ins, bool is286, int before)
    {
        switch (Of(ins, is286))
        {
            case FlagEffect.None: return before;
            case FlagEffect.Reads: return before == Dynamic ? (int)FlagKind.None : before;
            case FlagEffect.Materializes: return (int)FlagKind.None;
            default: return (int)Produced(ins);
        }
    }

    public static int Merge(int a, int b) => a == Unknown ? b : b == Unknown ? a : a == b ? a : Dynamic;
}
