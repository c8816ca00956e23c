using Concord.Core.Cpu;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Engines.Tests.Programs;

/// <summary>
/// Issue 12: the 80286 in real mode checks each interrupt against the interrupt table's limit
/// (LIDT). A vector beyond it raises exception 8 ("interrupt table limit too small", 80286
/// manual table 2-4) with the address of the instruction that caused it; when vector 8 lies beyond
/// the limit as well, the CPU shuts down (a PC resets; Concord reports <see cref="ExitReason.Shutdown"/>).
/// </summary>
public abstract class InterruptTableLimitTests(EngineKind engine) : IEngineConformance
{
    public EngineKind Engine { get; } = engine;

    /// <summary>
    /// LIDT with <paramref name="limit"/> (base 0), then <paramref name="body"/>, then HLT. Handlers
    /// for vectors 8 and 21h note the IP pushed into [60h] and [62h] and halt. Returns the IP of
    /// the body's first instruction.
    /// </summary>
    private static ushort Load(TestMachine m, ushort limit, Action<Assembler> body)
    {
        m.Write16(TestMachine.DataSegment, 0x40, limit);
        m.Write16(TestMachine.DataSegment, 0x42, 0);
        m.Write16(TestMachine.DataSegment, 0x44, 0);
        var a = new Assembler(16);
        Label start = a.CreateLabel(), vector8 = a.CreateLabel(), vector21 = a.CreateLabel();
        a.lidt(__[0x40]);
        a.Label(ref start);
        body(a);
        a.hlt();
        a.Label(ref vector8);
        a.mov(bp, sp);
        a.mov(bx, __word_ptr[bp]);
        a.mov(__word_ptr[0x60], bx);
        a.hlt();
        a.Label(ref vector21);
        a.mov(bp, sp);
        a.mov(bx, __word_ptr[bp]);
        a.mov(__word_ptr[0x62], bx);
        a.hlt();
        Assembled program = m.Load(a);
        m.SetVector(8, TestMachine.CodeSegment, program.Ip(vector8));
        m.SetVector(0x21, TestMachine.CodeSegment, program.Ip(vector21));
        m.Start();
        return program.Ip(start);
    }

    [Fact]
    public void Int_beyond_the_limit_raises_exception_8_with_the_address_of_the_int()
    {
        using var m = new TestMachine(Engine, CpuModel.I80286);
        ushort intIp = Load(m, 0x3F, a => a.@int(0x21)); // vectors 0-15 only

        m.RunToHalt(100);

        Assert.True(m.Data16(0x60) == intIp, $"exception 8 should have pushed IP {intIp:X4}, [60h] = {m.Data16(0x60):X4}");
        Assert.Equal(0, m.Data16(0x62));                 // the INT 21h handler never ran
        Assert.Equal(TestMachine.StackTop - 6, m.State.SP);
    }

    [Fact]
    public void Int_within_the_limit_goes_through_the_table()
    {
        using var m = new TestMachine(Engine, CpuModel.I80286);
        ushort intIp = Load(m, 0x87, a => a.@int(0x21)); // the last byte of vector 21h's entry

        m.RunToHalt(100);

        Assert.Equal(intIp + 2, m.Data16(0x62));
        Assert.Equal(0, m.Data16(0x60));
    }

    [Fact]
    public void External_interrupt_beyond_the_limit_raises_exception_8_returning_to_the_next_instruction()
    {
        using var m = new TestMachine(Engine, CpuModel.I80286);
        Load(m, 0x3F, a =>
        {
            a.sti();
            a.nop();
            a.nop();
        });
        Assert.Equal(ExitReason.BudgetSpent, m.Cpu.Run(3).Reason); // LIDT, STI, first NOP
        ushort next = m.State.IP;
        m.Cpu.InjectInterrupt(0x21);

        m.RunToHalt(100);

        Assert.Equal(next, m.Data16(0x60));
        Assert.Equal(0, m.Data16(0x62));
    }

    [Theory]
    [InlineData((ushort)0x0000)]
    [InlineData((ushort)0x0022)] // vector 8's entry is 20h-23h: one byte short
    public void Int_beyond_the_limit_with_vector_8_beyond_it_too_shuts_the_cpu_down(ushort limit)
    {
        using var m = new TestMachine(Engine, CpuModel.I80286);
        ushort intIp = Load(m, limit, a => a.@int(0x21));

        RunResult result = m.Cpu.Run(100);

        Assert.Equal(ExitReason.Shutdown, result.Reason);
        Assert.Equal(2, result.Executed);                // LIDT and the INT that could not be delivered
        Assert.Equal(intIp, m.Cpu.LastExit.Ip);
        Assert.Equal(TestMachine.StackTop, m.State.SP);  // nothing was pushed
        Assert.Equal(0, m.Data16(0x60));
    }

    [Fact]
    public void Fault_beyond_the_limit_with_vector_8_beyond_it_too_shuts_the_cpu_down()
    {
        using var m = new TestMachine(Engine, CpuModel.I80286);
        ushort faultIp = Load(m, 0x1F, a => a.mov(ax, __word_ptr[0xFFFF])); // #GP (13) beyond, 8 beyond

        RunResult result = m.Cpu.Run(100);

        Assert.Equal(ExitReason.Shutdown, result.Reason);
        Assert.Equal(faultIp, m.Cpu.LastExit.Ip);
    }

    [Fact]
    public void External_interrupt_with_vector_8_beyond_the_limit_shuts_the_cpu_down_before_the_next_instruction()
    {
        using var m = new TestMachine(Engine, CpuModel.I80286);
        Load(m, 0x1F, a =>
        {
            a.sti();
            a.inc(cx);
            a.inc(cx);
        });
        Assert.Equal(ExitReason.BudgetSpent, m.Cpu.Run(3).Reason); // LIDT, STI, the first INC
        m.Cpu.InjectInterrupt(0x21);

        RunResult result = m.Cpu.Run(100);

        Assert.Equal(ExitReason.Shutdown, result.Reason);
        Assert.Equal(0, result.Executed);
        Assert.Equal(1, m.State.CX);                     // the second INC never ran
    }
}

public sealed class InterruptTableLimitTestsOnInterp() : InterruptTableLimitTests(EngineKind.Interp);

/// <summary>On the translating engine.</summary>
public sealed class InterruptTableLimitTestsOnJit() : InterruptTableLimitTests(EngineKind.Jit);
