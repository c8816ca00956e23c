using Concord.Core.Cpu;
using Concord.Core.Memory;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Bench.Workloads;

/// <summary>The sieve of Eratosthenes over 8192 flags, cleared with REP STOSB; counts the primes.</summary>
public sealed class Sieve : Workload
{
    private const int Size = 8192;
    private const int RootBound = 91; // 91 * 91 > 8192: larger primes mark nothing

    public override string Name => "sieve";
    public override string Description => "sieve of Eratosthenes below 8192, flags set with REP STOSB (per repeat)";
    public override ushort RepeatsPerRun => 50;
    public override long RepIterationsPerRepeat => Size;
    public override long RepInstructionsPerRepeat => 1;

    public override void Emit(Assembler asm)
    {
        Label outer = asm.CreateLabel(), nextI = asm.CreateLabel(), mark = asm.CreateLabel(), nextCandidate = asm.CreateLabel();
        asm.cld();
        asm.mov(ax, DataSegment);
        asm.mov(es, ax); // the flags live in DS; REP STOSB writes them through ES
        asm.Label(ref outer);
        asm.xor(di, di);
        asm.mov(cx, Size);
        asm.mov(al, 1);
        asm.rep.stosb();
        asm.xor(si, si); // primes found
        asm.mov(bx, 2);
        asm.Label(ref nextI);
        asm.cmp(__byte_ptr[bx], 0);
        asm.je(nextCandidate);
        asm.inc(si);
        asm.cmp(bx, RootBound);
        asm.jae(nextCandidate);
        asm.mov(ax, bx);
        asm.mul(bx);
        asm.mov(di, ax);
        asm.Label(ref mark);
        asm.mov(__byte_ptr[di], 0);
        asm.add(di, bx);
        asm.cmp(di, Size);
        asm.jb(mark);
        asm.Label(ref nextCandidate);
        asm.inc(bx);
        asm.cmp(bx, Size);
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
        return state.SI == primes ? null : $"expected {primes} primes in SI, got {state.SI}";
    }
}
