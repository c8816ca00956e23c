namespace Concord.Core.Cpu;

/// <summary>What every engine needs to know to make a vCPU, whichever engine it is.</summary>
public sealed record VcpuOptions
{
    public CpuModel Model { get; init; } = CpuModel.I8086;

    /// <summary>What an opcode the model does not execute does (see <see cref="InvalidOpcodePolicy"/>).</summary>
    public InvalidOpcodePolicy InvalidOpcode { get; init; } = InvalidOpcodePolicy.Fault;
}
