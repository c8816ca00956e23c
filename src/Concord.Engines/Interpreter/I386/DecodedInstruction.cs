using System.Runtime.InteropServices;

namespace Concord.Engines.Interpreter.I386;

/// <summary>
/// One x86 instruction as <see cref="Decoder386"/> read it: prefixes, opcode, ModR/M operand and
/// immediates, with the operand and address sizes in effect. Nothing in it depends on register
/// values, so an engine that translates code can decode once and reuse it.
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal struct DecodedInstruction
{
    /// <summary>The opcode: 000h-0FFh for one byte, 100h-1FFh for 0Fh xx.</summary>
    public int Opcode;

    /// <summary>Bytes, prefixes included.</summary>
    public int Length;

    /// <summary>32-bit operands (CS.D xor 66h).</summary>
    public bool Operand32;

    /// <summary>32-bit addressing (CS.D xor 67h).</summary>
    public bool Address32;

    /// <summary>The segment override prefix (ES=0 ... GS=5), or -1.</summary>
    public int SegmentOverride;

    /// <summary>F3h (<see cref="RepE"/>), F2h (<see cref="RepNE"/>) or 0.</summary>
    public int Rep;

    public bool Lock;

    public int ModRm;

    /// <summary>Whether the ModR/M operand is memory (mod != 3, and the opcode has an address).</summary>
    public bool IsMemory;

    /// <summary>Memory operand: base and index register (0-7) or -1, the index's scale as a shift, the displacement.</summary>
    public int Base, Index, Scale;
    public uint Displacement;

    /// <summary>The segment the address uses without an override: SS for BP/EBP/ESP bases, else DS.</summary>
    public int DefaultSegment;

    /// <summary>The first immediate (sign-extended for Jcc/JMP/CALL displacements), and the second (a far pointer's selector, ENTER's level).</summary>
    public uint Immediate;
    public uint Immediate2;

    public const int RepE = 1, RepNE = 2;

    /// <summary>The reg field of ModR/M (a register or a group's operation).</summary>
    public readonly int Reg => (ModRm >> 3) & 7;

    /// <summary>The r/m field of ModR/M (the register when <see cref="IsMemory"/> is false).</summary>
    public readonly int Rm => ModRm & 7;

    /// <summary>The segment of the memory operand: the override, else the default.</summary>
    public readonly int Segment => SegmentOverride >= 0 ? SegmentOverride : DefaultSegment;
}
