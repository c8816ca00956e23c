using Concord.Core.Cpu;
using Concord.Core.Io;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Engines.Tests.Programs;

/// <summary>External interrupts, NMI, single-step traps, interrupt shadows and HLT, through the IVcpu API.</summary>
public abstract class InterruptTests(EngineKind engine) : IEngineConformance
{
    public EngineKind Engine { get; } = engine;

    private const ushort CopyLength = 500;
    private const ushort CopyDestination = 0x1000;
    /// <summary>The instructions before the REP MOVSB in <see cref="LoadRepCopy"/>.</summary>
    private const int SetupInstructions = 5;

    /// <summary>
    /// A 500-byte REP MOVSB with IF=1, then HLT; the handler counts itself in [0] (data segment) and
    /// notes the IP it will return to in [2] and CX in [4]. Returns the IP of the REP prefix.
    /// </summary>
    private static ushort LoadRepCopy(TestMachine m, params byte[] vectors)
    {
        m.WriteBytes(TestMachine.DataSegment, 0x100, Enumerable.Range(0, CopyLength).Select(i => (byte)(i * 5 + 1)).ToArray());
        var a = new Assembler(16);
        Label rep = a.CreateLabel(), handler = a.CreateLabel();
        a.mov(si, 0x100);
        a.mov(di, CopyDestination);
        a.mov(cx, CopyLength);
        a.cld();
        a.sti();
        a.Label(ref rep);
        a.rep.movsb();
        a.hlt();
        a.Label(ref handler);
        a.push(bp);
        a.mov(bp, sp);
        a.push(ax);
        a.inc(__word_ptr[0]);
        a.mov(ax, __word_ptr[bp + 2]);
        a.mov(__word_ptr[2], ax);
        a.mov(__word_ptr[4], cx);
        a.pop(ax);
        a.pop(bp);
        a.iret();
        Assembled program = m.Load(a);
        foreach (byte v in vectors) m.SetVector(v, TestMachine.CodeSegment, program.Ip(handler));
        m.Start();
        return program.Ip(rep);
    }

    /// <summary>Runs into the middle of the copy; returns CX there, after checking the CPU stopped at the REP.</summary>
    private static ushort RunIntoTheCopy(TestMachine m, ushort repIp, int iterations)
    {
        RunResult partial = m.Cpu.Run(SetupInstructions + iterations);
        Assert.Equal(ExitReason.BudgetSpent, partial.Reason);
        Assert.Equal(SetupInstructions + iterations, partial.Executed);
        CpuState mid = m.State;
        Assert.True(mid.CX is > 0 and < CopyLength, $"the copy should be under way, but CX={mid.CX:X4}");
        Assert.Equal(repIp, mid.IP); // an unfinished REP resumes at its prefix
        return mid.CX;
    }

    private static void AssertCopyComplete(TestMachine m)
    {
        Assert.Equal(m.ReadBytes(TestMachine.DataSegment, 0x100, CopyLength), m.ReadBytes(TestMachine.DataSegment, CopyDestination, CopyLength));
        CpuState s = m.State;
        Assert.Equal(0, s.CX);
        Assert.Equal(0x100 + CopyLength, s.SI);
        Assert.Equal(CopyDestination + CopyLength, s.DI);
        Assert.Equal(TestMachine.StackTop, s.SP);
    }

    [Fact]
    public void Injected_interrupt_during_rep_movsb_runs_once_and_the_copy_completes()
    {
        using var m = new TestMachine(Engine);
        ushort repIp = LoadRepCopy(m, 0x40);
        ushort cxAtStop = RunIntoTheCopy(m, repIp, 100);

        m.Cpu.InjectInterrupt(0x40);
        m.RunToHalt();

        Assert.Equal(1, m.Data16(0));           // the handler ran once
        Assert.Equal(repIp, m.Data16(2));       // and returned to the REP prefix
        Assert.Equal(cxAtStop, m.Data16(4));    // taken at the boundary, before any further iteration
        AssertCopyComplete(m);
    }

    /// <summary>A one-line interrupt controller: acknowledging drops INTR and hands over the vector.</summary>
    private sealed class OneShotController(byte vector) : IInterruptAcknowledge
    {
        public IVcpu? Cpu { get; set; }
        public int Acknowledged { get; private set; }

        public int Acknowledge()
        {
            Acknowledged++;
            Cpu?.SetIntr(false);
            return vector;
        }
    }

    [Fact]
    public void Intr_during_rep_movsb_is_acknowledged_once_and_the_copy_completes()
    {
        var controller = new OneShotController(0x41);
        using var m = new TestMachine(Engine, interrupts: controller);
        controller.Cpu = m.Cpu;
        ushort repIp = LoadRepCopy(m, 0x41);
        ushort cxAtStop = RunIntoTheCopy(m, repIp, 37);

        m.Cpu.SetIntr(true);
        m.RunToHalt();

        Assert.Equal(1, controller.Acknowledged);
        Assert.Equal(1, m.Data16(0));
        Assert.Equal(repIp, m.Data16(2));
        Assert.Equal(cxAtStop, m.Data16(4));
        AssertCopyComplete(m);
    }

    [Fact]
    public void Intr_is_not_acknowledged_while_IF_is_clear()
    {
        var controller = new OneShotController(0x41);
        using var m = new TestMachine(Engine, interrupts: controller);
        controller.Cpu = m.Cpu;
        var a = new Assembler(16);
        a.cli();
        for (int i = 0; i < 5; i++) a.nop();
        a.hlt();
        m.Load(a);
        m.Start();
        m.Cpu.SetIntr(true);

        m.RunToHalt();

        Assert.Equal(0, controller.Acknowledged);
        Assert.Equal(TestMachine.CodeOrigin + 7, m.State.IP);
    }

    [Fact]
    public void Nmi_is_taken_even_with_IF_clear()
    {
        using var m = new TestMachine(Engine);
        var a = new Assembler(16);
        Label spin = a.CreateLabel(), handler = a.CreateLabel();
        a.cli();
        a.Label(ref spin);
        a.jmp(spin);
        a.Label(ref handler);
        a.mov(bp, sp);
        a.mov(ax, __word_ptr[bp]);
        a.mov(__word_ptr[0x20], ax);            // the IP the NMI interrupted
        a.mov(ax, __word_ptr[bp + 4]);
        a.mov(__word_ptr[0x22], ax);            // the FLAGS it pushed
        a.mov(__word_ptr[0x24], 0x1234);
        a.hlt();
        Assembled program = m.Load(a);
        m.SetVector(2, TestMachine.CodeSegment, program.Ip(handler));
        m.Start();
        Assert.Equal(ExitReason.BudgetSpent, m.Cpu.Run(50).Reason);
        Assert.Equal(0, m.Data16(0x24));        // nothing happened before the NMI

        m.Cpu.RaiseNmi();
        m.RunToHalt(1000);

        Assert.Equal(0x1234, m.Data16(0x24));
        Assert.Equal(program.Ip(spin), m.Data16(0x20));
        Assert.Equal(0, m.Data16(0x22) & (ushort)CpuFlags.IF);
        Assert.Equal(TestMachine.CodeSegment, m.State.CS);
    }

    [Fact]
    public void Trap_flag_raises_int_1_after_each_instruction_from_the_one_after_popf()
    {
        using var m = new TestMachine(Engine);
        var a = new Assembler(16);
        Label i2 = a.CreateLabel(), i3 = a.CreateLabel(), i4 = a.CreateLabel(), i5 = a.CreateLabel(),
              handler = a.CreateLabel(), done = a.CreateLabel();
        a.pushf();
        a.pop(ax);
        a.or(ax, 0x0100);
        a.push(ax);
        a.popf();                               // TF=1 from here: no trap after POPF itself
        a.mov(bx, 1);
        a.Label(ref i2);
        a.inc(bx);
        a.Label(ref i3);
        a.inc(bx);
        a.Label(ref i4);
        a.inc(bx);
        a.Label(ref i5);
        a.inc(bx);
        a.hlt();
        // INT 1: log the return IP in the table at [32h], count in [30h]; the fourth clears TF in the image.
        a.Label(ref handler);
        a.push(bp);
        a.mov(bp, sp);
        a.push(ax);
        a.push(si);
        a.mov(si, __word_ptr[0x30]);
        a.shl(si, 1);
        a.mov(ax, __word_ptr[bp + 2]);
        a.mov(__word_ptr[si + 0x32], ax);
        a.inc(__word_ptr[0x30]);
        a.cmp(__word_ptr[0x30], 4);
        a.jb(done);
        a.and(__word_ptr[bp + 6], 0xFEFF);
        a.Label(ref done);
        a.pop(si);
        a.pop(ax);
        a.pop(bp);
        a.iret();
        Assembled program = m.Load(a);
        m.SetVector(1, TestMachine.CodeSegment, program.Ip(handler));
        m.Start();

        m.RunToHalt(10_000);

        Assert.Equal(4, m.Data16(0x30));
        Assert.Equal(
            new[] { program.Ip(i2), program.Ip(i3), program.Ip(i4), program.Ip(i5) },
            new[] { m.Data16(0x32), m.Data16(0x34), m.Data16(0x36), m.Data16(0x38) });
        Assert.Equal(5, m.State.BX);
        Assert.Equal(0, m.State.Flags & (ushort)CpuFlags.TF);
    }

    public enum ShadowCase { MovSs, PopSs, MovBxForComparison }

    [Theory]
    [InlineData(ShadowCase.MovSs)]
    [InlineData(ShadowCase.PopSs)]
    [InlineData(ShadowCase.MovBxForComparison)]
    public void Interrupt_is_not_taken_right_after_a_load_of_SS(ShadowCase form)
    {
        using var m = new TestMachine(Engine);
        var a = new Assembler(16);
        Label next = a.CreateLabel(), after = a.CreateLabel(), handler = a.CreateLabel();
        a.sti();
        a.mov(ax, TestMachine.StackSegment);
        int budget = 3;
        switch (form)
        {
            case ShadowCase.MovSs: a.mov(ss, ax); break;
            case ShadowCase.PopSs: a.push(ax); a.pop(ss); budget = 4; break;
            case ShadowCase.MovBxForComparison: a.mov(bx, ax); break;
        }
        a.Label(ref next);
        a.mov(sp, TestMachine.StackTop - 0x10);
        a.Label(ref after);
        a.nop();
        a.hlt();
        a.Label(ref handler);
        a.push(bp);
        a.mov(bp, sp);
        a.mov(ax, __word_ptr[bp + 2]);
        a.mov(__word_ptr[0x40], ax);            // the IP the interrupt returns to
        a.pop(bp);
        a.iret();
        Assembled program = m.Load(a);
        m.SetVector(0x42, TestMachine.CodeSegment, program.Ip(handler));
        m.Start();
        Assert.Equal(ExitReason.BudgetSpent, m.Cpu.Run(budget).Reason);
        Assert.Equal(program.Ip(next), m.State.IP);

        m.Cpu.InjectInterrupt(0x42);
        m.RunToHalt(1000);

        // After a load of SS the next instruction (normally the SP load) still runs before the interrupt.
        ushort expected = form == ShadowCase.MovBxForComparison ? program.Ip(next) : program.Ip(after);
        Assert.Equal(expected, m.Data16(0x40));
    }

    [Fact]
    public void Hlt_with_IF_set_exits_waits_and_resumes_on_an_injected_interrupt()
    {
        using var m = new TestMachine(Engine);
        var a = new Assembler(16);
        Label resumed = a.CreateLabel(), handler = a.CreateLabel();
        a.sti();
        a.hlt();
        a.Label(ref resumed);
        a.mov(ax, 0x7777);
        a.cli();
        a.hlt();
        a.Label(ref handler);
        a.inc(__word_ptr[0x50]);
        a.iret();
        Assembled program = m.Load(a);
        m.SetVector(0x43, TestMachine.CodeSegment, program.Ip(handler));
        m.Start();

        m.RunToHalt(100);
        Assert.True(m.State.Halted, "the CPU should report that it waits at HLT");
        Assert.Equal(program.Ip(resumed), m.State.IP);

        m.RunToHalt(100);                       // nothing pending: it keeps waiting
        Assert.Equal(program.Ip(resumed), m.State.IP);
        Assert.Equal(0, m.Data16(0x50));
        Assert.NotEqual(0x7777, m.State.AX);

        m.Cpu.InjectInterrupt(0x43);
        m.RunToHalt(100);

        Assert.Equal(1, m.Data16(0x50));
        Assert.Equal(0x7777, m.State.AX);
        Assert.Equal(program.Ip(handler), m.State.IP); // just after the second HLT, where the handler starts
    }

    [Fact]
    public void Hlt_with_IF_set_idles_until_the_budget_ends_when_not_asked_to_exit_on_halt()
    {
        using var m = new TestMachine(Engine);
        m.Cpu.ExitOnHalt = false;
        var a = new Assembler(16);
        Label resumed = a.CreateLabel(), handler = a.CreateLabel();
        a.sti();
        a.hlt();
        a.Label(ref resumed);
        a.mov(ax, 0x7777);
        a.cli();
        a.hlt();                                // HLT with IF=0 always exits
        a.Label(ref handler);
        a.inc(__word_ptr[0x50]);
        a.iret();
        Assembled program = m.Load(a);
        m.SetVector(0x43, TestMachine.CodeSegment, program.Ip(handler));
        m.Start();

        RunResult idle = m.Cpu.Run(1000);
        Assert.Equal(ExitReason.BudgetSpent, idle.Reason);
        Assert.True(m.State.Halted, "the CPU should still wait at HLT");
        Assert.Equal(program.Ip(resumed), m.State.IP);

        m.Cpu.InjectInterrupt(0x43);
        m.RunToHalt(1000);

        Assert.Equal(1, m.Data16(0x50));
        Assert.Equal(0x7777, m.State.AX);
    }
}

/// <summary>InterruptTests on the interpreter.</summary>
public sealed class InterruptTestsOnInterp() : InterruptTests(EngineKind.Interp);

/// <summary>InterruptTests on the translator, every region compiled at once.</summary>
public sealed class InterruptTestsOnJit() : InterruptTests(EngineKind.Jit);
