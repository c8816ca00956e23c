using Concord.Core.Cpu;
using Concord.Core.Memory;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Bench.Workloads;

/// <summary>
/// A dependent chain of MUL and DIV: x = f(x) where f multiplies, adds, divides and mixes quotient
/// and remainder. The 32-bit variant runs the same chain with EAX, EDX and 32-bit constants.
/// </summary>
public sealed class MulDivChain(bool wide = false) : Workload
{
    private const int Steps = 4096;
    private uint Factor => wide ? 0x9E3779B9u : 0x9E37u;
    private uint Divisor => wide ? 0xFFFF_FFF1u : 0xFFF1u; // above any (E)DX after MUL by Factor plus a carry: DIV never overflows
    private uint Addend => wide ? 123456789u : 12345u;
    private const uint Start = 1;

    public override string Name => wide ? "mul-div32" : "mul-div";
    public override string Description => wide
        ? "dependent 32-bit MUL/ADD/ADC/DIV chain (4096 steps per repeat)"
        : "dependent MUL/ADD/ADC/DIV chain (4096 steps per repeat)";
    public override ushort RepeatsPerRun => 150;

    public override void Emit(Assembler asm)
    {
        Label outer = asm.CreateLabel(), step = asm.CreateLabel();
        if (wide)
        {
            asm.mov(esi, Start);
            asm.mov(ebx, Factor);
            asm.mov(ecx, Divisor);
        }
        else
        {
            asm.mov(si, (ushort)Start);
            asm.mov(bx, (ushort)Factor);
            asm.mov(cx, (ushort)Divisor);
        }
        asm.Label(ref outer);
        asm.mov(di, Steps);
        asm.Label(ref step);
        if (wide)
        {
            asm.mov(eax, esi);
            asm.mul(ebx);
            asm.add(eax, Addend);
            asm.adc(edx, 0);
            asm.div(ecx);
            asm.add(esi, edx);
            asm.xor(esi, eax);
        }
        else
        {
            asm.mov(ax, si);
            asm.mul(bx);
            asm.add(ax, (ushort)Addend);
            asm.adc(dx, 0);
            asm.div(cx);
            asm.add(si, dx);
            asm.xor(si, ax);
        }
        asm.dec(di);
        asm.jnz(step);
        asm.dec(bp);
        asm.jnz(outer);
        asm.hlt();
    }

    public override string? Verify(in CpuState state, MemoryMap memory, int repeats)
    {
        uint mask = wide ? 0xFFFF_FFFFu : 0xFFFFu;
        uint x = Start;
        for (long i = 0; i < (long)repeats * Steps; i++)
        {
            ulong product = (ulong)x * Factor + Addend;
            uint quotient = (uint)(product / Divisor) & mask, remainder = (uint)(product % Divisor);
            x = ((x + remainder) & mask) ^ quotient;
        }
        uint got = state.ESI & mask;
        return got == x ? null : $"expected x = {x:X}h in (E)SI, got {got:X}h";
    }
}
