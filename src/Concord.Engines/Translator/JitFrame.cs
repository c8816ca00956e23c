using System.Runtime.InteropServices;

namespace Concord.Engines.Translator;

/// <summary>
/// What the dispatcher and a compiled region pass each other, in pinned memory: where the guest
/// registers and page tables are, the budget left, FLAGS, and where execution goes on. A region
/// keeps the guest state in locals while it runs and writes it here (and to the register file) when
/// it exits and before every port access, so the state is exact wherever the monitor can look.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct JitFrame
{
    /// <summary>The interpreter's register file: AX CX DX BX SP BP SI DI ES CS SS DS.</summary>
    public ushort* Registers;

    public byte** ReadPages;

    public byte** WritePages;

    /// <summary>Instructions the run may still execute (in: at entry; out: at the exit or port access).</summary>
    public long Remaining;

    /// <summary>FLAGS, whole.</summary>
    public int Flags;

    /// <summary>Out: where execution goes on (after a port access: the next instruction).</summary>
    public int Ip;

    /// <summary>Out, at a port access: where the IN or OUT starts.</summary>
    public int InstructionStart;

    /// <summary>
    /// In and out, on the 8086: the segment base and offset of the last ModR/M memory operand, which
    /// LEA, LES, LDS and far CALL/JMP with a register operand take as theirs (the interpreter runs those).
    /// </summary>
    public uint EaBase;

    public int EaOffset;
}
