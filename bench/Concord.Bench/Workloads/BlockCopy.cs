using Concord.Core.Cpu;
using Concord.Core.Memory;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Bench.Workloads;

/// <summary>Copies 32 KiB from DS to ES with one REP MOVSW per repeat (the 32-bit variant: REP MOVSD with ESI, EDI, ECX).</summary>
public sealed class BlockCopy(bool wide = false) : Workload
{
    private const int Bytes = 32768;
    private int Elements => wide ? Bytes / 4 : Bytes / 2;

    public override string Name => wide ? "rep-movsd" : "rep-movsw";
    public override string Description => wide
        ? "REP MOVSD of 32 KiB between segments (8192 iterations per repeat)"
        : "REP MOVSW of 32 KiB between segments (16384 iterations per repeat)";
    public override ushort RepeatsPerRun => 300;
    public override long RepIterationsPerRepeat => Elements;
    public override long RepInstructionsPerRepeat => 1;

    public override void Emit(Assembler asm)
    {
        Label outer = asm.CreateLabel();
        asm.cld();
        asm.Label(ref outer);
        if (wide)
        {
            asm.xor(esi, esi);
            asm.xor(edi, edi);
            asm.mov(ecx, (uint)Elements);
            asm.rep.movsd();
        }
        else
        {
            asm.xor(si, si);
            asm.xor(di, di);
            asm.mov(cx, (ushort)Elements);
            asm.rep.movsw();
        }
        asm.dec(bp);
        asm.jnz(outer);
        asm.hlt();
    }

    public override void Prepare(MemoryMap memory)
    {
        for (int i = 0; i < Bytes; i++)
        {
            memory.Write8(Linear(DataSegment, (ushort)i), (byte)(i * 7 + (i >> 8)));
            memory.Write8(Linear(ExtraSegment, (ushort)i), 0);
        }
    }

    public override string? Verify(in CpuState state, MemoryMap memory, int repeats)
    {
        for (int i = 0; i < Bytes; i++)
            if (memory.Read8(Linear(ExtraSegment, (ushort)i)) != (byte)(i * 7 + (i >> 8)))
                return $"byte {i:X4}h of the copy differs";
        uint si = wide ? state.ESI : state.SI;
        return state.CX == 0 && si == Bytes ? null : $"expected (E)CX = 0, (E)SI = {Bytes:X4}h, got {state}";
    }
}
