using Concord.Core.Cpu;

namespace Concord.Engines.Interpreter;

/// <summary>Settings of one interpreter vCPU.</summary>
public sealed record InterpreterOptions
{
    public CpuModel Model { get; init; } = CpuModel.I8086;

    /// <summary>What an opcode the model does not execute does (see <see cref="Core.Cpu.InvalidOpcodePolicy"/>).</summary>
    public InvalidOpcodePolicy InvalidOpcode { get; init; } = InvalidOpcodePolicy.Fault;
}
