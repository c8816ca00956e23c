using Concord.Core.Cpu;
using Concord.Core.Memory;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Bench.Workloads;

/// <summary>
/// The sieve of Eratosthenes over 8192 flags, cleared with REP STOSB; counts the primes. The 32-bit
/// variant uses 32-bit registers and addresses and sets the flags with REP STOSD.
/// </summary>
public sealed class Sieve(bool wide = false) : Workload
{
    private const int Size = 8192;
    private const int RootBound = 91; // 91 * 91 > 8192: larger primes mark nothing

    public override string Name => wide ? "sieve32" : "sieve";
    public override string Description => wide
        ? "sieve of Eratosthenes below 8192 with 32-bit registers and addresses, flags set with REP STOSD"
        : "sieve of Eratosthenes below 8192, flags set with REP STOSB (per repeat)";
    public override ushort RepeatsPerRun => 50;
    public override long RepIterationsPerRepeat => wide ? Size / 4 : Size;
    public override long RepInstructionsPerRepeat => 1;

    public override void Emit(Assembler asm)
    {
        Label outer = asm.CreateLabel(), nextI = asm.CreateLabel(), mark = asm.CreateLabel(), nextCandidate = asm.CreateLabel();
        // (E)BX is the candidate, (E)SI counts the primes, (E)DI walks the multiples.
        asm.cld();
        asm.mov(ax, DataSegment);
        asm.mov(es, ax); // the flags live in DS; REP STOS writes them through ES
        asm.Label(ref outer);
        if (wide)
        {
            asm.xor(edi, edi);
            asm.mov(ecx, Size / 4);
            asm.mov(eax, 0x01010101);
            asm.rep.stosd();
            asm.xor(esi, esi);
            asm.mov(ebx, 2);
        }
        else
        {
            asm.xor(di, di);
            asm.mov(cx, Size);
            asm.mov(al, 1);
            asm.rep.stosb();
            asm.xor(si, si);
            asm.mov(bx, 2);
        }
        asm.Label(ref nextI);
        if (wide) asm.cmp(__byte_ptr[ebx], 0);
        else asm.cmp(__byte_ptr[bx], 0);
        asm.je(nextCandidate);
        if (wide)
        {
            asm.inc(esi);
            asm.cmp(ebx, RootBound);
        }
        else
        {
            asm.inc(si);
            asm.cmp(bx, RootBound);
        }
        asm.jae(nextCandidate);
        if (wide)
        {
            asm.mov(eax, ebx);
            asm.mul(ebx);
            asm.mov(edi, eax);
        }
        else
        {
            asm.mov(ax, bx);
            asm.mul(bx);
            asm.mov(di, ax);
        }
        asm.Label(ref mark);
        if (wide)
        {
            asm.mov(__byte_ptr[edi], 0);
            asm.add(edi, ebx);
            asm.cmp(edi, Size);
        }
        else
        {
            asm.mov(__byte_ptr[di], 0);
            asm.add(di, bx);
            asm.cmp(di, Size);
        }
        asm.jb(mark);
        asm.Label(ref nextCandidate);
        if (wide)
        {
            asm.inc(ebx);
            asm.cmp(ebx, Size);
        }
        else
        {
            asm.inc(bx);
            asm.cmp(bx, Size);
        }
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
        uint found = wide ? state.ESI : state.SI;
        return found == primes ? null : $"expected {primes} primes in (E)SI, got {found}";
    }
}
