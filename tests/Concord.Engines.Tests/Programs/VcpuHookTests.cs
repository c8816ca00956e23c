using Concord.Core.Cpu;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Engines.Tests.Programs;

/// <summary>The monitor's hooks into a vCPU: watched vectors, stubs, budgets and state transfer.</summary>
public abstract class VcpuHookTests(EngineKind engine) : IEngineConformance
{
    public EngineKind Engine { get; } = engine;

    private static (Assembled Program, Label After, Label Handler) LoadInt21Program(TestMachine m)
    {
        var a = new Assembler(16);
        Label after = a.CreateLabel(), handler = a.CreateLabel();
        a.mov(ax, 0x1111);
        a.@int(0x21);
        a.Label(ref after);
        a.mov(bx, ax);
        a.hlt();
        a.Label(ref handler);
        a.mov(ax, 0x2222);
        a.iret();
        Assembled program = m.Load(a);
        m.SetVector(0x21, TestMachine.CodeSegment, program.Ip(handler));
        m.Start();
        return (program, after, handler);
    }

    [Fact]
    public void Watched_vector_exits_before_the_interrupt_with_IP_after_the_int()
    {
        using var m = new TestMachine(Engine);
        (Assembled program, Label after, _) = LoadInt21Program(m);
        m.Cpu.WatchVector(0x21, true);

        RunResult result = m.Cpu.Run(1000);

        Assert.Equal(ExitReason.WatchedInterrupt, result.Reason);
        Assert.Equal(ExitReason.WatchedInterrupt, m.Cpu.LastExit.Reason);
        Assert.Equal(0x21, m.Cpu.LastExit.Vector);
        CpuState s = m.State;
        Assert.Equal(program.Ip(after), s.IP);
        Assert.Equal(TestMachine.CodeSegment, s.CS);
        Assert.Equal(TestMachine.StackTop, s.SP);  // nothing pushed yet
        Assert.Equal(0x1111, s.AX);
    }

    [Fact]
    public void Deliver_interrupt_after_a_watched_exit_enters_the_handler_from_the_interrupt_table()
    {
        using var m = new TestMachine(Engine);
        (Assembled program, Label after, Label handler) = LoadInt21Program(m);
        m.Cpu.WatchVector(0x21, true);
        Assert.Equal(ExitReason.WatchedInterrupt, m.Cpu.Run(1000).Reason);

        m.Cpu.DeliverInterrupt(0x21);

        CpuState entered = m.State;
        Assert.Equal(TestMachine.CodeSegment, entered.CS);
        Assert.Equal(program.Ip(handler), entered.IP);
        Assert.Equal(TestMachine.StackTop - 6, entered.SP);
        Assert.Equal(program.Ip(after), m.Stack16(TestMachine.StackTop - 6));
        Assert.Equal(TestMachine.CodeSegment, m.Stack16(TestMachine.StackTop - 4));
        m.RunToHalt(1000);
        Assert.Equal(0x2222, m.State.BX);        // the handler ran and returned after the INT
        Assert.Equal(TestMachine.StackTop, m.State.SP);
    }

    [Fact]
    public void Unwatched_vector_goes_through_the_interrupt_table_without_an_exit()
    {
        using var m = new TestMachine(Engine);
        LoadInt21Program(m);
        m.Cpu.WatchVector(0x21, true);
        m.Cpu.WatchVector(0x21, false);

        m.RunToHalt(1000);

        Assert.Equal(0x2222, m.State.BX);
    }

    [Fact]
    public void Hlt_at_a_stub_address_exits_with_stub_hit_and_the_address()
    {
        const ushort stubSegment = 0xF000, stubOffset = 0x0100;
        uint stub = TestMachine.Physical(stubSegment, stubOffset);
        using var m = new TestMachine(Engine);
        m.Write8(stubSegment, stubOffset, 0xF4); // HLT
        var a = new Assembler(16);
        a.call(stubSegment, stubOffset);
        a.hlt();
        m.Load(a);
        m.Start();
        m.Cpu.AddStub(stub);

        RunResult result = m.Cpu.Run(1000);

        Assert.Equal(ExitReason.StubHit, result.Reason);
        Assert.Equal(ExitReason.StubHit, m.Cpu.LastExit.Reason);
        Assert.Equal(stub, m.Cpu.LastExit.Address);
    }

    [Fact]
    public void Removed_stub_is_a_plain_hlt_again()
    {
        const ushort stubSegment = 0xF000, stubOffset = 0x0100;
        uint stub = TestMachine.Physical(stubSegment, stubOffset);
        using var m = new TestMachine(Engine);
        m.Write8(stubSegment, stubOffset, 0xF4);
        var a = new Assembler(16);
        a.call(stubSegment, stubOffset);
        a.hlt();
        m.Load(a);
        m.Start();
        m.Cpu.AddStub(stub);
        m.Cpu.RemoveStub(stub);

        m.RunToHalt(1000);

        Assert.Equal(stubSegment, m.State.CS);
        Assert.Equal(stubOffset + 1, m.State.IP);
    }

    [Fact]
    public void Run_spends_exactly_its_budget_and_stops_between_instructions()
    {
        using var m = new TestMachine(Engine);
        var a = new Assembler(16);
        for (int i = 0; i < 100; i++) a.nop();
        a.hlt();
        m.Load(a);
        m.Start();

        RunResult first = m.Cpu.Run(10);
        Assert.Equal(new RunResult(ExitReason.BudgetSpent, 10), first);
        Assert.Equal(TestMachine.CodeOrigin + 10, m.State.IP);
        Assert.Equal(10, m.Cpu.InstructionCount);

        RunResult second = m.Cpu.Run(25);
        Assert.Equal(new RunResult(ExitReason.BudgetSpent, 25), second);
        Assert.Equal(TestMachine.CodeOrigin + 35, m.State.IP);
        Assert.Equal(35, m.Cpu.InstructionCount);

        RunResult last = m.Cpu.Run(1000);
        Assert.Equal(ExitReason.Halted, last.Reason);
        Assert.Equal(66, last.Executed);         // 65 NOPs and the HLT
        Assert.Equal(TestMachine.CodeOrigin + 101, m.State.IP);
    }

    [Fact]
    public void Rep_iterations_count_against_the_budget_one_each()
    {
        using var m = new TestMachine(Engine);
        var a = new Assembler(16);
        a.mov(cx, 50);
        a.rep.stosb();
        a.hlt();
        m.Load(a);
        m.Start();

        RunResult result = m.Cpu.Run(11);         // MOV and ten iterations

        Assert.Equal(new RunResult(ExitReason.BudgetSpent, 11), result);
        Assert.Equal(40, m.State.CX);
    }

    [Theory]
    [InlineData(CpuModel.I8086, (ushort)0xF8D7)]
    [InlineData(CpuModel.I80286, (ushort)0x08D7)]
    public void State_set_is_the_state_got(CpuModel model, ushort flags)
    {
        using var m = new TestMachine(Engine, model);
        var state = new CpuState
        {
            AX = 0x1111, BX = 0x2222, CX = 0x3333, DX = 0x4444, SP = 0x5554, BP = 0x6666, SI = 0x7777, DI = 0x8888,
            ES = 0x9999, CS = 0xAAAA, SS = 0xBBBB, DS = 0xCCCC, IP = 0xDDDD, Flags = flags,
            IdtLimit = 0x3FF, Msw = model == CpuModel.I80286 ? (ushort)0xFFF0 : (ushort)0,
        };

        m.Cpu.SetState(state);

        CpuState got = m.Cpu.GetState();
        Assert.Equal(state.ToString(), got.ToString());
        if (model == CpuModel.I80286)
        {
            Assert.Equal(state.IdtBase, got.IdtBase);
            Assert.Equal(state.IdtLimit, got.IdtLimit);
            Assert.Equal(state.Msw, got.Msw);
        }
    }

    [Fact]
    public void Registers_set_between_runs_are_the_ones_the_program_sees()
    {
        using var m = new TestMachine(Engine);
        var a = new Assembler(16);
        a.add(ax, bx);
        a.hlt();
        m.Load(a);
        m.Start();
        CpuState s = m.State;
        s.AX = 0x1200;
        s.BX = 0x0034;
        m.Cpu.SetState(s);

        m.RunToHalt(10);

        Assert.Equal(0x1234, m.State.AX);
    }

    [Fact]
    public void Out_to_the_stop_port_ends_the_run_after_the_out()
    {
        using var m = new TestMachine(Engine);
        var a = new Assembler(16);
        Label after = a.CreateLabel();
        a.mov(al, 0x5A);
        a.@out(RecordingPortBus.StopPort, al);
        a.Label(ref after);
        a.mov(al, 0);
        a.hlt();
        Assembled program = m.Load(a);
        m.Start();

        RunResult result = m.Cpu.Run(1000);

        Assert.Equal(ExitReason.StopRequested, result.Reason);
        Assert.Equal(program.Ip(after), m.State.IP);
        Assert.Equal([new PortWrite(RecordingPortBus.StopPort, 0x5A, false)], m.Ports.Writes);
    }
}

/// <summary>VcpuHookTests on the interpreter.</summary>
public sealed class VcpuHookTestsOnInterp() : VcpuHookTests(EngineKind.Interp);

/// <summary>VcpuHookTests on the translator, every region compiled at once.</summary>
public sealed class VcpuHookTestsOnJit() : VcpuHookTests(EngineKind.Jit);
