using System.Runtime.CompilerServices;
using static Concord.Engines.Interpreter.FlagBits;

namespace Concord.Engines.Interpreter.I386;

/// <summary>Operands of the instruction in progress: ModR/M, the stack, near jumps, conditions.</summary>
internal sealed unsafe partial class Core386
{
    /// <summary>The offset of the memory operand: base + index × scale + displacement, wrapped to the address size.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint EffectiveAddress()
    {
        uint ea = _insn.Displacement;
        if (_insn.Base >= 0) ea += _r[_insn.Base];
        if (_insn.Index >= 0) ea += _r[_insn.Index] << _insn.Scale;
        return _insn.Address32 ? ea : ea & 0xFFFF;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint ReadRm<T>() where T : struct, IOperandSize =>
        _insn.IsMemory ? Read<T>(_insn.Segment, _ea) : GetReg<T>(_insn.Rm);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteRm<T>(uint value) where T : struct, IOperandSize
    {
        if (_insn.IsMemory) Write<T>(_insn.Segment, _ea, value);
        else SetReg<T>(_insn.Rm, value);
    }

    /// <summary>Reads the r/m operand of an instruction that writes it back (<see cref="UpdateRm{T}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint ReadRmForUpdate<T>() where T : struct, IOperandSize =>
        _insn.IsMemory ? ReadRmw<T>(_insn.Segment, _ea) : GetReg<T>(_insn.Rm);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void UpdateRm<T>(uint value) where T : struct, IOperandSize
    {
        if (_insn.IsMemory) WriteRmw<T>(value);
        else SetReg<T>(_insn.Rm, value);
    }

    // ---- the stack: SS.B chooses ESP or SP ----

    private uint StackPointer
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _stack32 ? _r[SP] : (ushort)_r[SP];
    }

    private uint StackMask
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _stack32 ? 0xFFFF_FFFFu : 0xFFFFu;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetStackPointer(uint value)
    {
        if (_stack32) _r[SP] = value;
        else *(ushort*)(_r + SP) = (ushort)value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Push<T>(uint value) where T : struct, IOperandSize
    {
        uint sp = (StackPointer - (uint)T.Bytes) & StackMask;
        Write<T>(SS, sp, value);
        SetStackPointer(sp);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint Pop<T>() where T : struct, IOperandSize
    {
        uint sp = StackPointer;
        uint value = Read<T>(SS, sp);
        SetStackPointer(sp + (uint)T.Bytes);
        return value;
    }

    /// <summary>Pushes with the operand size of the instruction.</summary>
    private void PushOperand(uint value)
    {
        if (_insn.Operand32) Push<Size32>(value);
        else Push<Size16>(value);
    }

    private uint PopOperand() => _insn.Operand32 ? Pop<Size32>() : Pop<Size16>();

    // ---- near transfers ----

    /// <summary>EIP = <paramref name="target"/> (16 bits with a 16-bit operand size), #GP(0) beyond CS's limit.</summary>
    private void JumpNear(uint target)
    {
        if (!_insn.Operand32) target &= 0xFFFF;
        if (target > _seg[CS].Limit)
        {
            Gp(0);
            return;
        }
        _eip = target;
    }

    private void JumpIf(bool condition, uint displacement)
    {
        if (condition) JumpNear(_eip + displacement);
    }

    /// <summary>The condition of Jcc number <paramref name="cc"/> (70h + cc).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Condition(int cc) => FlagBits.Condition(_flags, cc);

    /// <summary>The count register of LOOP, JCXZ and REP: ECX with 32-bit addressing, else CX.</summary>
    private uint Count
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _insn.Address32 ? _r[CX] : (ushort)_r[CX];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetCount(uint value)
    {
        if (_insn.Address32) _r[CX] = value;
        else *(ushort*)(_r + CX) = (ushort)value;
    }

    /// <summary>The privilege checks of protected-mode I/O: free when CPL ≤ IOPL (and not in V86 mode), else the TSS's permission bitmap decides.</summary>
    private bool IoAllowed(ushort port, int size)
    {
        if (!ProtectedMode || (!V86 && _cpl <= Iopl)) return true;
        SegmentRegister* tr = _seg + TrIndex;
        int type = (tr->Attributes & 0xF) & ~2; // busy or not
        if (type != Descriptor.Tss386Available || tr->Limit < 0x67)
        {
            Gp(0);
            return false;
        }
        uint bitmap = ReadSystem<Size16>(tr->Base + 0x66);
        uint at = bitmap + (uint)(port >> 3);
        if (Faulted) return false;
        if (at + 1 > tr->Limit)
        {
            Gp(0);
            return false;
        }
        uint bits = ReadSystem<Size16>(tr->Base + at);
        if (Faulted) return false;
        uint mask = ((1u << size) - 1) << (port & 7);
        if ((bits & mask) != 0)
        {
            Gp(0);
            return false;
        }
        return true;
    }

    /// <summary>CLI, STI and POPF's IF: allowed when CPL ≤ IOPL (IOPL 3 in V86 mode).</summary>
    private bool InterruptFlagAllowed => !ProtectedMode || _cpl <= Iopl;
}
