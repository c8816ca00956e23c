using System.Reflection.Emit;
using static Concord.Engines.Interpreter.FlagBits;

namespace Concord.Engines.Translator;

/// <summary>
/// Lazy flags: producers leave their kind, operands and result in locals; readers compute the bits
/// they need from them (a compare and a conditional jump become one comparison), or make FLAGS whole
/// through <see cref="LazyFlags.Materialize"/> where that is simpler or the kind is known only at run time.
/// </summary>
internal sealed unsafe partial class RegionCompiler
{
    /// <summary>The lazy flag state before the current instruction (a <see cref="FlagKind"/> or <see cref="FlagEffects.Dynamic"/>).</summary>
    private int State => _plan.FlagsBefore[_index];

    /// <summary>Pushes the whole FLAGS word, whatever the state (the kind is read from its local).</summary>
    private void EmitMaterialize()
    {
        Load(_ccOp);
        Load(_ccA);
        Load(_ccB);
        Load(_ccR);
        Load(_fl);
        Emit(OpCodes.Call, Method(typeof(LazyFlags), nameof(LazyFlags.Materialize)));
    }

    /// <summary>Makes FLAGS whole in its local (the kind becomes <see cref="FlagKind.None"/>).</summary>
    private void MaterializeInPlace()
    {
        if (State == (int)FlagKind.None) return;
        EmitMaterialize();
        Store(_fl);
        Const((int)FlagKind.None);
        Store(_ccOp);
    }

    /// <summary>
    /// Records a lazy result: kind, operands, result (the result unmasked for ADD and SUB kinds).
    /// Producers compute in the lazy locals themselves where they can (<see cref="_ccA"/>,
    /// <see cref="_ccB"/>, <see cref="_ccR"/>), so this is often only the kind: fewer local
    /// references per guest instruction keep a region below the counts past which RyuJIT stops optimising.
    /// </summary>
    private void SetLazy(FlagKind kind, LocalBuilder? a, LocalBuilder? b, LocalBuilder r)
    {
        Const((int)kind);
        Store(_ccOp);
        Copy(a, _ccA);
        Copy(b, _ccB);
        Copy(r, _ccR);
    }

    private void SetLazyConstB(FlagKind kind, LocalBuilder a, int b, LocalBuilder r)
    {
        Const((int)kind);
        Store(_ccOp);
        Copy(a, _ccA);
        Const(b);
        Store(_ccB);
        Copy(r, _ccR);
    }

    private void Copy(LocalBuilder? from, LocalBuilder to)
    {
        if (from is null || from == to) return;
        Load(from);
        Store(to);
    }

    /// <summary>
    /// Where an ALU operation keeps its operands: in the lazy locals, unless it reads the carry of
    /// the state before it (ADC, SBB), which those locals still hold. Between these stores and
    /// <see cref="SetLazy"/> nothing may exit or read flags.
    /// </summary>
    private (LocalBuilder A, LocalBuilder B) AluOperands(int operation) =>
        operation is 2 or 3 ? (Temp(), Temp()) : (_ccA, _ccB);

    private static int Width(FlagKind kind) => kind switch
    {
        FlagKind.Add8 or FlagKind.Sub8 or FlagKind.Cmp8 or FlagKind.Logic8 or FlagKind.Inc8 or FlagKind.Dec8 or
        FlagKind.Mul8 or FlagKind.Shl8 or FlagKind.Shr8 or FlagKind.Sar8 => 8,
        _ => 16,
    };

    /// <summary>The kind of the state before the current instruction, after making FLAGS whole if it is known only at run time.</summary>
    private FlagKind ReadableState()
    {
        if (State == FlagEffects.Dynamic)
        {
            MaterializeInPlace();
            return FlagKind.None;
        }
        return (FlagKind)State;
    }

    /// <summary>
    /// Pushes CF (0 or 1) of the state before the current instruction without making FLAGS whole:
    /// only for instructions that produce a new kind right after (ADC, SBB, INC, DEC), since
    /// instructions that only read flags leave the planner's state <see cref="FlagKind.None"/>.
    /// </summary>
    private void EmitCarryOfState()
    {
        if (State != FlagEffects.Dynamic)
        {
            EmitCarry((FlagKind)State);
            return;
        }
        Load(_ccOp);
        Load(_ccA);
        Load(_ccB);
        Load(_ccR);
        Load(_fl);
        Emit(OpCodes.Call, Method(typeof(LazyFlags), nameof(LazyFlags.Carry)));
    }

    /// <summary>Pushes CF (0 or 1) of <paramref name="kind"/>.</summary>
    private void EmitCarry(FlagKind kind)
    {
        int w = Width(kind);
        switch (kind)
        {
            case FlagKind.None: case FlagKind.Inc8: case FlagKind.Inc16: case FlagKind.Dec8: case FlagKind.Dec16:
                Load(_fl);
                Const(CF);
                Emit(OpCodes.And);
                return;
            case FlagKind.Add8: case FlagKind.Add16: case FlagKind.Sub8: case FlagKind.Sub16: case FlagKind.Cmp8: case FlagKind.Cmp16:
                Load(_ccR);
                Const(w);
                Emit(OpCodes.Shr);
                Const(1);
                Emit(OpCodes.And);
                return;
            case FlagKind.Logic8: case FlagKind.Logic16:
                Const(0);
                return;
            case FlagKind.Mul8: case FlagKind.Mul16:
                Load(_ccA);
                return;
            case FlagKind.Shl8: case FlagKind.Shl16:
                // count <= width ? (a >> (width - count)) & 1 : 0
                Load(_ccA);
                Const(w);
                Load(_ccB);
                Emit(OpCodes.Sub);
                Const(31);
                Emit(OpCodes.And);
                Emit(OpCodes.Shr);
                Load(_ccB);
                Const(w + 1);
                Emit(OpCodes.Clt);
                Emit(OpCodes.And);
                return;
            case FlagKind.Shr8: case FlagKind.Shr16:
                // count <= width ? (a >> (count - 1)) & 1 : 0
                Load(_ccA);
                Load(_ccB);
                Const(1);
                Emit(OpCodes.Sub);
                Const(31);
                Emit(OpCodes.And);
                Emit(OpCodes.Shr);
                Load(_ccB);
                Const(w + 1);
                Emit(OpCodes.Clt);
                Emit(OpCodes.And);
                return;
            default:
                EmitMaterialize();
                Const(CF);
                Emit(OpCodes.And);
                return;
        }
    }

    /// <summary>Pushes a non-zero value when ZF is set.</summary>
    private void EmitZero(FlagKind kind)
    {
        if (kind == FlagKind.None)
        {
            Load(_fl);
            Const(ZF);
            Emit(OpCodes.And);
            return;
        }
        Load(_ccR);
        Const(Width(kind) == 8 ? 0xFF : 0xFFFF);
        Emit(OpCodes.And);
        Const(0);
        Emit(OpCodes.Ceq);
    }

    /// <summary>Pushes SF as 0 or 1.</summary>
    private void EmitSign(FlagKind kind)
    {
        if (kind == FlagKind.None)
        {
            Load(_fl);
            Const(7);
            Emit(OpCodes.Shr);
        }
        else
        {
            Load(_ccR);
            Const(Width(kind) - 1);
            Emit(OpCodes.Shr);
        }
        Const(1);
        Emit(OpCodes.And);
    }

    /// <summary>Pushes OF as 0 or 1.</summary>
    private void EmitOverflow(FlagKind kind)
    {
        int top = Width(kind) - 1;
        switch (kind)
        {
            case FlagKind.Add8: case FlagKind.Add16: case FlagKind.Inc8: case FlagKind.Inc16:
                // ((a ^ r) & (b ^ r)) >> top & 1
                Load(_ccA);
                Load(_ccR);
                Emit(OpCodes.Xor);
                Load(_ccB);
                Load(_ccR);
                Emit(OpCodes.Xor);
                Emit(OpCodes.And);
                Const(top);
                Emit(OpCodes.Shr);
                Const(1);
                Emit(OpCodes.And);
                return;
            case FlagKind.Sub8: case FlagKind.Sub16: case FlagKind.Cmp8: case FlagKind.Cmp16: case FlagKind.Dec8: case FlagKind.Dec16:
                // ((a ^ b) & (a ^ r)) >> top & 1
                Load(_ccA);
                Load(_ccB);
                Emit(OpCodes.Xor);
                Load(_ccA);
                Load(_ccR);
                Emit(OpCodes.Xor);
                Emit(OpCodes.And);
                Const(top);
                Emit(OpCodes.Shr);
                Const(1);
                Emit(OpCodes.And);
                return;
            case FlagKind.Logic8: case FlagKind.Logic16: case FlagKind.Sar8: case FlagKind.Sar16:
                Const(0);
                return;
            case FlagKind.Mul8: case FlagKind.Mul16:
                Load(_ccA);
                return;
            default:
                EmitMaterialize();
                Const(11);
                Emit(OpCodes.Shr);
                Const(1);
                Emit(OpCodes.And);
                return;
        }
    }

    /// <summary>
    /// Jumps to <paramref name="target"/> when condition <paramref name="cc"/> (the low nibble of
    /// Jcc: O NO B AE Z NZ BE A S NS P NP L GE LE G) holds, reading the flags of the current state.
    /// </summary>
    private void EmitBranchIf(int cc, Label target)
    {
        FlagKind kind = ReadableState();
        bool negate = (cc & 1) != 0;
        int test = cc >> 1;

        if (kind is FlagKind.Cmp8 or FlagKind.Cmp16 && test is 1 or 2 or 3 or 6 or 7)
        {
            // A comparison: the condition is a comparison of the operands themselves.
            bool signed = test >= 6;
            void Operand(LocalBuilder local)
            {
                Load(local);
                if (!signed) return;
                Emit(kind == FlagKind.Cmp8 ? OpCodes.Conv_I1 : OpCodes.Conv_I2);
            }
            Operand(_ccA);
            Operand(_ccB);
            OpCode branch = (test, negate) switch
            {
                (1, false) => OpCodes.Blt_Un, (1, true) => OpCodes.Bge_Un,
                (2, false) => OpCodes.Beq, (2, true) => OpCodes.Bne_Un,
                (3, false) => OpCodes.Ble_Un, (3, true) => OpCodes.Bgt_Un,
                (6, false) => OpCodes.Blt, (6, true) => OpCodes.Bge,
                (7, false) => OpCodes.Ble, _ => OpCodes.Bgt,
            };
            Emit(branch, target);
            return;
        }

        if (kind is FlagKind.Logic8 or FlagKind.Logic16 && test is 0 or 1 or 6 or 7)
        {
            // CF = OF = 0: O and B never hold, L is SF, LE is "signed result <= 0".
            bool holds;
            switch (test)
            {
                case 0: case 1:
                    holds = negate;
                    if (holds) Emit(OpCodes.Br, target);
                    return;
                case 6:
                    EmitSign(kind);
                    Emit(negate ? OpCodes.Brfalse : OpCodes.Brtrue, target);
                    return;
                default:
                    Load(_ccR);
                    Emit(kind == FlagKind.Logic8 ? OpCodes.Conv_I1 : OpCodes.Conv_I2);
                    Const(0);
                    Emit(negate ? OpCodes.Bgt : OpCodes.Ble, target);
                    return;
            }
        }

        switch (test)
        {
            case 0: EmitOverflow(kind); break;
            case 1: EmitCarry(kind); break;
            case 2: EmitZero(kind); break;
            case 3:
                EmitCarry(kind);
                EmitZero(kind);
                Emit(OpCodes.Or);
                break;
            case 4: EmitSign(kind); break;
            case 5:
                EmitMaterialize();
                Const(PF);
                Emit(OpCodes.And);
                break;
            case 6:
                EmitSign(kind);
                EmitOverflow(kind);
                Emit(OpCodes.Xor);
                break;
            default:
                EmitSign(kind);
                EmitOverflow(kind);
                Emit(OpCodes.Xor);
                EmitZero(kind);
                Emit(OpCodes.Or);
                break;
        }
        Emit(negate ? OpCodes.Brfalse : OpCodes.Brtrue, target);
    }
}
