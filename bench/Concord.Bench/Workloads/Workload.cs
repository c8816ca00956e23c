using Concord.Core.Cpu;
using Concord.Core.Memory;
using Iced.Intel;

namespace Concord.Bench.Workloads;

/// <summary>
/// One guest program of the benchmark: real-mode code that repeats a kernel <c>BP</c> times and
/// halts. Code sits at 0000:1000; data at 2000:0000 (DS) and 3000:0000 (ES); the stack at 9000:FFFE.
/// Each workload knows how many REP iterations it makes, so that the report can say how much of
/// the instruction count they are, and checks its result so that a fast wrong engine cannot pass.
/// </summary>
public abstract class Workload
{
    public const ushort CodeOffset = 0x1000;
    public const ushort DataSegment = 0x2000;
    public const ushort ExtraSegment = 0x3000;
    public const ushort StackSegment = 0x9000;

    /// <summary>A short name for the report.</summary>
    public abstract string Name { get; }

    /// <summary>What the kernel does, in a line.</summary>
    public abstract string Description { get; }

    /// <summary>Kernel repetitions per run of the program (BP on entry), for a run of a few million instructions.</summary>
    public abstract ushort RepeatsPerRun { get; }

    /// <summary>REP iterations per kernel repetition (each counted as one instruction by the engine).</summary>
    public virtual long RepIterationsPerRepeat => 0;

    /// <summary>REP-prefixed instructions per kernel repetition.</summary>
    public virtual long RepInstructionsPerRepeat => 0;

    /// <summary>Emits the program: on entry BP = repeats, DS/ES/SS set as above; it must end with HLT.</summary>
    public abstract void Emit(Assembler asm);

    /// <summary>Sets the guest's data before each run.</summary>
    public virtual void Prepare(MemoryMap memory) { }

    /// <summary>Checks the result of a run of <paramref name="repeats"/> repetitions; null when right, else what was wrong.</summary>
    public abstract string? Verify(in CpuState state, MemoryMap memory, int repeats);

    /// <summary>The program as bytes, assembled at <see cref="CodeOffset"/>.</summary>
    public byte[] Assemble()
    {
        var asm = new Assembler(16);
        Emit(asm);
        using var code = new MemoryStream();
        asm.Assemble(new StreamCodeWriter(code), CodeOffset);
        return code.ToArray();
    }

    protected static uint Linear(ushort segment, ushort offset) => ((uint)segment << 4) + offset;
}
