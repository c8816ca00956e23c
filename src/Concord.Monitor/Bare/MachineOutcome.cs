using Concord.Core.Cpu;

namespace Concord.Monitor.Bare;

/// <summary>How a <see cref="BootSectorMachine"/> run ended, as a value: guest faults are never exceptions.</summary>
/// <param name="Stop">Why it ended.</param>
/// <param name="ExitStatus">The process exit status this outcome maps to (see <see cref="ExitStatuses"/>).</param>
/// <param name="Exit">The vCPU's last exit: where the guest was.</param>
/// <param name="State">The registers when the run ended.</param>
/// <param name="Instructions">Instructions executed (a REP iteration counts as one).</param>
/// <param name="Elapsed">Host time the run took.</param>
/// <param name="CodeBytes">For invalid opcodes and shutdowns: the bytes at CS:IP; empty otherwise.</param>
public sealed record MachineOutcome(
    MachineStop Stop,
    int ExitStatus,
    ExitInfo Exit,
    CpuState State,
    long Instructions,
    TimeSpan Elapsed,
    IReadOnlyList<byte> CodeBytes)
{
    /// <summary>Whether the outcome deserves a line on standard error (everything but the guest's own exit).</summary>
    public bool IsNoteworthy => Stop != MachineStop.DebugExit;

    private bool InterruptsEnabled => (State.Flags & (ushort)CpuFlags.IF) != 0;

    /// <summary>One line saying what happened, where, and which exit status follows.</summary>
    public string Describe() => Stop switch
    {
        MachineStop.DebugExit =>
            $"the guest wrote {(ExitStatus >> 1):X2}h to the debug exit port at {Where} after {Instructions} instructions (exit status {ExitStatus})",
        MachineStop.Halted => InterruptsEnabled
            ? $"the guest halted at {Where} after {Instructions} instructions; this machine has no interrupt sources, so nothing can wake it (exit status {ExitStatus})"
            : $"the guest halted with interrupts disabled at {Where} after {Instructions} instructions (exit status {ExitStatus})",
        MachineStop.InvalidOpcode =>
            $"invalid opcode at {Where} (bytes {Bytes}) after {Instructions} instructions (exit status {ExitStatus})",
        MachineStop.Shutdown =>
            $"the CPU shut down at {Where} (bytes {Bytes}) after {Instructions} instructions (exit status {ExitStatus})",
        MachineStop.Timeout =>
            $"timed out after {Elapsed.TotalSeconds:0.###} s and {Instructions} instructions; the guest was at {Where} (exit status {ExitStatus})",
        MachineStop.Cancelled =>
            $"cancelled after {Instructions} instructions; the guest was at {Where} (exit status {ExitStatus})",
        _ => $"{Stop} at {Where} (exit status {ExitStatus})",
    };

    private string Where => $"{Exit.Cs:X4}:{Exit.Ip:X4}";

    private string Bytes => CodeBytes.Count == 0 ? "none" : string.Join(' ', CodeBytes.Select(b => b.ToString("X2")));
}
