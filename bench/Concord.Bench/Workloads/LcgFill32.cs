using Concord.Core.Cpu;
using Concord.Core.Memory;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Bench.Workloads;

/// <summary>The 32-bit variant of <see cref="LcgFill"/>: a 32-bit LCG (Numerical Recipes' constants) with MUL ESI, stored with STOSD.</summary>
public sealed class LcgFill32 : Workload
{
    private const int Dwords = 2048;
    private const uint Multiplier = 1664525;
    private const uint Increment = 1013904223;
    private const uint Seed = 1;

    public override string Name => "lcg-fill32";
    public override string Description => "x = 1664525*x + 1013904223 with MUL ESI, stored with STOSD (2048 dwords per repeat)";
    public override ushort RepeatsPerRun => 200;

    public override void Emit(Assembler asm)
    {
        Label outer = asm.CreateLabel(), inner = asm.CreateLabel();
        asm.mov(ebx, Seed);
        asm.mov(esi, Multiplier);
        asm.cld();
        asm.Label(ref outer);
        asm.xor(di, di);
        asm.mov(cx, Dwords);
        asm.Label(ref inner);
        asm.mov(eax, ebx);
        asm.mul(esi);
        asm.add(eax, Increment);
        asm.mov(ebx, eax);
        asm.stosd();
        asm.loop(inner);
        asm.dec(bp);
        asm.jnz(outer);
        asm.hlt();
    }

    public override string? Verify(in CpuState state, MemoryMap memory, int repeats)
    {
        uint x = Seed;
        for (long i = 0; i < (long)repeats * Dwords; i++) x = x * Multiplier + Increment;
        uint last = 0;
        for (int k = 0; k < 4; k++) last |= (uint)memory.Read8(Linear(ExtraSegment, (ushort)(4 * Dwords - 4 + k))) << (8 * k);
        return state.EBX == x && last == x ? null : $"expected x = {x:X8}h in EBX and in the last dword, got EBX = {state.EBX:X8}h, dword = {last:X8}h";
    }
}
