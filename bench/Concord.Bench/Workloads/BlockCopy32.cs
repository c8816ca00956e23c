using Concord.Core.Cpu;
using Concord.Core.Memory;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Bench.Workloads;

/// <summary>The 32-bit variant of <see cref="BlockCopy"/>: 32 KiB with one REP MOVSD per repeat.</summary>
public sealed class BlockCopy32 : Workload
{
    private const int Dwords = 8192;

    public override string Name => "rep-movsd";
    public override string Description => "REP MOVSD of 32 KiB between segments (8192 iterations per repeat)";
    public override ushort RepeatsPerRun => 300;
    public override long RepIterationsPerRepeat => Dwords;
    public override long RepInstructionsPerRepeat => 1;

    public override void Emit(Assembler asm)
    {
        Label outer = asm.CreateLabel();
        asm.cld();
        asm.Label(ref outer);
        asm.xor(esi, esi);
        asm.xor(edi, edi);
        asm.mov(ecx, Dwords);
        asm.rep.movsd();
        asm.dec(bp);
        asm.jnz(outer);
        asm.hlt();
    }

    public override void Prepare(MemoryMap memory)
    {
        for (int i = 0; i < 4 * Dwords; i++)
        {
            memory.Write8(Linear(DataSegment, (ushort)i), (byte)(i * 7 + (i >> 8)));
            memory.Write8(Linear(ExtraSegment, (ushort)i), 0);
        }
    }

    public override string? Verify(in CpuState state, MemoryMap memory, int repeats)
    {
        for (int i = 0; i < 4 * Dwords; i++)
            if (memory.Read8(Linear(ExtraSegment, (ushort)i)) != (byte)(i * 7 + (i >> 8)))
                return $"byte {i:X4}h of the copy differs";
        return state.ECX == 0 && state.ESI == 4 * Dwords ? null : $"expected ECX = 0, ESI = {4 * Dwords:X8}h, got {state}";
    }
}
