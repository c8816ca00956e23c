using Concord.Monitor.Clocks;

namespace Concord.Monitor.MachineFiles;

/// <summary>The machine's clock (the <c>[clock]</c> table), checked.</summary>
/// <param name="InstructionsPerSecond">The virtual clock's rate; it divides 10^9, so every instruction takes whole nanoseconds.</param>
public sealed record ClockSpec(ClockKind Kind, long InstructionsPerSecond)
{
    /// <summary>10 million instructions per second, 100 ns each (<see cref="VirtualTime.DefaultNsPerInstruction"/>).</summary>
    public const long DefaultInstructionsPerSecond = 1_000_000_000 / VirtualTime.DefaultNsPerInstruction;

    public static ClockSpec Default { get; } = new(ClockKind.Virtual, DefaultInstructionsPerSecond);

    /// <summary>Virtual time per instruction.</summary>
    public long NsPerInstruction => 1_000_000_000 / InstructionsPerSecond;
}
