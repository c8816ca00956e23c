using Concord.Core.Cpu;

namespace Concord.Monitor.Machines;

/// <summary>How a <see cref="Machine.Run"/> ended, as a value (guest faults are never exceptions).</summary>
/// <param name="Stop">Why it ended (the statuses of <see cref="ExitStatuses"/>).</param>
/// <param name="Vm">The VM the end concerns (the one that faulted or wrote the debug exit port, or the last to power off; on a one-VM machine, always that VM); null when none does.</param>
/// <param name="Exit">Where that VM was: the exit of its vCPU for a fault, a halt or the debug exit port, else its CS:IP at the end; default when <paramref name="Vm"/> is null.</param>
/// <param name="Instructions">Instructions executed in this run, all VMs together.</param>
/// <param name="VirtualTimeNs">The machine's (shared) time at the end.</param>
/// <param name="CodeBytes">For invalid opcodes and shutdowns: the bytes at CS:IP; empty otherwise.</param>
/// <param name="PendingStep">On a timeout: the step that was waiting.</param>
/// <param name="Solo">The machine has one VM (<c>run --floppy</c>): messages speak of "the guest".</param>
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
    int StepsCompleted,
    bool Solo = false)
{
    /// <summary>Whether the outcome deserves a line on standard error (not the guest's own exit, a power off, completed steps or quit).</summary>
    public bool IsNoteworthy =>
        ExitStatus == ExitStatuses.StepUnmet || Stop is not (StopReason.DebugExit or StopReason.PowerOff or StopReason.StepsCompleted or StopReason.Finished or StopReason.Quit);

    /// <summary>One line saying what happened, where, and which exit status follows.</summary>
    public string Describe()
    {
        string line = Solo ? DescribeSolo() : DescribeMachine();
        if (ExitStatus != ExitStatuses.StepUnmet) return line;
        int status = line.LastIndexOf(" (exit status", StringComparison.Ordinal);
        return $"{line[..status]}, before step {StepsCompleted + 1} was met: {PendingStep}{line[status..]}";
    }

    private string DescribeMachine() => Stop switch
    {
        StopReason.PowerOff => $"every VM asked for power off; the machine's power was cut after {Instructions} instructions, {Time} (exit status {ExitStatus})",
        StopReason.StepsCompleted => $"all {StepsCompleted} steps completed after {Instructions} instructions, {Time} (exit status {ExitStatus})",
        StopReason.Finished => $"done after {Instructions} instructions, {Time} (exit status {ExitStatus})",
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

    private string DescribeSolo() => Stop switch
    {
        StopReason.PowerOff => $"the guest powered the machine off after {Instructions} instructions, {Time} (exit status {ExitStatus})",
        StopReason.StepsCompleted => $"all {StepsCompleted} steps completed after {Instructions} instructions, {Time} (exit status {ExitStatus})",
        StopReason.Finished => $"done after {Instructions} instructions, {Time} (exit status {ExitStatus})",
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
