using Concord.Core.Cpu;
using Concord.Core.Memory;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Bench.Workloads;

/// <summary>Fills 8 KiB with a 16-bit linear congruential sequence: MOV, MUL, ADD, MOV, STOSW, LOOP.</summary>
public sealed class LcgFill : Workload
{
    private const int Words = 4096;
    private const ushort Multiplier = 25173;
    private const ushort Increment = 13849;
    private const ushort Seed = 1;

    public override string Name => "lcg-fill";
    public override string Description => "x = 25173*x + 13849 with MUL, stored with STOSW (4096 words per repeat)";
    public override ushort RepeatsPerRun => 200;

    public override void Emit(Assembler asm)
    {
        Label outer = asm.CreateLabel(), inner = asm.CreateLabel();
        asm.mov(bx, Seed);
        asm.mov(si, Multiplier);
        asm.cld();
        asm.Label(ref outer);
        asm.xor(di, di);
        asm.mov(cx, Words);
        asm.Label(ref inner);
        asm.mov(ax, bx);
        asm.mul(si);
        asm.add(ax, Increment);
        asm.mov(bx, ax);
        asm.stosw();
        asm.loop(inner);
        asm.dec(bp);
        asm.jnz(outer);
        asm.hlt();
    }

    public override string? Verify(in CpuState state, MemoryMap memory, int repeats)
    {
        ushort x = Seed;
        for (long i = 0; i < (long)repeats * Words; i++) x = (ushort)(x * Multiplier + Increment);
        ushort last = (ushort)(memory.Read8(Linear(ExtraSegment, 2 * Words - 2)) | memory.Read8(Linear(ExtraSegment, 2 * Words - 1)) << 8);
        return state.BX == x && last == x ? null : $"expected x = {x:X4}h in BX and in the last word, got BX = {state.BX:X4}h, word = {last:X4}h";
    }
}
