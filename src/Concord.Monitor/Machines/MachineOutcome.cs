using Concord.Core.Cpu;
using Concord.Monitor.Automation;
using Concord.Monitor.Clocks;
using Concord.Monitor.Vm;
using Concord.Monitor.Profiles;
using Concord.Monitor.Pc;

namespace Concord.Monitor.Machines;

/// <summary>How a <see cref="Machine.Run"/> ended, as a value (guest faults are never exceptions).</summary>
/// <param name="Stop">Why it ended (the statuses of <see cref="ExitStatuses"/>).</param>
/// <param name="Vm">The VM the end concerns (the one that faulted or wrote the debug exit port, or the last to power off); null when none does.</param>
/// <param name="Exit">That VM's last exit (where it was); default when <paramref name="Vm"/> is null.</param>
/// <param name="Instructions">Instructions executed in this run, all VMs together.</param>
/// <param name="VirtualTimeNs">The machine's (shared) time at the end.</param>
/// <param name="PendingStep">On a timeout: the step that was waiting.</param>
public sealed record MachineOutcome(
    StopReason Stop,
    int ExitStatus,
    string? Vm,
    ExitInfo Exit,
    long Instructions,
    long VirtualTimeNs,
    TimeSpan Elapsed,
    IReadOnlyList<byte> CodeBytes,
    string? PendingStep,
    int StepsCompleted)
{
    public bool IsNoteworthy => Stop is not (StopReason.DebugExit or StopReason.PowerOff or StopReason.StepsCompleted or StopReason.Quit);

    public string Describe() => Stop switch
    {
        StopReason.PowerOff => $"every VM asked for power off; the machine's power was cut after {Instructions} instructions, {Time} (exit status {ExitStatus})",
        StopReason.StepsCompleted => $"all {StepsCompleted} steps completed after {Instructions} instructions, {Time} (exit status {ExitStatus})",
        StopReason.DebugExit => $"VM {Vm} wrote {(ExitStatus >> 1):X2}h to the debug exit port at {Where} (exit status {ExitStatus})",
        StopReason.Halted => Vm is null
            ? $"every VM has stopped (halted with interrupts off or powered off), {Time} (exit status {ExitStatus})"
            : $"VM {Vm} halted with interrupts off at {Where}, so the step waiting for it cannot complete, {Time} (exit status {ExitStatus})",
        StopReason.HaltedForever => $"every VM waits for an interrupt that no device will raise, {Time} (exit status {ExitStatus})",
        StopReason.InvalidOpcode => $"VM {Vm}: invalid opcode at {Where} (bytes {Bytes}), {Time} (exit status {ExitStatus})",
        StopReason.Shutdown => $"VM {Vm}: the CPU shut down at {Where} (bytes {Bytes}), {Time} (exit status {ExitStatus})",
        StopReason.Timeout => $"timed out after {Elapsed.TotalSeconds:0.###} s of host time ({Time}, {Instructions} instructions)"
            + (PendingStep is null ? "" : $" while waiting for step {StepsCompleted + 1}: {PendingStep}") + $" (exit status {ExitStatus})",
        StopReason.Cancelled => $"cancelled after {Instructions} instructions, {Time}; every VM was asked to power off (exit status {ExitStatus})",
        StopReason.Quit => $"quit after {Instructions} instructions, {Time} (exit status {ExitStatus})",
        _ => $"{Stop} (exit status {ExitStatus})",
    };

    private string Time => $"{VirtualTimeNs / 1e9:0.###} s of machine time";

    private string Where => $"{Exit.Cs:X4}:{Exit.Ip:X4}";

    private string Bytes => CodeBytes.Count == 0 ? "none" : string.Join(' ', CodeBytes.Select(b => b.ToString("X2")));
}
