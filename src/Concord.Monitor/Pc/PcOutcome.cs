using Concord.Core.Cpu;
using Concord.Monitor.Automation;
using Concord.Monitor.Clocks;
using Concord.Monitor.Machines;
using Concord.Monitor.Vm;
using Concord.Monitor.Profiles;

namespace Concord.Monitor.Pc;

/// <summary>How a <see cref="PcMachine"/> run ended, as a value: guest faults are never exceptions.</summary>
/// <param name="Stop">Why it ended.</param>
/// <param name="ExitStatus">The process exit status (see <see cref="ExitStatuses"/>).</param>
/// <param name="Exit">The vCPU's last exit (where the guest was).</param>
/// <param name="State">The registers when the run ended.</param>
/// <param name="Instructions">Instructions executed in this run (a REP iteration counts as one).</param>
/// <param name="VirtualTimeNs">The machine's time at the end (virtual or real, whichever clock it ran on).</param>
/// <param name="Elapsed">Host time the run took.</param>
/// <param name="CodeBytes">For invalid opcodes and shutdowns: the bytes at CS:IP; empty otherwise.</param>
/// <param name="PendingStep">On a timeout: the step that was waiting (e.g. <c>expect "A:\&gt;"</c>); null otherwise.</param>
/// <param name="StepsCompleted">How many automation steps completed.</param>
public sealed record PcOutcome(
    StopReason Stop,
    int ExitStatus,
    ExitInfo Exit,
    CpuState State,
    long Instructions,
    long VirtualTimeNs,
    TimeSpan Elapsed,
    IReadOnlyList<byte> CodeBytes,
    string? PendingStep,
    int StepsCompleted)
{
    /// <summary>Whether the outcome deserves a line on standard error (not the guest's own exit, a power off or completed steps).</summary>
    public bool IsNoteworthy => Stop is not (StopReason.DebugExit or StopReason.PowerOff or StopReason.StepsCompleted or StopReason.Quit);

    /// <summary>One line saying what happened, where, and which exit status follows.</summary>
    public string Describe() => Stop switch
    {
        StopReason.PowerOff => $"the guest powered the machine off after {Instructions} instructions, {Time} (exit status {ExitStatus})",
        StopReason.StepsCompleted => $"all {StepsCompleted} steps completed after {Instructions} instructions, {Time} (exit status {ExitStatus})",
        StopReason.DebugExit =>
            $"the guest wrote {(ExitStatus >> 1):X2}h to the debug exit port at {Where} after {Instructions} instructions (exit status {ExitStatus})",
        StopReason.Halted =>
            $"the guest halted with interrupts disabled at {Where} after {Instructions} instructions, {Time} (exit status {ExitStatus})",
        StopReason.HaltedForever =>
            $"the guest halted at {Where} waiting for an interrupt that no device will raise, after {Instructions} instructions, {Time} (exit status {ExitStatus})",
        StopReason.InvalidOpcode =>
            $"invalid opcode at {Where} (bytes {Bytes}) after {Instructions} instructions, {Time} (exit status {ExitStatus})",
        StopReason.Shutdown =>
            $"the CPU shut down at {Where} (bytes {Bytes}) after {Instructions} instructions, {Time} (exit status {ExitStatus})",
        StopReason.Timeout =>
            $"timed out after {Elapsed.TotalSeconds:0.###} s of host time ({Time}, {Instructions} instructions)"
            + (PendingStep is null ? "" : $" while waiting for step {StepsCompleted + 1}: {PendingStep}")
            + $"; the guest was at {Where} (exit status {ExitStatus})",
        StopReason.Cancelled => $"cancelled after {Instructions} instructions, {Time}; the guest was at {Where} (exit status {ExitStatus})",
        StopReason.Quit => $"quit after {Instructions} instructions, {Time} (exit status {ExitStatus})",
        _ => $"{Stop} at {Where} (exit status {ExitStatus})",
    };

    private string Time => $"{VirtualTimeNs / 1e9:0.###} s of machine time";

    private string Where => $"{Exit.Cs:X4}:{Exit.Ip:X4}";

    private string Bytes => CodeBytes.Count == 0 ? "none" : string.Join(' ', CodeBytes.Select(b => b.ToString("X2")));
}
