using static Concord.Engines.Interpreter.FlagBits;

namespace Concord.Engines.Interpreter.I386;

/// <summary>Shifts and rotates of group 2, and decimal adjust with the 386's flags.</summary>
internal sealed unsafe partial class Core386
{
    /// <summary>C0h-D3h: the count masked to 5 bits; a count of 0 changes nothing.</summary>
    private void ShiftGroup<T>(uint count) where T : struct, IOperandSize
    {
        int c = (int)count & 0x1F;
        uint v = ReadRmForUpdate<T>();
        if (Faulted || c == 0) return;
        UpdateRm<T>(Alu386.Shift<T>(ref _flags, _insn.Reg, v, c));
    }

    /// <summary>DAA, with OF as the sign changed (the 386's undefined OF).</summary>
    private void Daa() => SetReg<Size8>(AX, (uint)Alu.DecimalAdjust(ref _flags, (int)GetReg<Size8>(AX), subtract: false, 0x99, borrowSetsCarry: false));

    /// <summary>DAS; CF also takes the borrow of AL - 6 (test386's EEh reference shows it).</summary>
    private void Das() => SetReg<Size8>(AX, (uint)Alu.DecimalAdjust(ref _flags, (int)GetReg<Size8>(AX), subtract: true, 0x99, borrowSetsCarry: true));

    /// <summary>AAA with the flags a 386 leaves (test386's README, "AAA").</summary>
    private void Aaa()
    {
        int al = (int)GetReg<Size8>(AX);
        int f = _flags & ~(CF | AF | SF | ZF | PF | OF);
        if (al >= 0x7A && al <= 0xF9) f |= SF;
        if ((al & 0x0F) > 9)
        {
            if ((al & 0xF0) == 0x70) f |= OF;
            SetReg<Size16>(AX, GetReg<Size16>(AX) + 0x106);
            if ((GetReg<Size8>(AX)) == 0) f |= ZF;
            f |= CF | AF;
        }
        else if ((_flags & AF) != 0)
        {
            SetReg<Size16>(AX, GetReg<Size16>(AX) + 0x106);
            f |= CF | AF;
        }
        else if (al == 0) f |= ZF;
        int result = (int)GetReg<Size8>(AX);
        f |= Alu.Szp(result) & PF;
        SetReg<Size8>(AX, (uint)(result & 0x0F));
        _flags = f;
    }

    /// <summary>AAS with the flags a 386 leaves (test386's README, "AAS").</summary>
    private void Aas()
    {
        int al = (int)GetReg<Size8>(AX);
        int f = _flags & ~(CF | AF | SF | ZF | PF | OF);
        if ((al & 0x0F) > 9)
        {
            if (al > 0x85) f |= SF;
            SetReg<Size16>(AX, GetReg<Size16>(AX) - 0x106);
            f |= CF | AF;
        }
        else if ((_flags & AF) != 0)
        {
            if (al >= 0x80 && al <= 0x85) f |= OF;
            if (al < 0x06 || al > 0x85) f |= SF;
            SetReg<Size16>(AX, GetReg<Size16>(AX) - 0x106);
            f |= CF | AF;
        }
        else if (al >= 0x80) f |= SF;
        int result = (int)GetReg<Size8>(AX);
        if (result == 0) f |= ZF;
        f |= Alu.Szp(result) & PF;
        SetReg<Size8>(AX, (uint)(result & 0x0F));
        _flags = f;
    }

    /// <summary>AAM: CF, OF and AF cleared on the 386; a divisor of 0 raises #DE.</summary>
    private void Aam()
    {
        uint divisor = _insn.Immediate & 0xFF;
        if (divisor == 0)
        {
            Raise(0);
            return;
        }
        uint al = GetReg<Size8>(AX);
        SetReg<Size8>(4, al / divisor);
        SetReg<Size8>(AX, al % divisor);
        _flags = (_flags & ~Arith) | Alu.Szp((int)(al % divisor));
    }

    /// <summary>AAD: AL = AL + AH × imm, with the flags of that byte ADD; AH = 0.</summary>
    private void Aad()
    {
        uint product = (GetReg<Size8>(4) * (_insn.Immediate & 0xFF)) & 0xFF;
        uint al = Alu386.Add<Size8>(ref _flags, GetReg<Size8>(AX), product, 0);
        SetReg<Size16>(AX, al);
    }
}
