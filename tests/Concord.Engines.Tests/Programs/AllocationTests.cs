using Concord.Core.Cpu;
using Concord.Core.Io;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Engines.Tests.Programs;

/// <summary>
/// The interpreter's hot path allocates nothing: a loop that touches every kind of instruction
/// (ALU, shifts, MUL/DIV, stack, calls, software interrupts, REP and single string instructions,
/// port I/O) runs a million instructions without a byte of managed allocation.
/// </summary>
public abstract class AllocationTests(EngineKind engine) : IEngineConformance
{
    public EngineKind Engine { get; } = engine;

    [Theory]
    [InlineData(CpuModel.I8086)]
    [InlineData(CpuModel.I80286)]
    [InlineData(CpuModel.I80386)]
    public void Running_a_mixed_loop_allocates_nothing(CpuModel model)
    {
        using var m = new TestMachine(Engine, model);
        var a = new Assembler(16);
        Label top = a.CreateLabel(), sub = a.CreateLabel(), handler = a.CreateLabel(), bits = a.CreateLabel();
        a.cld();
        a.Label(ref top);
        a.mov(ax, 0x1234);
        a.mov(bx, 7);
        a.mul(bx);
        a.add(ax, 13849);
        a.adc(dx, 0);
        a.div(bx);
        a.xor(di, di);
        a.mov(cx, 64);
        a.rep.stosw();                              // block fill
        a.xor(si, si);
        a.mov(di, 0x200);
        a.mov(cx, 64);
        a.rep.movsb();                              // block copy
        a.xor(si, si);
        a.mov(cx, 8);
        a.Label(ref bits);
        a.lodsb();
        a.shl(ax, 1);
        a.rcr(dx, 1);
        a.loop(bits);
        a.push(ax);
        a.call(sub);
        a.pop(ax);
        a.@int(0x60);
        a.@in(al, 0x40);
        a.@out(0x80, al);
        a.mov(__word_ptr[0x300], ax);
        a.inc(__word_ptr[0x300]);
        a.cmp(__word_ptr[0x300], ax);
        a.jmp(top);
        a.Label(ref sub);
        a.mov(bp, sp);
        a.mov(ax, __word_ptr[bp + 2]);
        a.ret();
        a.Label(ref handler);
        a.iret();
        Assembled program = m.Load(a);
        m.SetVector(0x60, TestMachine.CodeSegment, program.Ip(handler));
        m.Start();

        for (int i = 0; i < 5; i++) m.Cpu.Run(1_000_000); // warm up: JIT tiers and on-stack replacement, first-use paths

        // The steady state is what must not allocate: the best of three runs (a JIT tier change
        // landing inside one run can allocate on this thread; an allocation of ours shows in all three).
        long least = long.MaxValue;
        for (int i = 0; i < 3; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            RunResult result = m.Cpu.Run(1_000_000);
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(ExitReason.BudgetSpent, result.Reason);
        }
        Assert.Equal(0, least);
    }

    [Fact]
    public void The_open_bus_used_here_allocates_nothing_either()
    {
        OpenBus bus = OpenBus.Instance; // its type initialiser allocates the one instance, once per process
        long before = GC.GetAllocatedBytesForCurrentThread();
        int sum = 0;
        for (int i = 0; i < 1000; i++) sum += bus.In8((ushort)i);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1000 * 0xFF, sum);
    }
}

/// <summary>AllocationTests on the interpreter.</summary>
public sealed class AllocationTestsOnInterp() : AllocationTests(EngineKind.Interp);

/// <summary>AllocationTests on the translator, every region compiled at once.</summary>
public sealed class AllocationTestsOnJit() : AllocationTests(EngineKind.Jit);
