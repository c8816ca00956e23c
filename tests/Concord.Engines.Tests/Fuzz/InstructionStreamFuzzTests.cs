using CsCheck;
using Concord.Core.Cpu;
using Concord.Engines.Tests.Programs;
using Concord.TestSupport;

namespace Concord.Engines.Tests.Fuzz;

/// <summary>
/// Random instruction streams (random bytes as code, random registers) on every engine the factory
/// knows, for the 8086 and the 80286 and both invalid-opcode policies: no host exception, a result
/// that is an exit reason, and, once there is a second engine, the same registers, memory and port
/// writes on each (the first engine is the reference).
/// </summary>
public sealed class InstructionStreamFuzzTests
{
    private const int CodeBytes = 96;
    private const long Budget = 400;

    private sealed record Case(CpuModel Model, InvalidOpcodePolicy Policy, byte[] Code, ushort[] Registers, ushort Flags);

    private static readonly Gen<Case> Cases = Gen.Select(
        Gen.OneOf(CpuModel.I8086, CpuModel.I80286),
        Gen.OneOf(InvalidOpcodePolicy.Fault, InvalidOpcodePolicy.Exit),
        Gen.Byte.Array[CodeBytes],
        Gen.UShort.Array[8],
        Gen.UShort,
        (model, policy, code, registers, flags) => new Case(model, policy, code, registers, flags));

    /// <summary>What one engine did with a case: its exit, registers, a digest of memory, and its port writes.</summary>
    private sealed record Outcome(ExitReason Reason, long Executed, CpuState State, ulong MemoryDigest, string Ports);

    private static Outcome Run(EngineKind engine, Case c)
    {
        using var machine = new TestMachine(engine, c.Model, c.Policy);
        machine.Map.Load(TestMachine.Physical(TestMachine.CodeSegment, TestMachine.CodeOrigin), c.Code);
        CpuState s = machine.Cpu.GetState();
        (s.AX, s.CX, s.DX, s.BX, s.BP, s.SI, s.DI, s.SP) = (c.Registers[0], c.Registers[1], c.Registers[2], c.Registers[3],
            c.Registers[4], c.Registers[5], c.Registers[6], (ushort)(c.Registers[7] | 0x100));
        (s.CS, s.IP, s.DS, s.ES, s.SS) = (TestMachine.CodeSegment, TestMachine.CodeOrigin, TestMachine.DataSegment, TestMachine.DataSegment, TestMachine.StackSegment);
        s.Flags = (ushort)((c.Flags & 0x0FD5) | machine.InitialFlags);
        machine.Cpu.SetState(s);

        RunResult result = machine.Cpu.Run(Budget);

        Assert.True(Enum.IsDefined(result.Reason), $"exit {result.Reason}");
        Assert.InRange(result.Executed, 0, Budget);
        var bytes = new byte[0x100000];
        machine.Map.Read(0, bytes);
        ulong digest = 14695981039346656037;
        foreach (byte b in bytes) digest = (digest ^ b) * 1099511628211;
        return new Outcome(result.Reason, result.Executed, machine.Cpu.GetState(), digest,
            string.Join(' ', machine.Ports.Writes.Select(w => w.ToString())));
    }

    [Fact]
    [Trait("Category", FuzzBudget.Category)]
    public void Random_instruction_streams_raise_no_host_exception_and_agree_on_every_engine()
    {
        Cases.Sample(c =>
        {
            Outcome reference = Run(EngineFactory.Known[0], c);
            foreach (EngineKind other in EngineFactory.Known.Skip(1))
                Assert.Equal(reference, Run(other, c));
        }, time: FuzzBudget.Seconds(3), threads: 1,
        print: c => $"{c.Model} {c.Policy} code {Convert.ToHexString(c.Code)} regs {string.Join(',', c.Registers.Select(r => r.ToString("X4")))} flags {c.Flags:X4}");
    }
}
