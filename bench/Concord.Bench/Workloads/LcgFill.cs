using Concord.Core.Cpu;
using Concord.Core.Memory;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Bench.Workloads;

/// <summary>
/// Fills 8 KiB with a linear congruential sequence: MOV, MUL, ADD, MOV, STOSW, LOOP. The 32-bit
/// variant (80386) runs a 32-bit LCG (Numerical Recipes' constants) with MUL ESI and STOSD.
/// </summary>
public sealed class LcgFill(bool wide = false) : Workload
{
    private const int Bytes = 8192;
    private int Elements => wide ? Bytes / 4 : Bytes / 2;
    private uint Multiplier => wide ? 1664525u : 25173u;
    private uint Increment => wide ? 1013904223u : 13849u;
    private const uint Seed = 1;

    public override string Name => wide ? "lcg-fill32" : "lcg-fill";
    public override string Description => wide
        ? "x = 1664525*x + 1013904223 with MUL ESI, stored with STOSD (2048 dwords per repeat)"
        : "x = 25173*x + 13849 with MUL, stored with STOSW (4096 words per repeat)";
    public override ushort RepeatsPerRun => 200;

    public override void Emit(Assembler asm)
    {
        Label outer = asm.CreateLabel(), inner = asm.CreateLabel();
        if (wide)
        {
            asm.mov(ebx, Seed);
            asm.mov(esi, Multiplier);
        }
        else
        {
            asm.mov(bx, (ushort)Seed);
            asm.mov(si, (ushort)Multiplier);
        }
        asm.cld();
        asm.Label(ref outer);
        asm.xor(di, di);
        asm.mov(cx, (ushort)Elements);
        asm.Label(ref inner);
        if (wide)
        {
            asm.mov(eax, ebx);
            asm.mul(esi);
            asm.add(eax, Increment);
            asm.mov(ebx, eax);
            asm.stosd();
        }
        else
        {
            asm.mov(ax, bx);
            asm.mul(si);
            asm.add(ax, (ushort)Increment);
            asm.mov(bx, ax);
            asm.stosw();
        }
        asm.loop(inner);
        asm.dec(bp);
        asm.jnz(outer);
        asm.hlt();
    }

    public override string? Verify(in CpuState state, MemoryMap memory, int repeats)
    {
        uint mask = wide ? 0xFFFF_FFFFu : 0xFFFFu;
        uint x = Seed;
        for (long i = 0; i < (long)repeats * Elements; i++) x = (x * Multiplier + Increment) & mask;
        int size = wide ? 4 : 2;
        uint last = 0;
        for (int k = 0; k < size; k++) last |= (uint)memory.Read8(Linear(ExtraSegment, (ushort)(Bytes - size + k))) << (8 * k);
        uint bx = state.EBX & mask;
        return bx == x && last == x ? null : $"expected x = {x:X}h in (E)BX and in the last element, got {bx:X}h and {last:X}h";
    }
}
