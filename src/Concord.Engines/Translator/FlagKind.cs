namespace Concord.Engines.Translator;

/// <summary>
/// Which instruction last set the arithmetic flags, in translated code that keeps them lazily: the
/// operands and result sit in locals (a, b, r) and a flag is computed only where something reads it.
/// <see cref="None"/>: FLAGS is held whole. Each kind's flags are those the interpreter computes.
/// </summary>
internal enum FlagKind
{
    None = 0,
    /// <summary>ADD/ADC: r = a + b (+ carry), unmasked.</summary>
    Add8, Add16,
    /// <summary>SBB: r = a - b - borrow, unmasked.</summary>
    Sub8, Sub16,
    /// <summary>SUB/CMP/NEG/CMPS/SCAS: r = a - b, no borrow, so conditions are plain comparisons of a and b.</summary>
    Cmp8, Cmp16,
    /// <summary>AND/OR/XOR/TEST: r; CF, OF and AF clear.</summary>
    Logic8, Logic16,
    /// <summary>INC: r = a + 1, b = 1; CF kept (in the held FLAGS).</summary>
    Inc8, Inc16,
    /// <summary>DEC: r = a - 1, b = 1; CF kept.</summary>
    Dec8, Dec16,
    /// <summary>MUL/IMUL: r = the low half, a = 1 when the upper half matters (CF, OF).</summary>
    Mul8, Mul16,
    /// <summary>SHL/SAL: a = the value, b = the count (at least 1), r the result.</summary>
    Shl8, Shl16,
    /// <summary>SHR: as SHL.</summary>
    Shr8, Shr16,
    /// <summary>SAR: as SHL.</summary>
    Sar8, Sar16,
}
