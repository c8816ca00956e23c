using System.Runtime.CompilerServices;

namespace Concord.Engines.Interpreter.I386;

/// <summary>
/// Decodes one 80386 instruction: prefixes, the opcode (one byte or 0Fh and one), ModR/M with its
/// 16-bit forms or SIB and 32-bit displacements, and immediates, as <see cref="OpcodeTable386"/>
/// describes them. It reads no register and changes nothing, so the interpreter and a translating
/// engine decode alike.
/// </summary>
internal static class Decoder386
{
    /// <summary>The 386 raises #GP(0) on an instruction longer than this, prefixes included.</summary>
    public const int MaxLength = 15;

    private const int ES = 0, CS = 1, SS = 2, DS = 3, FS = 4, GS = 5;

    /// <param name="default32">The code segment's D bit: 32-bit operands and addresses unless prefixed.</param>
    public static DecodeResult Decode<TBytes>(ref TBytes bytes, bool default32, ref DecodedInstruction insn)
        where TBytes : struct, IInstructionBytes
    {
        insn.SegmentOverride = -1;
        insn.Rep = 0;
        insn.Lock = false;
        insn.IsMemory = false;
        bool operandPrefix = false, addressPrefix = false;
        int length = 1;
        if (!bytes.Next(out byte first)) return DecodeResult.FetchFaulted;
        int op = first;
        byte info = OpcodeTable386.Entries[op];
        while ((info & OpcodeTable386.Prefix) != 0)
        {
            switch (op)
            {
                case 0x26: insn.SegmentOverride = ES; break;
                case 0x2E: insn.SegmentOverride = CS; break;
                case 0x36: insn.SegmentOverride = SS; break;
                case 0x3E: insn.SegmentOverride = DS; break;
                case 0x64: insn.SegmentOverride = FS; break;
                case 0x65: insn.SegmentOverride = GS; break;
                case 0x66: operandPrefix = true; break;
                case 0x67: addressPrefix = true; break;
                case 0xF0: insn.Lock = true; break;
                case 0xF2: insn.Rep = DecodedInstruction.RepNE; break;
                default: insn.Rep = DecodedInstruction.RepE; break;
            }
            if (++length > MaxLength) return DecodeResult.TooLong;
            if (!bytes.Next(out byte b)) return DecodeResult.FetchFaulted;
            op = b;
            info = OpcodeTable386.Entries[op];
        }
        if (op == 0x0F)
        {
            if (++length > MaxLength) return DecodeResult.TooLong;
            if (!bytes.Next(out byte b)) return DecodeResult.FetchFaulted;
            op = 0x100 | b;
            info = OpcodeTable386.Entries[op];
        }
        insn.Opcode = op;
        insn.Operand32 = default32 ^ operandPrefix;
        insn.Address32 = default32 ^ addressPrefix;

        if ((info & OpcodeTable386.Invalid) != 0)
        {
            insn.Length = length;
            return DecodeResult.Invalid;
        }

        if ((info & OpcodeTable386.ModRm) != 0)
        {
            if (++length > MaxLength) return DecodeResult.TooLong;
            if (!bytes.Next(out byte m)) return DecodeResult.FetchFaulted;
            insn.ModRm = m;
            if (m < 0xC0 && (info & OpcodeTable386.RegisterOnly) == 0)
            {
                insn.IsMemory = true;
                DecodeResult address = insn.Address32
                    ? DecodeAddress32(ref bytes, ref insn, ref length)
                    : DecodeAddress16(ref bytes, ref insn, ref length);
                if (address != DecodeResult.Ok) return address;
            }
        }

        int immediate = info & OpcodeTable386.ImmediateMask;
        if (immediate != OpcodeTable386.ImmNone)
        {
            // The common immediates here; far pointers, offsets, ENTER and group 3 in DecodeImmediate.
            int size = immediate switch
            {
                OpcodeTable386.Imm8 => 1,
                OpcodeTable386.Imm16 => 2,
                OpcodeTable386.ImmZ => insn.Operand32 ? 4 : 2,
                _ => 0,
            };
            DecodeResult r = size != 0
                ? ReadLittleEndian(ref bytes, size, ref length, out insn.Immediate)
                : DecodeImmediate(ref bytes, ref insn, immediate, ref length);
            if (r != DecodeResult.Ok) return r;
        }
        insn.Length = length;
        return DecodeResult.Ok;
    }

    private static DecodeResult DecodeImmediate<TBytes>(ref TBytes bytes, ref DecodedInstruction insn, int kind, ref int length)
        where TBytes : struct, IInstructionBytes
    {
        int size2 = 0;
        int size = kind switch
        {
            OpcodeTable386.Imm8 => 1,
            OpcodeTable386.Imm16 => 2,
            OpcodeTable386.ImmZ => insn.Operand32 ? 4 : 2,
            OpcodeTable386.ImmFar => insn.Operand32 ? 4 : 2,
            OpcodeTable386.ImmOffset => insn.Address32 ? 4 : 2,
            OpcodeTable386.Imm16Imm8 => 2,
            _ => insn.Reg < 2 ? (insn.Opcode == 0xF6 ? 1 : insn.Operand32 ? 4 : 2) : 0, // group 3: TEST only
        };
        if (kind == OpcodeTable386.ImmFar) size2 = 2;
        else if (kind == OpcodeTable386.Imm16Imm8) size2 = 1;
        DecodeResult r = ReadLittleEndian(ref bytes, size, ref length, out insn.Immediate);
        if (r != DecodeResult.Ok || size2 == 0) return r;
        return ReadLittleEndian(ref bytes, size2, ref length, out insn.Immediate2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static DecodeResult ReadLittleEndian<TBytes>(ref TBytes bytes, int size, ref int length, out uint value)
        where TBytes : struct, IInstructionBytes
    {
        length += size;
        if (length > MaxLength)
        {
            value = 0;
            return DecodeResult.TooLong;
        }
        return bytes.Read(size, out value) ? DecodeResult.Ok : DecodeResult.FetchFaulted;
    }

    /// <summary>The 16-bit forms: BX/BP plus SI/DI, or one of them, or a 16-bit displacement.</summary>
    private static DecodeResult DecodeAddress16<TBytes>(ref TBytes bytes, ref DecodedInstruction insn, ref int length)
        where TBytes : struct, IInstructionBytes
    {
        const int BX = 3, BP = 5, SI = 6, DI = 7;
        int m = insn.ModRm;
        int mod = m >> 6;
        insn.Scale = 0;
        insn.DefaultSegment = DS;
        (insn.Base, insn.Index) = (m & 7) switch
        {
            0 => (BX, SI),
            1 => (BX, DI),
            2 => (BP, SI),
            3 => (BP, DI),
            4 => (-1, SI),
            5 => (-1, DI),
            6 => (mod == 0 ? -1 : BP, -1),
            _ => (BX, -1),
        };
        if (insn.Base == BP) insn.DefaultSegment = SS;
        insn.Displacement = 0;
        if (mod == 0 && (m & 7) == 6) return ReadLittleEndian(ref bytes, 2, ref length, out insn.Displacement);
        if (mod == 1)
        {
            DecodeResult r = ReadLittleEndian(ref bytes, 1, ref length, out uint d);
            insn.Displacement = (uint)(sbyte)d;
            return r;
        }
        if (mod == 2) return ReadLittleEndian(ref bytes, 2, ref length, out insn.Displacement);
        return DecodeResult.Ok;
    }

    /// <summary>
    /// The 32-bit forms, with a SIB byte when r/m = 4. An index field of 4 means no index; the 386
    /// then applies the scale to the base instead (test386's README, "LEA (32-bit addressing)").
    /// </summary>
    private static DecodeResult DecodeAddress32<TBytes>(ref TBytes bytes, ref DecodedInstruction insn, ref int length)
        where TBytes : struct, IInstructionBytes
    {
        const int ESP = 4, EBP = 5;
        int m = insn.ModRm;
        int mod = m >> 6;
        int rm = m & 7;
        insn.Index = -1;
        insn.Scale = 0;
        insn.DefaultSegment = DS;
        bool disp32 = mod == 2;
        if (rm == 4)
        {
            if (++length > MaxLength) return DecodeResult.TooLong;
            if (!bytes.Next(out byte sib)) return DecodeResult.FetchFaulted;
            int scale = sib >> 6, index = (sib >> 3) & 7, b = sib & 7;
            if (b == EBP && mod == 0)
            {
                insn.Base = -1;
                disp32 = true;
            }
            else
            {
                insn.Base = b;
                if (b == ESP || b == EBP) insn.DefaultSegment = SS;
            }
            if (index != ESP)
            {
                insn.Index = index;
                insn.Scale = scale;
            }
            else if (scale != 0 && insn.Base >= 0)
            {
                insn.Index = insn.Base; // the 386 scales the base: [base * 2^scale]
                insn.Scale = scale;
                insn.Base = -1;
            }
        }
        else if (rm == EBP && mod == 0)
        {
            insn.Base = -1;
            disp32 = true;
        }
        else
        {
            insn.Base = rm;
            if (rm == EBP) insn.DefaultSegment = SS;
        }
        insn.Displacement = 0;
        if (mod == 1)
        {
            DecodeResult r = ReadLittleEndian(ref bytes, 1, ref length, out uint d);
            insn.Displacement = (uint)(sbyte)d;
            return r;
        }
        return disp32 ? ReadLittleEndian(ref bytes, 4, ref length, out insn.Displacement) : DecodeResult.Ok;
    }
}
