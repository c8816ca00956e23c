using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static Concord.Engines.Interpreter.FlagBits;

namespace Concord.Engines.Interpreter;

/// <summary>
/// One of the eight ALU operations of opcodes 00h-3Fh and 80h-83h. Structs, so each use is
/// compiled for its operation with no dispatch.
/// </summary>
internal interface IAluOp
{
    static abstract bool WritesResult { get; }
    static abstract int Op8(ref int flags, int a, int b);
    static abstract int Op16(ref int flags, int a, int b);
}

/// <summary>Flag arithmetic shared by the ALU operations.</summary>
internal static class Alu
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Szp16(int r) => (Szp(r) & PF) | ((r >> 8) & SF) | ((((r & 0xFFFF) - 1) >> 31) & ZF);

    /// <summary>SF, ZF, PF of the low byte of <paramref name="r"/>, without a bounds check.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Szp(int r) => Unsafe.Add(ref MemoryMarshal.GetReference(Szp8), r & 0xFF);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Add8(ref int flags, int a, int b, int carry)
    {
        int r = a + b + carry;
        flags = (flags & ~Arith) | ((r >> 8) & CF) | Szp(r) | ((a ^ b ^ r) & AF) | ((((a ^ r) & (b ^ r)) << 4) & OF);
        return r & 0xFF;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Add16(ref int flags, int a, int b, int carry)
    {
        int r = a + b + carry;
        flags = (flags & ~Arith) | ((r >> 16) & CF) | Szp16(r) | ((a ^ b ^ r) & AF) | ((((a ^ r) & (b ^ r)) >> 4) & OF);
        return r & 0xFFFF;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Sub8(ref int flags, int a, int b, int borrow)
    {
        int r = a - b - borrow;
        flags = (flags & ~Arith) | ((r >> 8) & CF) | Szp(r) | ((a ^ b ^ r) & AF) | ((((a ^ b) & (a ^ r)) << 4) & OF);
        return r & 0xFF;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Sub16(ref int flags, int a, int b, int borrow)
    {
        int r = a - b - borrow;
        flags = (flags & ~Arith) | ((r >> 16) & CF) | Szp16(r) | ((a ^ b ^ r) & AF) | ((((a ^ b) & (a ^ r)) >> 4) & OF);
        return r & 0xFFFF;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Logic8(ref int flags, int r)
    {
        flags = (flags & ~Arith) | Szp(r);
        return r & 0xFF;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Logic16(ref int flags, int r)
    {
        flags = (flags & ~Arith) | Szp16(r);
        return r & 0xFFFF;
    }

    /// <summary>
    /// DAA (<paramref name="subtract"/> false) and DAS (true) of <paramref name="al"/>: the low digit
    /// adjusted by 6 when it is above 9 or AF is set, the high one by 60h when AL was above
    /// <paramref name="threshold"/> (99h; the 8086 uses 9Fh when AF was set) or CF is set. OF is set
    /// as the sign went: from clear to set (DAA), from set to clear (DAS). With
    /// <paramref name="borrowSetsCarry"/> (the 386), DAS also sets CF on the borrow of AL - 6.
    /// </summary>
    public static int DecimalAdjust(ref int flags, int al, bool subtract, int threshold, bool borrowSetsCarry)
    {
        int f = flags, oldAl = al;
        bool oldCf = (f & CF) != 0, oldAf = (f & AF) != 0;
        f &= ~(CF | AF);
        if ((al & 0x0F) > 9 || oldAf)
        {
            if (subtract && borrowSetsCarry && al < 6) f |= CF;
            al += subtract ? -6 : 6;
            f |= AF;
        }
        if (oldAl > threshold || oldCf)
        {
            al += subtract ? -0x60 : 0x60;
            f |= CF;
        }
        al &= 0xFF;
        int sign = subtract ? (oldAl ^ al) & oldAl & 0x80 : (oldAl ^ al) & al & 0x80;
        flags = (f & ~(SF | ZF | PF | OF)) | Szp(al) | (sign << 4);
        return al;
    }

    /// <summary>INC/DEC: like ADD/SUB 1 but CF is kept.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Inc8(ref int flags, int a)
    {
        int cf = flags & CF;
        int r = Add8(ref flags, a, 1, 0);
        flags = (flags & ~CF) | cf;
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Dec8(ref int flags, int a)
    {
        int cf = flags & CF;
        int r = Sub8(ref flags, a, 1, 0);
        flags = (flags & ~CF) | cf;
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Inc16(ref int flags, int a)
    {
        int cf = flags & CF;
        int r = Add16(ref flags, a, 1, 0);
        flags = (flags & ~CF) | cf;
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Dec16(ref int flags, int a)
    {
        int cf = flags & CF;
        int r = Sub16(ref flags, a, 1, 0);
        flags = (flags & ~CF) | cf;
        return r;
    }
}

internal readonly struct OpAdd : IAluOp
{
    public static bool WritesResult => true;
    public static int Op8(ref int f, int a, int b) => Alu.Add8(ref f, a, b, 0);
    public static int Op16(ref int f, int a, int b) => Alu.Add16(ref f, a, b, 0);
}

internal readonly struct OpOr : IAluOp
{
    public static bool WritesResult => true;
    public static int Op8(ref int f, int a, int b) => Alu.Logic8(ref f, a | b);
    public static int Op16(ref int f, int a, int b) => Alu.Logic16(ref f, a | b);
}

internal readonly struct OpAdc : IAluOp
{
    public static bool WritesResult => true;
    public static int Op8(ref int f, int a, int b) => Alu.Add8(ref f, a, b, f & CF);
    public static int Op16(ref int f, int a, int b) => Alu.Add16(ref f, a, b, f & CF);
}

internal readonly struct OpSbb : IAluOp
{
    public static bool WritesResult => true;
    public static int Op8(ref int f, int a, int b) => Alu.Sub8(ref f, a, b, f & CF);
    public static int Op16(ref int f, int a, int b) => Alu.Sub16(ref f, a, b, f & CF);
}

internal readonly struct OpAnd : IAluOp
{
    public static bool WritesResult => true;
    public static int Op8(ref int f, int a, int b) => Alu.Logic8(ref f, a & b);
    public static int Op16(ref int f, int a, int b) => Alu.Logic16(ref f, a & b);
}

internal readonly struct OpSub : IAluOp
{
    public static bool WritesResult => true;
    public static int Op8(ref int f, int a, int b) => Alu.Sub8(ref f, a, b, 0);
    public static int Op16(ref int f, int a, int b) => Alu.Sub16(ref f, a, b, 0);
}

internal readonly struct OpXor : IAluOp
{
    public static bool WritesResult => true;
    public static int Op8(ref int f, int a, int b) => Alu.Logic8(ref f, a ^ b);
    public static int Op16(ref int f, int a, int b) => Alu.Logic16(ref f, a ^ b);
}

internal readonly struct OpCmp : IAluOp
{
    public static bool WritesResult => false;
    public static int Op8(ref int f, int a, int b) => Alu.Sub8(ref f, a, b, 0);
    public static int Op16(ref int f, int a, int b) => Alu.Sub16(ref f, a, b, 0);
}

/// <summary>TEST is AND without the write.</summary>
internal readonly struct OpTest : IAluOp
{
    public static bool WritesResult => false;
    public static int Op8(ref int f, int a, int b) => Alu.Logic8(ref f, a & b);
    public static int Op16(ref int f, int a, int b) => Alu.Logic16(ref f, a & b);
}
