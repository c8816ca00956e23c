using System.Runtime.CompilerServices;
using Concord.Engines.Interpreter;
using static Concord.Engines.Interpreter.FlagBits;

namespace Concord.Engines.Translator;

/// <summary>
/// FLAGS from the lazy state translated code keeps (<see cref="FlagKind"/> and its a, b, r): called
/// where a flag is read in a way the translator does not compute inline, and at every exit. The
/// arithmetic is the interpreter's (<see cref="Alu"/>), so both engines give the same flags.
/// </summary>
internal static class LazyFlags
{
    /// <summary>The whole FLAGS word: <paramref name="held"/> with the arithmetic flags of <paramref name="kind"/> put in.</summary>
    public static int Materialize(int kind, int a, int b, int r, int held)
    {
        int f = held;
        switch ((FlagKind)kind)
        {
            case FlagKind.None:
                return held;
            case FlagKind.Add8:
                Alu.Add8(ref f, a, b, r - a - b);
                return f;
            case FlagKind.Add16:
                Alu.Add16(ref f, a, b, r - a - b);
                return f;
            case FlagKind.Sub8: case FlagKind.Cmp8:
                Alu.Sub8(ref f, a, b, a - b - r);
                return f;
            case FlagKind.Sub16: case FlagKind.Cmp16:
                Alu.Sub16(ref f, a, b, a - b - r);
                return f;
            case FlagKind.Logic8:
                return (held & ~Arith) | Alu.Szp(r);
            case FlagKind.Logic16:
                return (held & ~Arith) | Alu.Szp16(r);
            case FlagKind.Inc8:
                Alu.Inc8(ref f, a);
                return f;
            case FlagKind.Inc16:
                Alu.Inc16(ref f, a);
                return f;
            case FlagKind.Dec8:
                Alu.Dec8(ref f, a);
                return f;
            case FlagKind.Dec16:
                Alu.Dec16(ref f, a);
                return f;
            case FlagKind.Mul8:
                return (held & ~Arith) | Alu.Szp(r) | (a != 0 ? CF | OF : 0);
            case FlagKind.Mul16:
                return (held & ~Arith) | Alu.Szp16(r) | (a != 0 ? CF | OF : 0);
            case FlagKind.Shl8: case FlagKind.Shl16:
                {
                    int width = kind == (int)FlagKind.Shl8 ? 8 : 16;
                    int cf = b <= width ? (a >> (width - b)) & 1 : 0;
                    int of = ((r >> (width - 1)) & 1) != cf ? OF : 0;
                    return (held & ~Arith) | cf | of | Szp(r, width);
                }
            case FlagKind.Shr8: case FlagKind.Shr16:
                {
                    int width = kind == (int)FlagKind.Shr8 ? 8 : 16;
                    int cf = b <= width ? (a >> (b - 1)) & 1 : 0;
                    int before = b - 1 >= width ? 0 : a >> (b - 1);
                    int of = ((before >> (width - 1)) & 1) != 0 ? OF : 0;
                    return (held & ~Arith) | cf | of | Szp(r, width);
                }
            case FlagKind.Sar8: case FlagKind.Sar16:
                {
                    int width = kind == (int)FlagKind.Sar8 ? 8 : 16;
                    int s = width == 8 ? (sbyte)a : (short)a;
                    int c = b >= width ? width : b;
                    return (held & ~Arith) | ((s >> (c - 1)) & 1) | Szp(r, width);
                }
            default:
                throw new InvalidOperationException($"flag kind {kind} is not known");
        }
    }

    /// <summary>
    /// CF alone (0 or 1), for ADC, SBB, INC and DEC where the kind is known only at run time: they
    /// replace the kind right after, so FLAGS need not be made whole (as <see cref="Materialize"/>
    /// does, a call that took a tenth of a loop's time when a DEC followed a merge of two kinds).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Carry(int kind, int a, int b, int r, int held)
    {
        switch ((FlagKind)kind)
        {
            case FlagKind.Add8: case FlagKind.Sub8: case FlagKind.Cmp8:
                return (r >> 8) & 1;
            case FlagKind.Add16: case FlagKind.Sub16: case FlagKind.Cmp16:
                return (r >> 16) & 1;
            case FlagKind.Logic8: case FlagKind.Logic16:
                return 0;
            case FlagKind.Mul8: case FlagKind.Mul16:
                return a;
            case FlagKind.None: case FlagKind.Inc8: case FlagKind.Inc16: case FlagKind.Dec8: case FlagKind.Dec16:
                return held & CF;
            default:
                return Materialize(kind, a, b, r, held) & CF;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Szp(int r, int width) => width == 8 ? Alu.Szp(r) : Alu.Szp16(r);

    /// <summary>The parity flag bit (PF) of the low byte of <paramref name="r"/>.</summary>
    public static int Parity(int r) => Alu.Szp(r) & PF;
}
