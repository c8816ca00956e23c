using Concord.Core.Cpu;
using Concord.Core.Memory;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Bench.Workloads;

/// <summary>Copies 32 KiB from DS to ES with one REP MOVSW per repeat.</summary>
public sealed class BlockCopy : Workload
{
    private const int Words = 16384;

    public override string Name => "rep-movsw";
    public override string Description => "REP MOVSW of 32 KiB between segments (16384 iterations per repeat)";
    public override ushort RepeatsPerRun => 300;
    public override long RepIterationsPerRepeat => Words;
    public override long RepInstructionsPerRepeat => 1;

    public override void Emit(Assembler asm)
    {
        Label outer = asm.CreateLabel();
        asm.cld();
        asm.Label(ref outer);
        asm.xor(si, si);
        asm.xor(di, di);
        asm.mov(cx, Words);
        asm.rep.movsw();
        asm.dec(bp);
        asm.jnz(outer);
        asm.hlt();
    }

    public override void Prepare(MemoryMap memory)
    {
        for (int i = 0; i < 2 * Words; i++)
        {
            memory.Write8(Linear(DataSegment, (ushort)i), (byte)(i * 7 + (i >> 8)));
            memory.Write8(Linear(ExtraSegment, (ushort)i), 0);
        }
    }

    public override string? Verify(in CpuState state, MemoryMap memory, int repeats)
    {
        for (int i = 0; i < 2 * Words; i++)
            if (memory.Read8(Linear(ExtraSegment, (ushort)i)) != (byte)(i * 7 + (i >> 8)))
                return $"byte {i:X4}h of the copy differs";
        return state.CX == 0 && state.SI == 2 * Words ? null : $"expected CX = 0, SI = {2 * Words:X4}h, got {state}";
    }
}
