using System.Runtime.CompilerServices;
using static Concord.Engines.Interpreter.FlagBits;

namespace Concord.Engines.Interpreter.I386;

/// <summary>
/// The 386's arithmetic and its flags, as pure functions of values and flags, generic over the
/// operand size. Where the manuals leave flags undefined, these set them as a real 80386 does
/// (test386's README, "Undefined Behaviour", validated on a 386SX). Operands come masked to the size.
/// </summary>
internal static class Alu386
{
    /// <summary>SF, ZF and PF of a result (PF from its low byte, as always on x86).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Szp<T>(uint r) where T : struct, IOperandSize
    {
        if (T.Bits == 8) return Alu.Szp((int)r);
        return (Alu.Szp((int)r) & PF) | (int)((r >> (T.Bits - 8)) & SF) | ((r & T.Mask) == 0 ? ZF : 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Msb<T>(uint v) where T : struct, IOperandSize => (int)(v >> (T.Bits - 1)) & 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Add<T>(ref int flags, uint a, uint b, uint carry) where T : struct, IOperandSize
    {
        ulong wide = (ulong)a + b + carry;
        uint r = (uint)wide & T.Mask;
        int cf = (int)(wide >> T.Bits) & 1;
        int of = Msb<T>((a ^ r) & (b ^ r)) << 11;
        flags = (flags & ~Arith) | cf | Szp<T>(r) | (int)((a ^ b ^ r) & AF) | of;
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Sub<T>(ref int flags, uint a, uint b, uint borrow) where T : struct, IOperandSize
    {
        uint r = (a - b - borrow) & T.Mask;
        int cf = (ulong)a < (ulong)b + borrow ? CF : 0;
        int of = Msb<T>((a ^ b) & (a ^ r)) << 11;
        flags = (flags & ~Arith) | cf | Szp<T>(r) | (int)((a ^ b ^ r) & AF) | of;
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Logic<T>(ref int flags, uint r) where T : struct, IOperandSize
    {
        r &= T.Mask;
        flags = (flags & ~Arith) | Szp<T>(r);
        return r;
    }

    /// <summary>INC: ADD 1 keeping CF.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Inc<T>(ref int flags, uint a) where T : struct, IOperandSize
    {
        int cf = flags & CF;
        uint r = Add<T>(ref flags, a, 1, 0);
        flags = (flags & ~CF) | cf;
        return r;
    }

    /// <summary>DEC: SUB 1 keeping CF.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Dec<T>(ref int flags, uint a) where T : struct, IOperandSize
    {
        int cf = flags & CF;
        uint r = Sub<T>(ref flags, a, 1, 0);
        flags = (flags & ~CF) | cf;
        return r;
    }

    /// <summary>
    /// A shift or rotate of group 2 (<paramref name="operation"/> = the ModR/M reg field) by a
    /// count already masked to 5 bits and not 0 (a count of 0 changes nothing, flags included).
    /// </summary>
    public static uint Shift<T>(ref int flags, int operation, uint v, int count) where T : struct, IOperandSize
    {
        int width = T.Bits;
        uint mask = T.Mask;
        int f = flags;
        uint r;
        switch (operation)
        {
            case 0: // ROL: CF = the bit rotated into bit 0, OF = MSB xor CF (also when the count is a multiple of the width)
                {
                    int c = count & (width - 1);
                    r = c == 0 ? v : ((v << c) | (v >> (width - c))) & mask;
                    int cf = (int)(r & 1);
                    flags = (f & ~(CF | OF)) | cf | ((Msb<T>(r) ^ cf) << 11);
                    return r;
                }
            case 1: // ROR: CF = MSB, OF = the two top bits differ
                {
                    int c = count & (width - 1);
                    r = c == 0 ? v : ((v >> c) | (v << (width - c))) & mask;
                    flags = (f & ~(CF | OF)) | Msb<T>(r) | ((Msb<T>(r ^ (r << 1))) << 11);
                    return r;
                }
            case 2: // RCL through CF, count mod (width + 1); CF and OF are set even when that is 0
                {
                    int c = count % (width + 1);
                    ulong wide = ((ulong)(uint)(f & CF) << width) | v; // CF above the operand
                    ulong all = (2UL << width) - 1;
                    if (c != 0) wide = ((wide << c) | (wide >> (width + 1 - c))) & all;
                    r = (uint)wide & mask;
                    int cf = (int)(wide >> width) & 1;
                    flags = (f & ~(CF | OF)) | cf | ((Msb<T>(r) ^ cf) << 11);
                    return r;
                }
            case 3: // RCR
                {
                    int c = count % (width + 1);
                    ulong wide = ((ulong)(uint)(f & CF) << width) | v;
                    ulong all = (2UL << width) - 1;
                    if (c != 0) wide = ((wide >> c) | (wide << (width + 1 - c))) & all;
                    r = (uint)wide & mask;
                    int cf = (int)(wide >> width) & 1;
                    flags = (f & ~(CF | OF)) | cf | ((Msb<T>(r ^ (r << 1))) << 11);
                    return r;
                }
            case 4: case 6: // SHL (6: SAL, its alias)
                {
                    r = count >= width ? 0 : (v << count) & mask;
                    int cf = count <= width ? (int)(v >> (width - count)) & 1 : 0;
                    // A byte shifted by 16 or 24 (or a word by 16: the same formula) gives CF = its LSB on the 386.
                    if (width == 8 && (count == 16 || count == 24)) cf = (int)(v & 1);
                    f = (f & ~Arith) | cf | ((Msb<T>(r) ^ cf) << 11) | AF;
                    break;
                }
            case 5: // SHR
                {
                    r = count >= width ? 0 : v >> count;
                    int cf = count <= width ? (int)(v >> (count - 1)) & 1 : 0;
                    if (width == 8 && (count == 16 || count == 24)) cf = Msb<T>(v);
                    // OF: the sign before the last step (the operand's MSB for a count of 1; 0 past the width)
                    int of = count - 1 >= width ? 0 : Msb<T>(v >> (count - 1));
                    f = (f & ~Arith) | cf | (of << 11) | AF;
                    break;
                }
            default: // SAR
                {
                    int s = width == 32 ? (int)v : width == 16 ? (short)v : (sbyte)v;
                    int c = count >= width ? width - 1 : count - 1;
                    int cf = (s >> c) & 1;
                    r = (uint)(s >> (c + 1 >= width ? width - 1 : c + 1)) & mask;
                    if (count >= width) r = (uint)(s >> (width - 1)) & mask;
                    f = (f & ~Arith) | cf | AF;
                    break;
                }
        }
        flags = f | Szp<T>(r);
        return r;
    }

    /// <summary>
    /// SHLD/SHRD by a count masked to 5 bits, not 0. A word operand shifted by more than 16 is
    /// undefined in the manuals; this takes the bits of the 48-bit pattern dest:src:dest, as QEMU
    /// and later Intel CPUs do (no test shows a 386 doing otherwise).
    /// </summary>
    public static uint DoubleShift<T>(ref int flags, bool left, uint dest, uint src, int count) where T : struct, IOperandSize
    {
        uint r;
        int cf;
        if (T.Bits == 32)
        {
            if (left)
            {
                r = (dest << count) | (src >> (32 - count));
                cf = (int)(dest >> (32 - count)) & 1;
            }
            else
            {
                r = (dest >> count) | (src << (32 - count));
                cf = (int)(dest >> (count - 1)) & 1;
            }
        }
        else
        {
            ulong pattern = ((ulong)dest << 32) | ((ulong)src << 16) | dest;
            if (left)
            {
                r = (uint)((pattern << count) >> 32) & 0xFFFF;
                cf = (int)(pattern >> (48 - count)) & 1;
            }
            else
            {
                r = (uint)(pattern >> count) & 0xFFFF;
                cf = (int)(pattern >> (count - 1)) & 1;
            }
        }
        int of = Msb<T>(r ^ dest) << 11; // the sign changed (defined for a count of 1)
        flags = (flags & ~Arith) | cf | of | Szp<T>(r) | (flags & AF);
        return r;
    }

    /// <summary>
    /// The flags of BT/BTS/BTR/BTC: CF = the bit; OF as the 386 leaves it, that of rotating the
    /// operand right through a clear CF by the bit offset plus one (which brings the bit into CF);
    /// SF, ZF, AF and PF unchanged.
    /// </summary>
    public static int BitTestFlags<T>(int flags, uint v, int bit) where T : struct, IOperandSize
    {
        int cf = (int)(v >> bit) & 1;
        int scratch = 0;
        Shift<T>(ref scratch, 3, v, bit + 1);
        return (flags & ~(CF | OF)) | cf | (scratch & OF);
    }
}

/// <summary>One of the eight ALU operations of opcodes 00h-3Fh and 80h-83h, as a type.</summary>
internal interface IAluOperation
{
    static abstract bool WritesResult { get; }
    static abstract uint Apply<T>(ref int flags, uint a, uint b) where T : struct, IOperandSize;
}

internal readonly struct AluAdd : IAluOperation
{
    public static bool WritesResult => true;
    public static uint Apply<T>(ref int f, uint a, uint b) where T : struct, IOperandSize => Alu386.Add<T>(ref f, a, b, 0);
}

internal readonly struct AluOr : IAluOperation
{
    public static bool WritesResult => true;
    public static uint Apply<T>(ref int f, uint a, uint b) where T : struct, IOperandSize => Alu386.Logic<T>(ref f, a | b);
}

internal readonly struct AluAdc : IAluOperation
{
    public static bool WritesResult => true;
    public static uint Apply<T>(ref int f, uint a, uint b) where T : struct, IOperandSize => Alu386.Add<T>(ref f, a, b, (uint)(f & CF));
}

internal readonly struct AluSbb : IAluOperation
{
    public static bool WritesResult => true;
    public static uint Apply<T>(ref int f, uint a, uint b) where T : struct, IOperandSize => Alu386.Sub<T>(ref f, a, b, (uint)(f & CF));
}

internal readonly struct AluAnd : IAluOperation
{
    public static bool WritesResult => true;
    public static uint Apply<T>(ref int f, uint a, uint b) where T : struct, IOperandSize => Alu386.Logic<T>(ref f, a & b);
}

internal readonly struct AluSub : IAluOperation
{
    public static bool WritesResult => true;
    public static uint Apply<T>(ref int f, uint a, uint b) where T : struct, IOperandSize => Alu386.Sub<T>(ref f, a, b, 0);
}

internal readonly struct AluXor : IAluOperation
{
    public static bool WritesResult => true;
    public static uint Apply<T>(ref int f, uint a, uint b) where T : struct, IOperandSize => Alu386.Logic<T>(ref f, a ^ b);
}

internal readonly struct AluCmp : IAluOperation
{
    public static bool WritesResult => false;
    public static uint Apply<T>(ref int f, uint a, uint b) where T : struct, IOperandSize => Alu386.Sub<T>(ref f, a, b, 0);
}

internal readonly struct AluTest : IAluOperation
{
    public static bool WritesResult => false;
    public static uint Apply<T>(ref int f, uint a, uint b) where T : struct, IOperandSize => Alu386.Logic<T>(ref f, a & b);
}
