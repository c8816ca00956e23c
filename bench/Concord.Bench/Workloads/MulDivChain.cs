using Concord.Core.Cpu;
using Concord.Core.Memory;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Bench.Workloads;

/// <summary>A dependent chain of MUL and DIV: x = f(x) where f multiplies, adds, divides and mixes quotient and remainder.</summary>
public sealed class MulDivChain : Workload
{
    private const int Steps = 4096;
    private const ushort Factor = 0x9E37;
    private const ushort Divisor = 0xFFF1; // above any DX after MUL by Factor plus a carry: DIV never overflows
    private const ushort Addend = 12345;
    private const ushort Start = 1;

    public override string Name => "mul-div";
    public override string Description => "dependent MUL/ADD/ADC/DIV chain (4096 steps per repeat)";
    public override ushort RepeatsPerRun => 150;

    public override void Emit(Assembler asm)
    {
        Label outer = asm.CreateLabel(), step = asm.CreateLabel();
        asm.mov(si, Start);
        asm.mov(bx, Factor);
        asm.mov(cx, Divisor);
        asm.Label(ref outer);
        asm.mov(di, Steps);
        asm.Label(ref step);
        asm.mov(ax, si);
        asm.mul(bx);
        asm.add(ax, Addend);
        asm.adc(dx, 0);
        asm.div(cx);
        asm.add(si, dx);
        asm.xor(si, ax);
        asm.dec(di);
        asm.jnz(step);
        asm.dec(bp);
        asm.jnz(outer);
        asm.hlt();
    }

    public override string? Verify(in CpuState state, MemoryMap memory, int repeats)
    {
        ushort x = Start;
        for (long i = 0; i < (long)repeats * Steps; i++)
        {
            uint product = (uint)x * Factor + Addend;
            ushort quotient = (ushort)(product / Divisor), remainder = (ushort)(product % Divisor);
            x = (ushort)((ushort)(x + remainder) ^ quotient);
        }
        return state.SI == x ? null : $"expected x = {x:X4}h in SI, got {state.SI:X4}h";
    }
}
