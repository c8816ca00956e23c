using Concord.Core.Cpu;
using Concord.Core.Memory;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Bench.Workloads;

/// <summary>The 32-bit variant of <see cref="Sieve"/>: flags set with REP STOSD, 32-bit registers and addresses.</summary>
public sealed class Sieve32 : Workload
{
    private const int Size = 8192;
    private const int RootBound = 91;

    public override string Name => "sieve32";
    public override string Description => "sieve of Eratosthenes below 8192 with 32-bit registers and addresses, flags set with REP STOSD";
    public override ushort RepeatsPerRun => 50;
    public override long RepIterationsPerRepeat => Size / 4;
    public override long RepInstructionsPerRepeat => 1;

    public override void Emit(Assembler asm)
    {
        Label outer = asm.CreateLabel(), nextI = asm.CreateLabel(), mark = asm.CreateLabel(), nextCandidate = asm.CreateLabel();
        asm.cld();
        asm.mov(ax, DataSegment);
        asm.mov(es, ax);
        asm.Label(ref outer);
        asm.xor(edi, edi);
        asm.mov(ecx, Size / 4);
        asm.mov(eax, 0x01010101);
        asm.rep.stosd();
        asm.xor(esi, esi);
        asm.mov(ebx, 2);
        asm.Label(ref nextI);
        asm.cmp(__byte_ptr[ebx], 0);
        asm.je(nextCandidate);
        asm.inc(esi);
        asm.cmp(ebx, RootBound);
        asm.jae(nextCandidate);
        asm.mov(eax, ebx);
        asm.mul(ebx);
        asm.mov(edi, eax);
        asm.Label(ref mark);
        asm.mov(__byte_ptr[edi], 0);
        asm.add(edi, ebx);
        asm.cmp(edi, Size);
        asm.jb(mark);
        asm.Label(ref nextCandidate);
        asm.inc(ebx);
        asm.cmp(ebx, Size);
        asm.jb(nextI);
        asm.dec(bp);
        asm.jnz(outer);
        asm.hlt();
    }

    public override string? Verify(in CpuState state, MemoryMap memory, int repeats)
    {
        var composite = new bool[Size];
        int primes = 0;
        for (int i = 2; i < Size; i++)
        {
            if (composite[i]) continue;
            primes++;
            for (int j = i * i; j < Size; j += i) composite[j] = true;
        }
        return state.ESI == primes ? null : $"expected {primes} primes in ESI, got {state.ESI}";
    }
}
