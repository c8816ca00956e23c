using Concord.Core.Cpu;
using Concord.Core.Memory;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Bench.Workloads;

/// <summary>The 32-bit variant of <see cref="MulDivChain"/>: a dependent chain of 32-bit MUL, ADD, ADC and DIV.</summary>
public sealed class MulDivChain32 : Workload
{
    private const int Steps = 4096;
    private const uint Factor = 0x9E3779B9;
    private const uint Divisor = 0xFFFFFFF1; // above any EDX after MUL by Factor plus a carry: DIV never overflows
    private const uint Addend = 123456789;
    private const uint Start = 1;

    public override string Name => "mul-div32";
    public override string Description => "dependent 32-bit MUL/ADD/ADC/DIV chain (4096 steps per repeat)";
    public override ushort RepeatsPerRun => 150;

    public override void Emit(Assembler asm)
    {
        Label outer = asm.CreateLabel(), step = asm.CreateLabel();
        asm.mov(esi, Start);
        asm.mov(ebx, Factor);
        asm.mov(ecx, Divisor);
        asm.Label(ref outer);
        asm.mov(di, Steps);
        asm.Label(ref step);
        asm.mov(eax, esi);
        asm.mul(ebx);
        asm.add(eax, Addend);
        asm.adc(edx, 0);
        asm.div(ecx);
        asm.add(esi, edx);
        asm.xor(esi, eax);
        asm.dec(di);
        asm.jnz(step);
        asm.dec(bp);
        asm.jnz(outer);
        asm.hlt();
    }

    public override string? Verify(in CpuState state, MemoryMap memory, int repeats)
    {
        uint x = Start;
        for (long i = 0; i < (long)repeats * Steps; i++)
        {
            ulong product = (ulong)x * Factor + Addend;
            uint quotient = (uint)(product / Divisor), remainder = (uint)(product % Divisor);
            x = (x + remainder) ^ quotient;
        }
        return state.ESI == x ? null : $"expected x = {x:X8}h in ESI, got {state.ESI:X8}h";
    }
}
