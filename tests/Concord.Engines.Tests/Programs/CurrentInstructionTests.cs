using Concord.Core.Cpu;
using Concord.Core.Io;
using Concord.Core.Memory;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Engines.Tests.Programs;

/// <summary>The monitor attributes a trapped access to the instruction that made it: <see cref="IVcpu.CurrentInstruction"/>.</summary>
public abstract class CurrentInstructionTests(EngineKind engine) : IEngineConformance
{
    public EngineKind Engine { get; } = engine;

    /// <summary>Records, for every access, the port and the CS:IP the vCPU reports during the callback.</summary>
    private sealed class WhereBus : IPortBus
    {
        public IVcpu? Cpu { get; set; }
        public List<(ushort Port, ushort Cs, ushort Ip)> Seen { get; } = [];

        public byte In8(ushort port) { Record(port); return 0x5A; }
        public ushort In16(ushort port) { Record(port); return 0x5A5A; }
        public void Out8(ushort port, byte value) => Record(port);
        public void Out16(ushort port, ushort value) => Record(port);

        private void Record(ushort port)
        {
            var (cs, ip) = Cpu!.CurrentInstruction;
            Seen.Add((port, cs, ip));
        }
    }

    [Theory]
    [InlineData(CpuModel.I8086)]
    [InlineData(CpuModel.I80286)]
    [InlineData(CpuModel.I80386)]
    public void A_port_callback_sees_the_CS_IP_where_the_IN_or_OUT_starts(CpuModel model)
    {
        using var ram = new MemoryBlock(0x110000);
        using var map = new MemoryMap();
        map.MapRam(0, ram, 0, 0x110000);
        var bus = new WhereBus();
        TestEngines.SkipUnlessTranslated(Engine, model);
        IVcpu cpu = TestEngines.Factory().Create(Engine, new VcpuOptions { Model = model }, map, bus, OpenBus.Instance);
        cpu.ExitOnHalt = true;
        bus.Cpu = cpu;

        var a = new Assembler(16);
        Label outImm = a.CreateLabel(), inDx = a.CreateLabel(), repOuts = a.CreateLabel();
        a.nop();
        a.Label(ref outImm);
        a.@out(0x80, al);                        // E6 80: two bytes
        a.mov(dx, 0x3F4);
        a.Label(ref inDx);
        a.@in(al, dx);                           // EC: one byte
        a.mov(cx, 2);
        a.Label(ref repOuts);
        a.rep.outsb();                           // F3 6E: the prefix is part of the instruction
        a.hlt();
        const ushort cs = 0x1234, origin = 0x0100;
        Assembled program = Assembled.Build(a, origin, model, checkFeatures: model != CpuModel.I8086);
        map.Load(((uint)cs << 4) + origin, program.Bytes);
        CpuState s = CpuState.AfterReset(model);
        s.CS = cs;
        s.IP = origin;
        s.DS = 0x2000;
        s.SS = 0x3000;
        s.SP = 0xFFF0;
        cpu.SetState(s);

        if (model == CpuModel.I8086)
        {
            // OUTS is a 186 instruction: on the 8086 model stop before it.
            cpu.Run(4);
            Assert.Equal([(0x80, cs, program.Ip(outImm)), (0x3F4, cs, program.Ip(inDx))], bus.Seen.Select(x => ((int)x.Port, x.Cs, x.Ip)));
            return;
        }
        Assert.Equal(ExitReason.Halted, cpu.Run(100).Reason);
        Assert.Equal(
            [(0x80, cs, program.Ip(outImm)), (0x3F4, cs, program.Ip(inDx)), (0x3F4, cs, program.Ip(repOuts)), (0x3F4, cs, program.Ip(repOuts))],
            bus.Seen.Select(x => ((int)x.Port, x.Cs, x.Ip)));
        Assert.Equal((cs, (ushort)(program.Ip(repOuts) + 2)), cpu.CurrentInstruction); // after the run: the HLT (F3 6E is two bytes)
    }
}

/// <summary>CurrentInstructionTests on the interpreter.</summary>
public sealed class CurrentInstructionTestsOnInterp() : CurrentInstructionTests(EngineKind.Interp);

/// <summary>CurrentInstructionTests on the translator, every region compiled at once.</summary>
public sealed class CurrentInstructionTestsOnJit() : CurrentInstructionTests(EngineKind.Jit);
