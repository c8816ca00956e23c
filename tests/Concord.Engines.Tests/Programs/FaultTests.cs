using Concord.Core.Cpu;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Engines.Tests.Programs;

/// <summary>Where the 8086 and the 80286 differ on faults: #UD, #DE's pushed IP, offset wrap vs #GP.</summary>
public abstract class FaultTests(EngineKind engine) : IEngineConformance
{
    public EngineKind Engine { get; } = engine;

    /// <summary>
    /// Loads MOV AX,1 then <paramref name="faulting"/> then HLT, and a handler for
    /// <paramref name="vector"/> that notes the pushed IP in [60h] and halts. Returns the IP of the faulting bytes and the IP just after the handler's HLT.
    /// </summary>
    private static (ushort FaultIp, ushort HandlerEndIp) LoadFaultProgram(TestMachine m, byte vector, Action<Assembler> faulting, bool checkFeatures = true)
    {
        var a = new Assembler(16);
        Label fault = a.CreateLabel(), handler = a.CreateLabel(), handlerEnd = a.CreateLabel();
        a.mov(ax, 1);
        a.Label(ref fault);
        faulting(a);
        a.hlt();
        a.Label(ref handler);
        a.mov(bp, sp);
        a.mov(ax, __word_ptr[bp]);
        a.mov(__word_ptr[0x60], ax);
        a.hlt();
        a.Label(ref handlerEnd);
        a.nop();
        Assembled program = m.Load(a, checkFeatures: checkFeatures);
        m.SetVector(vector, TestMachine.CodeSegment, program.Ip(handler));
        m.Start();
        return (program.Ip(fault), program.Ip(handlerEnd));
    }

    public static TheoryData<string, byte[]> InvalidOn286 => new()
    {
        { "0F FF", new byte[] { 0x0F, 0xFF } },
        { "63 C0 (ARPL, protected mode only)", new byte[] { 0x63, 0xC0 } },
        { "26 0F FF (prefix included)", new byte[] { 0x26, 0x0F, 0xFF } },
    };

    [Theory]
    [MemberData(nameof(InvalidOn286))]
    public void Invalid_opcode_on_the_286_raises_int_6_with_IP_at_the_faulting_instruction(string name, byte[] bytes)
    {
        using var m = new TestMachine(Engine, CpuModel.I80286);
        (ushort faultIp, ushort handlerEndIp) = LoadFaultProgram(m, 6, a => a.db(bytes), checkFeatures: false);

        m.RunToHalt(1000);

        Assert.True(faultIp == m.Data16(0x60), $"{name}: pushed IP {m.Data16(0x60):X4}, expected {faultIp:X4}");
        Assert.Equal(handlerEndIp, m.State.IP);  // after the handler's HLT
    }

    [Theory]
    [MemberData(nameof(InvalidOn286))]
    public void Invalid_opcode_under_the_exit_policy_stops_the_vcpu_at_the_instruction(string name, byte[] bytes)
    {
        using var m = new TestMachine(Engine, CpuModel.I80286, InvalidOpcodePolicy.Exit);
        (ushort faultIp, _) = LoadFaultProgram(m, 6, a => a.db(bytes), checkFeatures: false);

        RunResult result = m.Cpu.Run(1000);

        Assert.True(result.Reason == ExitReason.InvalidOpcode, $"{name}: Run ended with {result.Reason}");
        Assert.Equal(ExitReason.InvalidOpcode, m.Cpu.LastExit.Reason);
        Assert.Equal(TestMachine.CodeSegment, m.Cpu.LastExit.Cs);
        Assert.Equal(faultIp, m.Cpu.LastExit.Ip);
        Assert.Equal(0, m.Data16(0x60));          // no INT 6
    }

    [Theory]
    [InlineData(CpuModel.I8086, true)]
    [InlineData(CpuModel.I80286, false)]
    [InlineData(CpuModel.I80386, false)]
    public void Divide_by_zero_pushes_the_next_IP_on_the_8086_and_the_faulting_IP_on_the_286(CpuModel model, bool pushesNext)
    {
        using var m = new TestMachine(Engine, model);
        (ushort faultIp, _) = LoadFaultProgram(m, 0, a =>
        {
            a.mov(bl, 0);
            a.div(bl);
        });
        ushort divIp = (ushort)(faultIp + 2), nextIp = (ushort)(divIp + 2);

        m.RunToHalt(1000);

        Assert.Equal(pushesNext ? nextIp : divIp, m.Data16(0x60));
    }

    [Fact]
    public void Word_read_at_offset_FFFF_raises_int_13_on_the_286()
    {
        using var m = new TestMachine(Engine, CpuModel.I80286);
        m.Write8(TestMachine.DataSegment, 0xFFFF, 0x34);
        m.Write8(TestMachine.DataSegment, 0x0000, 0x12);
        (ushort faultIp, _) = LoadFaultProgram(m, 13, a => a.mov(ax, __word_ptr[0xFFFF]));

        m.RunToHalt(1000);

        Assert.Equal(faultIp, m.Data16(0x60));
    }

    public static TheoryData<string, byte[]> ImulWithItsOperandAtFFFF => new()
    {
        { "69 /r iw: IMUL AX, [FFFF], 1234h", new byte[] { 0x69, 0x06, 0xFF, 0xFF, 0x34, 0x12 } },
        { "6B /r ib: IMUL AX, [FFFF], 5", new byte[] { 0x6B, 0x06, 0xFF, 0xFF, 0x05 } },
        { "26 6B /r ib: IMUL DX, ES:[BX+SI-1], -1", new byte[] { 0x26, 0x6B, 0x50, 0xFF, 0xFF } },
    };

    [Theory]
    [MemberData(nameof(ImulWithItsOperandAtFFFF))]
    public void Imul_with_an_immediate_and_its_memory_word_at_offset_FFFF_raises_int_13_on_the_286(string name, byte[] bytes)
    {
        using var m = new TestMachine(Engine, CpuModel.I80286);
        m.Write8(TestMachine.DataSegment, 0xFFFF, 0x34);
        m.Write8(TestMachine.DataSegment, 0x0000, 0x12);
        (ushort faultIp, _) = LoadFaultProgram(m, 13, a => a.db(bytes), checkFeatures: false);
        CpuState s = m.State;
        s.BX = 0;
        s.SI = 0;
        m.Cpu.SetState(s);

        m.RunToHalt(1000);

        Assert.True(faultIp == m.Data16(0x60), $"{name}: pushed IP {m.Data16(0x60):X4}, expected {faultIp:X4}");
    }

    /// <summary>
    /// Issue 12: the 286 also faults on a word of the instruction itself at CS:FFFFh (the
    /// immediate of IMUL r16, r/m16, imm16 or a displacement), instead of taking its high byte
    /// from CS:0000 as the 8086 does. IP pushed: the instruction's first byte.
    /// </summary>
    [Theory]
    [InlineData(new byte[] { 0x69, 0xC3, 0x34, 0x12 }, 2, CpuModel.I80286)]        // IMUL AX, BX, 1234h: imm16 at FFFF
    [InlineData(new byte[] { 0x6B, 0x87, 0x34, 0x12, 0x05 }, 2, CpuModel.I80286)]  // IMUL AX, [BX+1234h], 5: disp16 at FFFF
    [InlineData(new byte[] { 0xB8, 0x34, 0x12 }, 1, CpuModel.I80286)]              // MOV AX, 1234h: imm16 at FFFF
    [InlineData(new byte[] { 0xB8, 0x34, 0x12 }, 1, CpuModel.I8086)]               // the 8086 takes 12h from CS:0000
    public void A_word_of_the_instruction_at_CS_FFFF_raises_int_13_on_the_286(byte[] bytes, int wordAt, CpuModel model)
    {
        using var m = new TestMachine(Engine, model);
        ushort ip = (ushort)(0x10000 - wordAt - 1);       // the word starts at CS:FFFF
        m.WriteBytes(TestMachine.CodeSegment, ip, bytes.AsSpan(0, wordAt + 1));
        m.WriteBytes(TestMachine.CodeSegment, 0, bytes.AsSpan(wordAt + 1));
        m.Write8(TestMachine.CodeSegment, (ushort)(bytes.Length - wordAt - 1), 0xF4); // HLT after the wrapped bytes
        m.Write8(TestMachine.CodeSegment, 0x0800, 0xF4);                             // the #GP handler: HLT
        m.SetVector(13, TestMachine.CodeSegment, 0x0800);
        m.Start(ip);

        m.RunToHalt(10);

        CpuState s = m.State;
        if (model == CpuModel.I80286)
        {
            Assert.True(s.IP == 0x0801, $"expected the #GP handler's HLT (IP 0801), but the CPU stopped at {s.IP:X4}");
            Assert.Equal(ip, m.Stack16(TestMachine.StackTop - 6)); // the pushed IP is the instruction's
        }
        else
        {
            Assert.Equal(0x1234, s.AX);
            Assert.Equal(0x0002, s.IP); // after the HLT that follows the wrapped byte
        }
    }

    [Fact]
    public void Word_read_at_offset_FFFF_wraps_within_the_segment_on_the_8086()
    {
        using var m = new TestMachine(Engine, CpuModel.I8086);
        m.Write8(TestMachine.DataSegment, 0xFFFF, 0x34);
        m.Write8(TestMachine.DataSegment, 0x0000, 0x12);
        m.Write8(TestMachine.DataSegment + 0x1000, 0x0000, 0x99); // the byte past the segment, not to be read
        (ushort faultIp, _) = LoadFaultProgram(m, 13, a => a.mov(ax, __word_ptr[0xFFFF]));

        m.RunToHalt(1000);

        Assert.Equal(0x1234, m.State.AX);
        Assert.Equal(faultIp + 4, m.State.IP);     // the HLT after MOV AX,[FFFF] ran
        Assert.Equal(0, m.Data16(0x60));
    }
}

/// <summary>FaultTests on the interpreter.</summary>
public sealed class FaultTestsOnInterp() : FaultTests(EngineKind.Interp);

/// <summary>FaultTests on the translator, every region compiled at once.</summary>
public sealed class FaultTestsOnJit() : FaultTests(EngineKind.Jit);
